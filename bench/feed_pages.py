"""Reading a quartier's feed through the API, near the top and deep down, against the same page
read with one hand-written SQL query: the floor no code path can go under."""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from functools import partial
from typing import Any

from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.db import connection, reset_queries
from django.db.models import Model
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bench.common import Row, interleaved, measure, scaled
from exchanges.swaps import kinds as swap_kinds
from exchanges.swaps.models import Swap
from exchanges.swaps.words import display_tags, match_keys
from neighbourhood.accounts.models import User
from neighbourhood.feed.models import FeedEntry
from neighbourhood.feed.selectors import PAGE_SIZE, encode_cursor, visible_entries
from neighbourhood.quartiers.models import Membership, Quartier

NAME = "feed"
ENTRIES = scaled(100_000)
AUTHORS = 300
DEPTH = min(5_000, ENTRIES - 2 * PAGE_SIZE)  # the target's depth, within a small quartier
BATCH = 2_000
UNUSABLE = make_password(None)  # the authors never log in
DESCRIPTION = (
    f"one quartier with {ENTRIES:,} visible swap entries spread over a year; a member reads "
    f"`GET /api/v1/quartiers/<slug>/feed/` (Django test client, session login), page 1 and the "
    f"page {DEPTH:,} entries deep (keyset cursor). 'floor' is the same page read with one raw "
    f"SQL query (same WHERE, ORDER BY and LIMIT {PAGE_SIZE + 1}, author joined); the ratio is "
    "API / floor, the four (API and floor, page 1 and deep) timed in turn. The tables are "
    "ANALYZEd after the bulk load, as autovacuum would have done "
    "(before that, PostgreSQL sorts the whole quartier: 75 ms a page). The keyset condition is "
    "the selector's, `created_at <= c AND (created_at < c OR id < i)`, which the index seeks to; "
    "'plain keyset' is the same page with `created_at < c OR (created_at = c AND id < i)`, which "
    "reads every entry above the cursor: what the selector did before."
)
SUBJECTS = [
    ("Conversation en espagnol", "languages", "espagnol, conversation"),
    ("Réparer son vélo", "diy", "vélo, réparation"),
    ("Cuisine italienne", "cooking", "cuisine italienne, pâtes fraîches"),
    ("Premiers pas sur l'ordinateur", "digital", "ordinateur, internet"),
    ("Potager sur le balcon", "gardening", "potager, balcon"),
    ("Guitare pour débutants", "music_arts", "guitare, accords"),
    ("Yoga doux", "sport", "yoga, étirements"),
    ("Aide aux devoirs de maths", "homework", "mathématiques, devoirs"),
]


def fill_feed(
    quartier: Quartier, authors: list[User], entries: int, *, days: int, rng: random.Random
) -> None:
    """``entries`` open swaps of ``authors`` in ``quartier``, published over the last ``days``
    (every moment distinct), each with its feed entry."""
    today = timezone.localdate()
    start = timezone.now() - datetime.timedelta(days=days)
    step = datetime.timedelta(days=days) / entries
    swaps = []
    for i in range(entries):
        title, category, tags = SUBJECTS[i % len(SUBJECTS)]
        moment = start + step * i
        swaps.append(
            Swap(
                quartier=quartier,
                author=rng.choice(authors),
                kind=rng.choice(Swap.Kind.values),
                title=f"{title} n° {i}",
                description="Une heure par semaine, autour d'un café, au local associatif.",
                category=category,
                tags=display_tags(tags),
                match_keys=match_keys(tags=display_tags(tags), title=title),
                ends_on=today + datetime.timedelta(days=rng.randint(1, 91)),
                created_at=moment,
                updated_at=moment,
            )
        )
    Swap.objects.bulk_create(swaps, batch_size=BATCH)
    swap_type = ContentType.objects.get_for_model(Swap)
    FeedEntry.objects.bulk_create((entry_of(swap, swap_type) for swap in swaps), batch_size=BATCH)


def populate() -> tuple[Quartier, User]:
    rng = random.Random(ENTRIES)
    quartier = Quartier.objects.create(
        name="Fil du quartier", slug="bench-feed", latitude=45.77, longitude=4.83
    )
    authors = User.objects.bulk_create(
        User(email=f"feed-author-{i}@bench.example", display_name=f"Voisine {i}", password=UNUSABLE)
        for i in range(AUTHORS)
    )
    reader = User.objects.create_user(email="feed-reader@bench.example", display_name="Lectrice")
    Membership.objects.bulk_create(
        Membership(quartier=quartier, user=user) for user in [*authors, reader]
    )
    fill_feed(quartier, authors, ENTRIES, days=365, rng=rng)
    analyze(FeedEntry, Swap, User, Membership)
    reset_queries()  # the log keeps 9,000 queries; once full, a capture counts none
    return quartier, reader


def analyze(*models: type[Model]) -> None:
    """Fresh planner statistics, as autovacuum would have gathered them by the time anyone reads:
    right after a bulk load, PostgreSQL still believes the table is nearly empty and sorts the
    whole quartier instead of walking the index."""
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def queries_of(action: Callable[[], object]) -> int:
    """The queries of one run. Counted here and not by `measure`, whose capture is read after
    its repeats, when each test-client request (request_started) has emptied the query log."""
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        action()
    return len(captured.captured_queries)


