"""Neighbours far from computers, the relais who act for them, and the log of what was done.

The design, the rules and what is logged: ``docs/relais.md``.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Neighbour(models.Model):
    """The card of an account a relais opened for someone with no e-mail or no smartphone."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="neighbour_card"
    )
    quartier = models.ForeignKey(
        "quartiers.Quartier", on_delete=models.CASCADE, related_name="neighbour_cards"
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    postal_contact = models.TextField(
        _("postal address or where to leave a note"),
        max_length=300,
        blank=True,
        validators=[MaxLengthValidator(300)],
    )
    created_at = models.DateTimeField(_("opened"), default=timezone.now)
    taken_over_at = models.DateTimeField(_("taken over"), null=True, blank=True)

    class Meta:
        verbose_name = _("neighbour helped by a relais")
        verbose_name_plural = _("neighbours helped by a relais")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(phone="") | ~Q(postal_contact=""), name="neighbour_reachable"
            ),
        ]

    def __str__(self) -> str:
        return str(self.user)


class Consent(models.Model):
    """A neighbour's consent that one relais acts for them in one quartier.

    It counts while it is not ended, the relais holds the role, and it was given since they got
    the role (``Membership.relais_since``). A take-over ends it.
    """

    class Ending(models.TextChoices):
        WITHDRAWN = "withdrawn", _("Withdrawn")
        TAKEN_OVER = "taken_over", _("The neighbour took the account over")

    neighbour = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consents_given"
    )
    relais = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consents_held"
    )
    quartier = models.ForeignKey(
        "quartiers.Quartier", on_delete=models.CASCADE, related_name="consents"
    )
    how = models.CharField(_("how the consent was given"), max_length=200)
    given_at = models.DateTimeField(_("given"), default=timezone.now)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    ending = models.CharField(_("why it ended"), max_length=10, choices=Ending.choices, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["neighbour", "relais", "quartier"],
                condition=Q(ended_at__isnull=True),
                name="one_running_consent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.neighbour} → {self.relais} ({self.quartier})"


class ProxyAction(models.Model):
    """One thing a relais did for a neighbour: read by the neighbour and the coordinators."""

    class Verb(models.TextChoices):
        ACCOUNT_OPENED = "account_opened", _("opened the account")
        CONSENT_RECORDED = "consent_recorded", _("recorded the consent")
        SWAP_POSTED = "swap_posted", _("posted a swap")
        RIDE_OFFERED = "ride_offered", _("offered a ride")
        RIDE_ASKED = "ride_asked", _("asked for a ride")
        SEAT_REQUESTED = "seat_requested", _("asked for a seat")
        ORDER_PLACED = "order_placed", _("placed a farm order")
        HELP_ASKED = "help_asked", _("published a coup de main")
        HELP_OFFERED = "help_offered", _("offered a hand")
        MESSAGE_SENT = "message_sent", _("wrote a message")
        TAKEOVER_CODE = "takeover_code", _("made a take-over code")
        ITEM_PUBLISHED = "item_published", _("offered an object")
        LOAN_ASKED = "loan_asked", _("asked to borrow an object")
        GIFT_ASKED = "gift_asked", _("asked for an object given away")
        HELP_EDITED = "help_edited", _("changed a coup de main")
        HELP_CANCELLED = "help_cancelled", _("cancelled a coup de main")
        HELP_DONE = "help_done", _("said a coup de main is done")
        HELP_CHOSEN = "help_chosen", _("chose a helper")
        HELP_DECLINED = "help_declined", _("declined an offer of help")
        HELP_WITHDRAWN = "help_withdrawn", _("withdrew an offer of help")
        HELP_THANKED = "help_thanked", _("said thanks for a coup de main")
        PHOTO_ADDED = "photo_added", _("added a photo")
        PHOTO_REMOVED = "photo_removed", _("removed a photo")
        ITEM_EDITED = "item_edited", _("changed an object")
        ITEM_PAUSED = "item_paused", _("paused an object")
        ITEM_OFFERED_AGAIN = "item_offered_again", _("offered an object again")
        ITEM_WITHDRAWN = "item_withdrawn", _("withdrew an object")
        LOAN_ACCEPTED = "loan_accepted", _("accepted a loan")
        LOAN_DECLINED = "loan_declined", _("declined a loan")
        LOAN_CANCELLED = "loan_cancelled", _("called off a loan")
        LOAN_HANDED_OVER = "loan_handed_over", _("confirmed a loan was handed over")
        LOAN_RETURNED = "loan_returned", _("confirmed a loan was returned")
        GIFT_RESERVED = "gift_reserved", _("reserved an object given away")
        GIFT_COLLECTED = "gift_collected", _("confirmed a gift was collected")
        GIFT_CANCELLED = "gift_cancelled", _("called off a gift")
        EVENT_PUBLISHED = "event_published", _("published a gathering")
        EVENT_EDITED = "event_edited", _("changed a gathering")
        EVENT_CANCELLED = "event_cancelled", _("cancelled a gathering")
        EVENT_REGISTERED = "event_registered", _("registered for a gathering")
        EVENT_UNREGISTERED = "event_unregistered", _("cancelled a registration for a gathering")

        PLACE_SUGGESTED = "place_suggested", _("suggested a place")
        BALLOT_CAST = "ballot_cast", _("voted in a consultation")
        CONTRACT_SUBSCRIBED = "contract_subscribed", _("subscribed to an AMAP contract")
        ABSENCE_MARKED = "absence_marked", _("marked an absence from the AMAP")
        BASKET_TAKEN = "basket_taken", _("took a basket offered")

    relais = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Kept as it was: the log still says who acted once that account is erased.
    relais_name = models.CharField(max_length=80)
    neighbour = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="proxy_actions"
    )
    quartier = models.ForeignKey(
        "quartiers.Quartier", on_delete=models.CASCADE, related_name="proxy_actions"
    )
    verb = models.CharField(_("what"), max_length=20, choices=Verb.choices)
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, null=True, blank=True)
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    summary = models.CharField(_("about"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("action for a neighbour")
        verbose_name_plural = _("actions for a neighbour")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["neighbour", "-created_at"], name="proxy_by_neighbour"),
            models.Index(fields=["quartier", "-created_at"], name="proxy_by_quartier"),
            models.Index(fields=["target_type", "target_id"], name="proxy_by_target"),
        ]

    def __str__(self) -> str:
        return f"{self.relais_name} → {self.neighbour}: {self.verb}"


class TakeoverCode(models.Model):
    """A one-time code that lets a neighbour take their account over. Only its hash is kept."""

    neighbour = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="takeover_codes"
    )
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    code_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("take-over code")
        verbose_name_plural = _("take-over codes")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.neighbour} ({self.created_at:%Y-%m-%d})"
