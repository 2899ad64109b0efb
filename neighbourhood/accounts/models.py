from __future__ import annotations

import hashlib
import secrets
import zoneinfo
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


def validate_timezone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("“%(value)s” is not a known timezone."), params={"value": value})


class Language(models.TextChoices):
    FRENCH = "fr", _("French")
    ENGLISH = "en", _("English")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **fields: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **fields: Any) -> User:
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create(email, password, **fields)

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> User:
        fields.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **fields)


class User(AbstractUser):
    """A resident. Signs in with their e-mail; the profile lives on the same row."""

    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    # Null for a neighbour whose account a relais opened: they have no address (yet), and NULLs
    # never collide in the unique index. Nobody signs in to such an account until it is taken over.
    email = models.EmailField(  # type: ignore[assignment]
        _("e-mail address"), unique=True, null=True, blank=True
    )
    display_name = models.CharField(_("display name"), max_length=80, blank=True)
    bio = models.TextField(
        _("short bio"), max_length=500, blank=True, validators=[MaxLengthValidator(500)]
    )
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.FRENCH
    )
    timezone = models.CharField(
        _("timezone"), max_length=64, default="Europe/Paris", validators=[validate_timezone]
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.public_name

    def clean(self) -> None:
        super().clean()
        # Django's normalize_email turns "no address" into "", which the unique index would
        # refuse for the second neighbour without one: it stays NULL.
        if not self.email:
            self.email = None

    @property
    def public_name(self) -> str:
        """What other residents see: the name they chose. An account without one (made before
        sign-up asked for it, or by an administrator) shows as a numbered neighbour, never as
        part of its e-mail address, which stays private."""
        if self.display_name:
            return self.display_name
        return gettext("Neighbour no. %(number)s") % {"number": self.pk or "?"}

    @property
    def has_email(self) -> bool:
        """False for a neighbour a relais opened an account for: they get no e-mail at all."""
        return bool(self.email)

    def get_full_name(self) -> str:
        return self.public_name

    def get_short_name(self) -> str:
        return self.public_name


def public_name_of(user: User) -> str:
    """allauth's ``ACCOUNT_USER_DISPLAY``: its pages and mails name a user as neighbours do."""
    return user.public_name


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class PersonalToken(models.Model):
    """A personal API token, sent as ``Authorization: Bearer <token>``.

    Only its SHA-256 is stored: the raw value is shown once, when it is created.
    """

    PREFIX = "vsn_"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="tokens")
    name = models.CharField(_("name"), max_length=80)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    hint = models.CharField(max_length=12, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    @classmethod
    def new_raw_key(cls) -> str:
        return cls.PREFIX + secrets.token_urlsafe(32)
