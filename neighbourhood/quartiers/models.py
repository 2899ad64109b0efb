from __future__ import annotations

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _

from neighbourhood.accounts.models import Language


def validate_timezone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("%(value)s is not a known timezone."), params={"value": value})


class Quartier(models.Model):
    class Policy(models.TextChoices):
        OPEN = "open", _("Open: anyone may join")
        APPROVAL = "approval", _("On approval by a coordinator")

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("short name in addresses"), max_length=60, unique=True)
    description = models.TextField(
        _("description"), max_length=2000, blank=True, validators=[MaxLengthValidator(2000)]
    )
    latitude = models.FloatField(
        _("latitude"), validators=[MinValueValidator(-90), MaxValueValidator(90)]
    )
    longitude = models.FloatField(
        _("longitude"), validators=[MinValueValidator(-180), MaxValueValidator(180)]
    )
    radius_km = models.FloatField(
        _("radius (km)"), default=1.0, validators=[MinValueValidator(0.1), MaxValueValidator(50)]
    )
    policy = models.CharField(
        _("membership"), max_length=10, choices=Policy.choices, default=Policy.OPEN
    )
    # What is printed for the quartier (its sheet) is in this language, whoever prints it.
    language = models.CharField(
        _("language of the quartier"),
        max_length=2,
        choices=Language.choices,
        default=Language.FRENCH,
    )
    # Every local time of the quartier (opening hours, "open now", its gatherings) is read in
    # this timezone, whoever reads it and wherever the server is.
    timezone = models.CharField(
        _("timezone"), max_length=64, default=settings.TIME_ZONE, validators=[validate_timezone]
    )
    # Members may open a consultation, which a coordinator approves (otherwise only
    # coordinators open them).
    members_open_consultations = models.BooleanField(
        _("members may propose consultations"), default=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=now)

    class Meta:
        verbose_name = _("quartier")
        verbose_name_plural = _("quartiers")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["latitude", "longitude"], name="quartier_position")]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__gte=-90, latitude__lte=90)
                & Q(longitude__gte=-180, longitude__lte=180),
                name="quartier_position_on_earth",
            ),
            models.CheckConstraint(
                condition=Q(radius_km__gte=0.1, radius_km__lte=50), name="quartier_radius_in_range"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("quartiers:detail", kwargs={"slug": self.slug})

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        """The quartier's timezone, to read its local times in."""
        return zoneinfo.ZoneInfo(self.timezone)


class Membership(models.Model):
    """One row per (quartier, resident), kept when the membership ends so a ban sticks."""

    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        COORDINATOR = "coordinator", _("Coordinator")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        LEFT = "left", _("Left")
        REMOVED = "removed", _("Removed")
        BANNED = "banned", _("Banned")

    quartier = models.ForeignKey(Quartier, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.MEMBER)
    # A relais (mediator) acts for neighbours far from computers who consented. A flag rather
    # than a third role: a coordinator can be a relais too, and being one changes no other right.
    is_relais = models.BooleanField(_("relais"), default=False)
    relais_since = models.DateTimeField(_("relais since"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.ACTIVE
    )
    joined_at = models.DateTimeField(_("joined"), default=now)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["quartier", "role", "joined_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["quartier", "user"], name="one_membership_per_quartier"
            ),
        ]
        indexes = [models.Index(fields=["user", "status"], name="membership_user_status")]

    def __str__(self) -> str:
        return f"{self.user} · {self.quartier} ({self.get_role_display()})"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def is_coordinator(self) -> bool:
        return self.is_active and self.role == self.Role.COORDINATOR

    @property
    def is_active_relais(self) -> bool:
        return self.is_active and self.is_relais


class JoinRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a decision")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    quartier = models.ForeignKey(Quartier, on_delete=models.CASCADE, related_name="join_requests")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="join_requests"
    )
    message = models.TextField(
        _("message to the coordinators"),
        max_length=1000,
        blank=True,
        validators=[MaxLengthValidator(1000)],
    )
    status = models.CharField(
        _("status"), max_length=9, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("asked"), default=now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("join request")
        verbose_name_plural = _("join requests")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["quartier", "user"],
                condition=Q(status="pending"),
                name="one_pending_join_request",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.quartier} ({self.get_status_display()})"
