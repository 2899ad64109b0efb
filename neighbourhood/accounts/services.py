from __future__ import annotations

from django.db import transaction
from django.utils import timezone

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
