"""The count beside "Notifications" in every page's menu, kept in the shared cache (Redis): it
names the reader and changes with what others do, so it is kept per user, 30 s at most, and
forgotten by every change to the user's notifications (`forget_unread_badges`, called by
`services.notifications`). Each signed-in page cost one query for it; now only the first page
after a change does."""

from __future__ import annotations

from typing import cast

from django.core.cache import cache
from django.db import transaction

from messaging.selectors import unread_notification_count
from neighbourhood.accounts.models import User

# How long the menu's count is kept in the shared cache. Each change to a user's notifications
# forgets it after its commit (`forget_unread_badges`); this only bounds the rare count read
# just before a commit and kept just after it. An open tab hears each change live anyway.
UNREAD_BADGE_SECONDS = 30


def unread_badge_key(user_id: int) -> str:
    return f"unread-notifications:{user_id}"


def unread_badge_count(*, user: User) -> int:
    """The count beside "Notifications" in every page's menu: `unread_notification_count`, kept
    in the shared cache, so that a page costs no query for it until the count changes."""
    # The count itself, kept or just counted (a cache that is down gives back what was counted).
    return cast(
        int,
        cache.get_or_set(
            unread_badge_key(user.pk),
            lambda: unread_notification_count(user=user),
            UNREAD_BADGE_SECONDS,
        ),
    )


def forget_unread_badges(user_ids: list[int]) -> None:
    """The menu's kept counts of these users (`unread_badge_count`) are forgotten: at
    once, for what this transaction reads next (it sees its own change), and again after the
    commit, for a page of the same user that counted in between (it saw the count before)."""
    keys = [unread_badge_key(user_id) for user_id in user_ids]
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys), robust=True)
