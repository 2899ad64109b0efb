"""Consultations: the quartier gives its view and decides together. "Which Saturday for the
street party?" (a date poll), "Should the AMAP add a bread producer?" (majority judgment), or an
open question whose answers coordinators group.

A consultation moves through its phases on the clock (information, debate, vote, results), by
a beat tick that claims each move with a conditional update, as order cycles do.

Who voted and what was voted live apart. A `Participation` says that a member took part (one
per member and consultation, in the database); a `Ballot` says what was chosen and names no one:
no foreign key to a member or to the participation, a random id, no time of its own. A member
finds their ballot again by its `key`, an HMAC of (consultation, member) under a secret derived
from the site's (`exchanges.consultations.secrecy`), computed on each request and stored nowhere
else. A ballot changed is updated in place, so it is counted once.
"""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from exchanges.consultations.storage import documents_storage
from messaging.models import Conversation
from neighbourhood.feed.models import FeedEntry
from neighbourhood.photos.models import Photo
from neighbourhood.quartiers.models import Quartier

QUESTION_MAX_LENGTH = 200
BACKGROUND_MAX_LENGTH = 8000
SUMMARY_MAX_LENGTH = 8000
OPEN_ANSWER_MAX_LENGTH = 2000
MAX_OPTIONS = 20
# Majority judgment's seven grades, stored from 0 (To reject) to 6 (Excellent).
GRADES = 7
# A date poll's answers, as stored in a mark's value.
YES, IF_NEEDED, NO = 2, 1, 0
# The background's addresses, one a line, all together.
LINKS_MAX_LENGTH = 2000
OPTION_LABEL_MAX_LENGTH = 120
DOCUMENT_TITLE_MAX_LENGTH = 120


def new_public_token() -> str:
    return secrets.token_urlsafe(16)