def entry_of(swap: Swap, swap_type: ContentType) -> FeedEntry:
    """The entry `feed_entry_sync` would have written for this swap."""
    return FeedEntry(
        kind=(swap_kinds.FEED_OFFER if swap.kind == Swap.Kind.OFFER else swap_kinds.FEED_REQUEST),
        quartier_id=swap.quartier_id,
        author_id=swap.author_id,
        title=swap.title,
        summary=swap.description,
        item_url=reverse("swaps:detail", kwargs={"swap_id": swap.pk}),
        content_type=swap_type,
        object_id=swap.pk,
        created_at=swap.created_at,
        updated_at=swap.updated_at,
        expires_at=timezone.make_aware(
            datetime.datetime.combine(swap.ends_on + datetime.timedelta(days=1), datetime.time())
        ),
        is_published=True,
        is_hidden=False,
        is_visible=True,
    )


# The page after a cursor: the selector's own condition, which an index can seek to, and the
# plainer one it replaced, which reads every entry above the cursor.
KEYSETS = {
    "": "",
    "selector": "AND e.created_at <= %s AND (e.created_at < %s OR e.id < %s)",
    "plain": "AND (e.created_at < %s OR (e.created_at = %s AND e.id < %s))",
}


def floor_sql(keyset: str) -> str:
    entry, user = FeedEntry._meta.db_table, User._meta.db_table
    return f"""
        SELECT e.id, e.kind, e.title, e.summary, e.item_url, e.created_at, e.updated_at,
               u.id, u.email, u.display_name
        FROM {entry} e JOIN {user} u ON u.id = e.author_id
        WHERE e.quartier_id = %s AND e.is_visible
          AND (e.expires_at IS NULL OR e.expires_at > %s)
          {KEYSETS[keyset]}
        ORDER BY e.created_at DESC, e.id DESC
        LIMIT {PAGE_SIZE + 1}
    """  # noqa: S608 (table names from the models, values as parameters)


def floor(quartier: Quartier, after: FeedEntry | None, keyset: str = "selector") -> list[Any]:
    moment = connection.ops.adapt_datetimefield_value  # SQLite stores text, without a zone
    params: list[Any] = [quartier.pk, moment(timezone.now())]
    if after is not None:
        params += [moment(after.created_at), moment(after.created_at), after.pk]
    with connection.cursor() as cursor:
        cursor.execute(floor_sql(keyset if after is not None else ""), params)
        return cursor.fetchall()


def api_page(client: Client, url: str, cursor: str) -> dict[str, Any]:
    response = client.get(url, {"cursor": cursor} if cursor else {})
    assert response.status_code == 200, (response.status_code, response.content[:300])
    return response.json()


def run() -> list[Row]:
    quartier, reader = populate()
    client = Client(HTTP_ACCEPT_LANGUAGE="fr")
    client.force_login(reader)
    url = f"/api/v1/quartiers/{quartier.slug}/feed/"
    deep_entry = visible_entries(quartier=quartier).order_by("-created_at", "-id")[DEPTH - 1]
    cases = {"page 1": None, f"{DEPTH:,} entries deep": deep_entry}
    actions: dict[str, Callable[[], object]] = {}
    api_queries = {}
    for label, after in cases.items():
        cursor = encode_cursor(after) if after is not None else ""
        page = api_page(client, url, cursor)
        raw = floor(quartier, after)
        # Both sides read the same page, or the comparison means nothing.
        assert [entry["id"] for entry in page["results"]] == [row[0] for row in raw[:PAGE_SIZE]]
        assert page["next_cursor"] and len(raw) == PAGE_SIZE + 1
        api_queries[label] = queries_of(partial(api_page, client, url, cursor))
        actions[f"API {label}"] = partial(api_page, client, url, cursor)
        actions[f"floor {label}"] = partial(floor, quartier, after)
    caches["default"].clear()  # the API's per-user rate limit counts these requests
    timing = interleaved(actions)
    rows = []
    for label in cases:
        api, sql = timing[f"API {label}"], timing[f"floor {label}"]
        ratio = f"{api.median_ms / sql.median_ms:.1f}×"
        case = f"{ENTRIES:,} entries, API {label}"
        rows.append(Row(NAME, case, api.median_ms, api.p90_ms, api_queries[label], ratio))
        rows.append(
            Row(NAME, f"{ENTRIES:,} entries, floor {label}", sql.median_ms, sql.p90_ms, 1, "1.0×")
        )
    assert floor(quartier, deep_entry, "plain") == floor(quartier, deep_entry)
    plain = measure(lambda: floor(quartier, deep_entry, "plain"))
    selector_floor = timing[f"floor {DEPTH:,} entries deep"].median_ms
    case = f"{ENTRIES:,} entries, {DEPTH:,} deep with the plain keyset (before)"
    rows.append(Row(NAME, case, *plain, f"{plain[0] / selector_floor:.1f}× the floor"))
    return rows
