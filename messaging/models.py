from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from messaging.kinds import notification_kinds

MESSAGE_MAX_LENGTH = 4000


class Conversation(models.Model):
    """A quartier's room, a thread about a subject of any kind (a swap, later a ride…), or
    direct messages between two people."""

    class Kind(models.TextChoices):
        ROOM = "room", _("Quartier room")
        THREAD = "thread", _("Thread")
        DIRECT = "direct", _("Direct messages")

    kind = models.CharField(_("kind"), max_length=6, choices=Kind.choices, default=Kind.THREAD)
    quartier = models.ForeignKey(
        "quartiers.Quartier",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="conversations",
    )
    # "<smaller user id>:<larger user id>": one direct conversation per pair of people.
    direct_key = models.CharField(max_length=41, null=True, blank=True, unique=True)
    title = models.CharField(_("title"), max_length=200)
    subject_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, null=True, blank=True)
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    created_at = models.DateTimeField(_("started"), default=timezone.now)

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["subject_type", "subject_id"], name="conversation_subject")]
        constraints = [
            models.UniqueConstraint(
                fields=["quartier"], condition=models.Q(kind="room"), name="one_room_per_quartier"
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="room") | models.Q(quartier__isnull=False),
                name="a_room_has_a_quartier",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("messaging:conversation", kwargs={"conversation_id": self.pk})


class Participant(models.Model):
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="participants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="participations"
    )
    joined_at = models.DateTimeField(_("joined"), default=timezone.now)
    last_read_id = models.BigIntegerField(_("last message read"), default=0)
    muted = models.BooleanField(_("muted"), default=False)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["joined_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["conversation", "user"], name="one_participation"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.conversation}"


class Message(models.Model):
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="messages"
    )
    # Who wrote it for the author, when a relais answers for a neighbour: shown to everyone.
    relais = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by the relais"),
    )
    body = models.TextField(
        _("message"),
        max_length=MESSAGE_MAX_LENGTH,
        validators=[MaxLengthValidator(MESSAGE_MAX_LENGTH)],
    )
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True)
    hidden_at = models.DateTimeField(_("hidden"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The id the sender's client gave the message, so that a send repeated after a lost
    # connection stores nothing twice. Older messages and the plain form have none.
    client_id = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["conversation", "id"], name="message_history")]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "client_id"],
                condition=models.Q(client_id__isnull=False),
                name="one_message_per_client_id",
            ),
        ]

    def __str__(self) -> str:
        return self.body[:60]

    @property
    def is_visible(self) -> bool:
        return self.deleted_at is None and self.hidden_at is None


class Report(models.Model):
    """A message shown to the quartier's coordinators because someone found it wrong."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    reason = models.TextField(
        _("why"), max_length=1000, blank=True, validators=[MaxLengthValidator(1000)]
    )
    created_at = models.DateTimeField(_("reported"), default=timezone.now)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["message", "reporter"], name="one_report_each"),
        ]

    def __str__(self) -> str:
        return f"{self.reporter} · {self.message}"


class Block(models.Model):
    """No more direct messages between these two, whoever started."""

    blocker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks"
    )
    blocked = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("blocked"), default=timezone.now)

    class Meta:
        verbose_name = _("block")
        verbose_name_plural = _("blocks")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="one_block_each"),
            models.CheckConstraint(
                condition=~models.Q(blocker=models.F("blocked")), name="no_blocking_oneself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.blocker} ⊘ {self.blocked}"


class Notification(models.Model):
    """Something that concerns one resident, kept until they have seen it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    # One of `messaging.kinds.notification_kinds`, registered by the app that sends it: no
    # choices here, so that a new kind needs no migration.
    kind = models.CharField(_("kind"), max_length=30)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, related_name="+"
    )
    title = models.CharField(_("about"), max_length=200)
    url = models.CharField(max_length=200)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return f"{self.kind_label}: {self.title}"

    @property
    def kind_label(self) -> str:
        return str(notification_kinds.label(self.kind))


class NotificationSetting(models.Model):
    """A resident's choice for one kind of notification: on the site only, or by e-mail too.
    No row means the kind's default (`NotificationKind.by_email`)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings"
    )
    kind = models.CharField(_("kind"), max_length=30)
    by_email = models.BooleanField(_("also by e-mail"))

    class Meta:
        verbose_name = _("notification setting")
        verbose_name_plural = _("notification settings")
        ordering = ["user", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_setting_a_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.kind}"


class DigestPreference(models.Model):
    """How often a resident wants the digest, and when, in their own timezone. No row means
    the default: every week, on Monday at 8:00."""

    class Frequency(models.TextChoices):
        NONE = "none", _("No digest")
        DAILY = "daily", _("Every day")
        WEEKLY = "weekly", _("Every week")

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    DEFAULT_FREQUENCY, DEFAULT_WEEKDAY, DEFAULT_HOUR = Frequency.WEEKLY, Weekday.MONDAY, 8

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_preference"
    )
    frequency = models.CharField(
        _("digest"), max_length=6, choices=Frequency.choices, default=DEFAULT_FREQUENCY
    )
    weekday = models.PositiveSmallIntegerField(
        _("day of the week"), choices=Weekday.choices, default=DEFAULT_WEEKDAY
    )
    hour = models.PositiveSmallIntegerField(_("hour"), default=DEFAULT_HOUR)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("digest preference")
        verbose_name_plural = _("digest preferences")
        ordering = ["user"]
        constraints = [
            models.CheckConstraint(condition=models.Q(weekday__lte=6), name="digest_weekday"),
            models.CheckConstraint(condition=models.Q(hour__lte=23), name="digest_hour"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.frequency}"


class Digest(models.Model):
    """One digest of one user for one period (``daily:2026-11-21``, ``weekly:2026-11-16``).

    The row is the claim: it is created before anything is sent, under a unique constraint, so
    two workers, a retried task or a duplicated beat tick can never both send it. See
    `messaging.digests.sending` for the states and what happens when a worker dies."""

    class Status(models.TextChoices):
        CLAIMED = "claimed", _("Being prepared")
        SENDING = "sending", _("Being handed to the mail server")
        SENT = "sent", _("Sent")
        EMPTY = "empty", _("Nothing new: not sent")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digests"
    )
    period = models.CharField(_("period"), max_length=20)
    status = models.CharField(
        _("status"), max_length=7, choices=Status.choices, default=Status.CLAIMED
    )
    # Which claim is current: a stale claim taken over by another worker gets a new token, and
    # the first worker's conditional update then finds nothing to change.
    claim = models.CharField(max_length=32)
    claimed_at = models.DateTimeField(_("claimed"), default=timezone.now)
    since = models.DateTimeField(_("news since"))
    until = models.DateTimeField(_("news until"), null=True, blank=True)
    items = models.PositiveIntegerField(_("items"), default=0)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("digest")
        verbose_name_plural = _("digests")
        ordering = ["-claimed_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "period"], name="one_digest_a_period"),
        ]
        indexes = [
            models.Index(fields=["user", "-finished_at"], name="digest_latest"),
            models.Index(fields=["status", "claimed_at"], name="digest_status"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.period} · {self.status}"
