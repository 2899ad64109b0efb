"""Sends the digests that are due now, with the same code as the hourly Celery task.

manage.py send_digests                        # send what is due (chunk after chunk)
manage.py send_digests --dry-run              # who would receive what; nothing sent
manage.py send_digests --user alice --dry-run # the digest alice would receive now
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q
from django.utils import timezone

from messaging.digests.mails import message_for
from messaging.digests.schedule import due_user_ids, is_due, plan_for
from messaging.digests.sending import (
    Preview,
    chunks,
    digests_preview,
    digests_send,
    preview_of,
    uncertain,
)
from neighbourhood.accounts.models import User


class Command(BaseCommand):
    help = "Sends the digests due now; --dry-run shows who would receive what."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Show the digests; send and record nothing."
        )
        parser.add_argument(
            "--user", help="Only this resident: an e-mail address, or a name (alice)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        if options["user"]:
            self._one(_find(options["user"]), dry_run=options["dry_run"], now=now)
            return
        due = due_user_ids(now)
        if options["dry_run"]:
            for chunk in chunks(due, settings.DIGEST_CHUNK_SIZE):
                for preview in digests_preview(user_ids=chunk, now=now):
                    self.stdout.write(_line(preview))
            self.stdout.write(f"{len(due)} residents due; nothing sent (dry run).")
            return
        sent = empty = failed = 0
        for chunk in chunks(due, settings.DIGEST_CHUNK_SIZE):
            outcome = digests_send(user_ids=chunk, now=now)
            sent, empty = sent + len(outcome.sent), empty + len(outcome.empty)
            failed += len(outcome.failed)
        self.stdout.write(f"{sent} digests sent, {empty} with nothing new, {failed} refused.")
        for row in uncertain(now=now):
            self.stdout.write(
                f"Uncertain: {row.user.email} {row.period} (the worker died while sending)."
            )

    def _one(self, user: User, *, dry_run: bool, now: Any) -> None:
        plan = plan_for(user, now)
        if plan is None:
            self.stdout.write(f"{user.email} has chosen no digest.")
            return
        if not dry_run:
            if not is_due(user, plan, now):
                raise CommandError(f"The digest of {user.email} is not due ({plan.period}).")
            outcome = digests_send(user_ids=[user.pk], now=now)
            self.stdout.write(
                f"{user.email}: sent {len(outcome.sent)}, nothing new {len(outcome.empty)}, "
                f"refused {len(outcome.failed)}, already taken {len(outcome.skipped)}."
            )
            return
        [preview] = preview_of(users=[user], plans={user.pk: plan})
        self.stdout.write(_line(preview))
        if preview.contents.news == 0:
            self.stdout.write("Nothing new: no e-mail would be sent.")
            return
        message: EmailMultiAlternatives = message_for(preview.contents)
        self.stdout.write(f"Subject: {message.subject}")
        self.stdout.write(f"List-Unsubscribe: {message.extra_headers['List-Unsubscribe']}")
        self.stdout.write("")
        self.stdout.write(str(message.body))


def _find(wanted: str) -> User:
    matches = list(
        User.objects.filter(
            Q(email__iexact=wanted)
            | Q(email__istartswith=f"{wanted}@")
            | Q(display_name__iexact=wanted)
            | Q(display_name__istartswith=f"{wanted} ")  # the first name: alice → Alice Roux
        )[:2]
    )
    if len(matches) != 1:
        raise CommandError(f"No single resident is called {wanted!r}.")
    return matches[0]


def _line(preview: Preview) -> str:
    contents = preview.contents
    return (
        f"{preview.user.email} · {preview.plan.period} · {contents.news} new, "
        f"{contents.items} items in all · {preview.user.language} · {preview.user.timezone}"
    )
