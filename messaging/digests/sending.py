"""Sending each resident one digest per period, whatever fails.

A digest row moves through these states, each change a conditional ``UPDATE`` that names the
claim token, so that a worker whose claim was taken over changes nothing; each is one ``UPDATE``
for all the rows of the chunk that make it:

    (no row) ──claim──▶ claimed ──nothing new──▶ empty
                           │  ▲
           about to send   │  └── the mail server refused: released (claim ""), tried again
                           ▼
                        sending ──server accepted──▶ sent

- *Claimed* rows are created with ``INSERT … ON CONFLICT DO NOTHING`` under the unique
  (user, period) constraint: of two workers, two ticks or a retried task, one gets the row.
- A worker killed while preparing leaves a *claimed* row; once older than
  ``DIGEST_CLAIM_LEASE_SECONDS`` the next tick takes it over with a new token and sends it. If
  the first worker was only slow, its own ``claimed → sending`` update no longer matches its
  token, and it sends nothing.
- A *sending* row is never sent again. The chunk's mails are all rendered before any row moves
  to *sending*, so the only moment where a death leaves the outcome unknown is while they are
  handed to the mail server, over one connection; then the residents whose mail was not handed
  over yet may miss that period's digest, never receive it twice. `send_digests` lists such
  rows.
"""

from __future__ import annotations

import datetime
import logging
import smtplib
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db.models import Case, F, IntegerField, Max, Q, Value, When
from django.utils import timezone

from messaging.digests.contents import Contents, contents_for, readers_for
from messaging.digests.mails import messages_for
from messaging.digests.schedule import Plan, is_due, plan_for
from messaging.models import Digest
from neighbourhood.accounts.models import User

logger = logging.getLogger(__name__)
Status = Digest.Status


@dataclass
class Outcome:
    sent: list[int] = field(default_factory=list)
    empty: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)  # the mail server refused: try again
    skipped: list[int] = field(default_factory=list)  # not due, or someone else's claim


@dataclass(frozen=True)
class Preview:
    user: User
    plan: Plan
    contents: Contents


def _due(user_ids: list[int], now: datetime.datetime) -> tuple[list[User], dict[int, Plan]]:
    users = User.objects.filter(pk__in=user_ids, is_active=True).select_related("digest_preference")
    plans = {user.pk: plan_for(user, now) for user in users}
    due = [user for user in users if is_due(user, plans[user.pk], now)]
    return due, {user.pk: plans[user.pk] for user in due}  # type: ignore[misc]


def _since(users: list[User], plans: dict[int, Plan]) -> dict[int, datetime.datetime]:
    """News since the end of the resident's last digest, but no older than one period before
    the scheduled time (one query)."""
    last = dict(
        Digest.objects.filter(user__in=users, status__in=[Status.SENT, Status.EMPTY])
        .values("user_id")
        .annotate(until=Max("until"))
        .values_list("user_id", "until")
    )
    since = {}
    for user in users:
        plan = plans[user.pk]
        earliest = plan.scheduled_at - plan.length
        since[user.pk] = max(last.get(user.pk) or earliest, earliest)
    return since


def digests_preview(*, user_ids: list[int], now: datetime.datetime) -> list[Preview]:
    """What the due residents among ``user_ids`` would receive now: nothing claimed or sent."""
    users, plans = _due(user_ids, now)
    return preview_of(users=users, plans=plans)


def preview_of(*, users: list[User], plans: dict[int, Plan]) -> list[Preview]:
    since = _since(users, plans)
    readers = readers_for(users, since=since, until=timezone.now())
    contents = contents_for(readers)
    return [Preview(user, plans[user.pk], contents[user.pk]) for user in users]


def _claim(
    users: list[User], plans: dict[int, Plan], since: dict[int, datetime.datetime]
) -> tuple[str, dict[int, Digest]]:
    """Claims each (user, period) that nobody holds, and takes over the abandoned ones."""
    token, clock = uuid.uuid4().hex, timezone.now()
    Digest.objects.bulk_create(
        [
            Digest(
                user=user,
                period=plans[user.pk].period,
                claim=token,
                claimed_at=clock,
                since=since[user.pk],
            )
            for user in users
        ],
        ignore_conflicts=True,
    )
    stale = clock - datetime.timedelta(seconds=settings.DIGEST_CLAIM_LEASE_SECONDS)
    by_period: dict[str, list[int]] = defaultdict(list)
    for user in users:
        by_period[plans[user.pk].period].append(user.pk)
    for period, ids in by_period.items():
        Digest.objects.filter(
            Q(claim="") | Q(claimed_at__lt=stale),
            user_id__in=ids,
            period=period,
            status=Status.CLAIMED,
        ).update(claim=token, claimed_at=clock)
    mine = Digest.objects.filter(claim=token, user_id__in=[user.pk for user in users])
    return token, {row.user_id: row for row in mine}


