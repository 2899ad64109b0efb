from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from neighbourhood.accounts.models import PersonalToken, User, hash_token


def profile_update(
    *, user: User, display_name: str, bio: str, language: str, timezone_name: str
) -> User:
    user.display_name = display_name.strip()
    user.bio = bio.strip()
    user.language = language
    user.timezone = timezone_name
    user.full_clean(exclude=["password", "email"])
    user.save(update_fields=["display_name", "bio", "language", "timezone"])
    return user


def user_set_language(*, user: User, language: str) -> None:
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])


@transaction.atomic
def token_create(*, user: User, name: str) -> tuple[PersonalToken, str]:
    """Returns the token and its raw key, which is never stored and cannot be shown again."""
    raw = PersonalToken.new_raw_key()
    token = PersonalToken.objects.create(
        user=user, name=name.strip(), key_hash=hash_token(raw), hint=raw[:8]
    )
    return token, raw


def token_revoke(*, token: PersonalToken) -> None:
    token.delete()


def token_touch(*, token: PersonalToken) -> None:
    # At most one write a minute per token, so a busy API client does not write on every call.
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        PersonalToken.objects.filter(pk=token.pk).update(last_used_at=now)


@transaction.atomic
def user_erase(*, user: User) -> None:
    """Erases a resident and everything they published: swaps, feed entries, exchanges,
    evaluations, messages, tokens. Refused while they are the last coordinator of a quartier
    that has other members: they hand over first."""
    from neighbourhood.quartiers.models import Membership

    COORDINATOR, ACTIVE = Membership.Role.COORDINATOR, Membership.Status.ACTIVE

    coordinated = (
        Membership.objects.filter(user=user, role=COORDINATOR, status=ACTIVE)
        .annotate(
            coordinators=Count(
                "quartier__memberships",
                filter=Q(
                    quartier__memberships__role=COORDINATOR,
                    quartier__memberships__status=ACTIVE,
                ),
            ),
            members=Count("quartier__memberships", filter=Q(quartier__memberships__status=ACTIVE)),
        )
        .filter(coordinators=1, members__gt=1)
        .select_related("quartier")
    )
    names = [m.quartier.name for m in coordinated]
    if names:
        raise ValidationError(
            _("You are the last coordinator of %(names)s: name another coordinator first.")
            % {"names": ", ".join(names)}
        )
    user.delete()