class Consultation(models.Model):
    class Method(models.TextChoices):
        SINGLE = "single", _("A single choice")
        APPROVAL = "approval", _("Several choices (approval)")
        MAJORITY_JUDGMENT = "majority_judgment", _("Majority judgment")
        DATE_POLL = "date_poll", _("A date poll")
        OPEN = "open", _("An open question")

    class Audience(models.TextChoices):
        MEMBERS = "members", _("The quartier's members")
        PUBLIC_LINK = "public_link", _("Everyone with the link (a public survey)")

    class Secrecy(models.TextChoices):
        SECRET = "secret", _("Secret: no one sees who chose what")
        OPEN = "open", _("Open: names are shown with the choices")

    class Status(models.TextChoices):
        # Opened by a member where the quartier allows it: waits for a coordinator.
        PROPOSED = "proposed", _("Waiting for a coordinator")
        APPROVED = "approved", _("Approved")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Phase(models.TextChoices):
        # Before its information date (or before it is approved).
        SCHEDULED = "scheduled", _("Not open yet")
        INFORMATION = "information", _("Information")
        DEBATE = "debate", _("Debate")
        VOTE = "vote", pgettext_lazy("consultation phase", "Vote")
        RESULTS = "results", _("Results")

    quartier = models.ForeignKey(Quartier, on_delete=models.CASCADE, related_name="consultations")
    question = models.CharField(_("question"), max_length=QUESTION_MAX_LENGTH)
    background = models.TextField(
        _("background information"),
        max_length=BACKGROUND_MAX_LENGTH,
        blank=True,
        validators=[MaxLengthValidator(BACKGROUND_MAX_LENGTH)],
    )
    # Addresses to read more, one per line.
    links = models.TextField(_("links"), max_length=LINKS_MAX_LENGTH, blank=True)
    method = models.CharField(_("method"), max_length=17, choices=Method.choices)
    audience = models.CharField(
        _("who may take part"), max_length=11, choices=Audience.choices, default=Audience.MEMBERS
    )
    secrecy = models.CharField(
        _("ballot"), max_length=6, choices=Secrecy.choices, default=Secrecy.SECRET
    )
    # Results shown while the vote is open (otherwise only once it closes).
    results_live = models.BooleanField(_("results shown during the vote"), default=False)
    # The address of a public survey: /consultations/survey/<token>/.
    public_token = models.CharField(max_length=32, unique=True, default=new_public_token)
    status = models.CharField(
        _("status"), max_length=9, choices=Status.choices, default=Status.APPROVED
    )
    phase = models.CharField(
        _("phase"), max_length=11, choices=Phase.choices, default=Phase.SCHEDULED
    )
    # The phases' dates: information from, debate from, vote from, results from (the vote's
    # close).
    information_at = models.DateTimeField(_("information from"))
    debate_at = models.DateTimeField(_("debate from"))
    vote_at = models.DateTimeField(_("vote from"))
    results_at = models.DateTimeField(_("vote closes"))
    phase_moved_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Claimed once by the tick, so that the vote's last day is told once.
    last_day_told_at = models.DateTimeField(null=True, blank=True, editable=False)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consultations_opened"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    # The debate's thread, open from the start.
    conversation = models.ForeignKey(
        Conversation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The debate's summary, written by a coordinator for the report to the mairie.
    summary = models.TextField(
        _("summary of the debate"),
        max_length=SUMMARY_MAX_LENGTH,
        blank=True,
        validators=[MaxLengthValidator(SUMMARY_MAX_LENGTH)],
    )
    created_at = models.DateTimeField(_("opened"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    feed_entries = GenericRelation(FeedEntry)
    photos = GenericRelation(Photo)

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-vote_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(debate_at__gte=F("information_at"))
                & Q(vote_at__gte=F("debate_at"))
                & Q(results_at__gt=F("vote_at")),
                name="consultation_phases_in_order",
            ),
        ]
        indexes = [
            models.Index(fields=["quartier", "status", "phase"], name="consultation_quartier"),
            models.Index(fields=["status", "phase"], name="consultation_clock"),
        ]

    def __str__(self) -> str:
        return self.question

    def get_absolute_url(self) -> str:
        return reverse("consultations:detail", args=[self.pk])

    @property
    def is_secret(self) -> bool:
        return self.secrecy == self.Secrecy.SECRET

    @property
    def vote_is_open(self) -> bool:
        """Ballots are taken in the vote phase, from its date until its close (even if the
        tick that moves it to the results has not run yet)."""
        now = timezone.now()
        return (
            self.status == self.Status.APPROVED
            and self.phase == self.Phase.VOTE
            and self.vote_at <= now < self.results_at
        )


class Option(models.Model):
    """One answer to choose or grade; for a date poll, one date (and time)."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="options")
    label = models.CharField(_("option"), max_length=OPTION_LABEL_MAX_LENGTH)
    date = models.DateField(_("date"), null=True, blank=True)
    time = models.TimeField(_("time"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("option")
        verbose_name_plural = _("options")
        ordering = ["consultation", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "label"], name="one_option_a_label"),
        ]

    def __str__(self) -> str:
        return self.label


class Document(models.Model):
    """A document given as background (a PDF: the bakers' leaflets, the mairie's plan),
    checked by its content when it is uploaded, kept in the private ``documents`` storage."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("title"), max_length=DOCUMENT_TITLE_MAX_LENGTH)
    # Private: read only through the download view, which checks membership.
    file = models.FileField(storage=documents_storage, max_length=100)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["consultation", "created_at", "id"]

    def __str__(self) -> str:
        return self.title


class Via(models.TextChoices):
    """How a member's participation came in. A paper ballot has no participation (it is
    `Ballot.paper`; who entered it is a `PaperEntry`)."""

    SELF = "self", _("Online")
    RELAIS = "relais", _("Through a relais")


class Participation(models.Model):
    """That a member took part, never what they chose."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="participations"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="consultation_participations",
    )
    via = models.CharField(max_length=6, choices=Via.choices, default=Via.SELF)
    # The relais who recorded it, for a neighbour without a computer.
    relais = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    voted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["consultation", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "member"], name="one_participation_a_member"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.consultation}"


class Ballot(models.Model):
    """What was chosen, never who chose it: a random id (ids in order would pair with the
    participations' order), no time, no foreign key to a member or a participation, no column
    in common with a participation but the consultation. ``key`` is
    the HMAC of (consultation, member) for a member's ballot, random for a paper one."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="ballots")
    key = models.CharField(max_length=64, unique=True)
    # Entered by a coordinator from a paper ballot, counted apart. Whether a member's ballot
    # came through a relais is on the participation only: a column shared with it would pair
    # the few ballots of the same way with their voters.
    paper = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")

    def __str__(self) -> str:
        return str(self.id)


class Mark(models.Model):
    """A ballot's mark on one option: 1 for a choice (single, approval); the grade for
    majority judgment, 0 (To reject) to 6 (Excellent); 2 yes, 1 if needed, 0 no for a date."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="marks")
    option = models.ForeignKey(Option, on_delete=models.CASCADE, related_name="marks")
    value = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = _("mark")
        verbose_name_plural = _("marks")
        constraints = [
            models.UniqueConstraint(fields=["ballot", "option"], name="one_mark_an_option"),
            models.CheckConstraint(
                condition=Q(value__gte=0, value__lte=GRADES - 1), name="mark_value_0_to_6"
            ),
        ]
        indexes = [models.Index(fields=["option", "value"], name="mark_tally")]

    def __str__(self) -> str:
        return f"{self.option}: {self.value}"


class OpenAnswer(models.Model):
    """An open question's answer, and the group a coordinator put it in."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.OneToOneField(Ballot, on_delete=models.CASCADE, related_name="answer")
    text = models.TextField(
        _("answer"),
        max_length=OPEN_ANSWER_MAX_LENGTH,
        validators=[MaxLengthValidator(OPEN_ANSWER_MAX_LENGTH)],
    )
    group = models.CharField(_("group"), max_length=80, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self) -> str:
        return self.text[:40]


class PaperEntry(models.Model):
    """That a coordinator entered or removed a paper ballot, and when: the trail of paper
    ballots. Never what the ballot said, never which ballot (no foreign key to it)."""

    class Action(models.TextChoices):
        ENTERED = "entered", _("entered")
        REMOVED = "removed", _("removed")

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="paper_entries"
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = models.CharField(max_length=7, choices=Action.choices)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("paper ballot entry")
        verbose_name_plural = _("paper ballot entries")
        ordering = ["consultation", "at", "id"]

    def __str__(self) -> str:
        return f"{self.coordinator} {self.action} · {self.consultation}"