def digests_send(
    *,
    user_ids: list[int],
    now: datetime.datetime,
    connection: BaseEmailBackend | None = None,
) -> Outcome:
    """Claims, prepares and sends the digests of the due residents among ``user_ids`` for the
    periods that hold ``now``. Loading everyone's news costs the same number of queries for
    5 residents or 200, and so do the state changes: one update for the empty digests, then,
    around handing the mails to the server, one for those being sent (and reading which), one
    for those refused and one for those sent."""
    outcome = Outcome()
    users, plans = _due(user_ids, now)
    outcome.skipped = sorted(set(user_ids) - {user.pk for user in users})
    if not users:
        return outcome
    since = _since(users, plans)
    token, mine = _claim(users, plans, since)
    claimed = [user for user in users if user.pk in mine]
    outcome.skipped += [user.pk for user in users if user.pk not in mine]
    until = timezone.now()
    contents = contents_for(readers_for(claimed, since=since, until=until))
    empty = [user.pk for user in claimed if contents[user.pk].news == 0]
    Digest.objects.filter(user_id__in=empty, claim=token, status=Status.CLAIMED).update(
        status=Status.EMPTY, until=until, finished_at=until
    )
    outcome.empty = empty
    news = [contents[user.pk] for user in claimed if contents[user.pk].news]
    _deliver(news, token, until, connection or get_connection(), outcome)
    return outcome


def _deliver(
    news: list[Contents],
    token: str,
    until: datetime.datetime,
    connection: BaseEmailBackend,
    outcome: Outcome,
) -> None:
    """Renders every mail first, then moves the rows still ours from claimed to sending, hands
    their mails to the server over one connection, and records what it said."""
    if not news:
        return
    messages = messages_for(news)
    mine = Digest.objects.filter(claim=token, user_id__in=messages)
    mine.filter(status=Status.CLAIMED).update(status=Status.SENDING)
    handing = set(mine.filter(status=Status.SENDING).values_list("user_id", flat=True))
    sent: list[Contents] = []
    _open(connection)  # one connection to the mail server for the chunk
    try:
        for contents in news:
            user_id = contents.reader.user.pk
            if user_id not in handing:
                outcome.skipped.append(user_id)  # another worker took this claim over
                continue
            try:
                connection.send_messages([messages[user_id]])
            except (smtplib.SMTPException, OSError) as error:
                logger.warning("Digest for user %s refused: %r", user_id, error)
                outcome.failed.append(user_id)
                _close(connection)  # the next mail opens a connection of its own
            else:
                sent.append(contents)
                outcome.sent.append(user_id)
    finally:
        _close(connection)
    attempted = F("attempts") + 1
    mine.filter(user_id__in=outcome.failed, status=Status.SENDING).update(
        status=Status.CLAIMED, claim="", attempts=attempted
    )
    if sent:
        # One branch per number of items (a few), not per resident (up to a whole chunk).
        by_count: dict[int, list[int]] = defaultdict(list)
        for one in sent:
            by_count[one.items].append(one.reader.user.pk)
        items = Case(
            *[When(user_id__in=ids, then=Value(count)) for count, ids in by_count.items()],
            output_field=IntegerField(),
        )
        mine.filter(user_id__in=[one.reader.user.pk for one in sent], status=Status.SENDING).update(
            status=Status.SENT,
            until=until,
            items=items,
            attempts=attempted,
            finished_at=timezone.now(),
        )


def _open(connection: BaseEmailBackend) -> None:
    """Opens the connection for several mails; when the server cannot be reached, each mail
    tries on its own (and is refused)."""
    try:
        connection.open()
    except (smtplib.SMTPException, OSError) as error:
        logger.warning("The mail server cannot be reached: %r", error)


def _close(connection: BaseEmailBackend) -> None:
    try:
        connection.close()
    except (smtplib.SMTPException, OSError) as error:  # what was sent is sent
        logger.warning("The connection to the mail server did not close cleanly: %r", error)


def uncertain(*, now: datetime.datetime) -> list[Digest]:
    """Digests whose worker died while talking to the mail server: maybe received, never
    sent again."""
    stale = now - datetime.timedelta(seconds=settings.DIGEST_CLAIM_LEASE_SECONDS)
    return list(
        Digest.objects.filter(status=Status.SENDING, claimed_at__lt=stale).select_related("user")
    )


def chunks(ids: list[int], size: int) -> list[list[int]]:
    return [ids[start : start + size] for start in range(0, len(ids), size)]


def digests_queue_due(*, now: datetime.datetime) -> int:
    """Queues the residents whose digest is due at ``now`` in chunks of ``DIGEST_CHUNK_SIZE``;
    the number queued. A chunk that runs twice sends nothing twice (see above)."""
    from messaging.digests.schedule import due_user_ids
    from messaging.tasks import digests_send_chunk

    due = due_user_ids(now)
    for chunk in chunks(due, settings.DIGEST_CHUNK_SIZE):
        digests_send_chunk.delay(chunk, now.isoformat())
    return len(due)
