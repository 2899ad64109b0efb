"""The query of a feed page, written in SQL once (the page, the API, every filter and depth).

Built with the ORM, this one query cost about three times PostgreSQL's own work on it in
Python alone: the queryset built, its membership subquery and filters compiled to SQL again for
every page, then the entries and their authors made through the deferred-field machinery.
Written here, a page is the SQL text joined from a few fixed parts and its rows made into
entries as the ORM makes them (`compiled_queries.InstanceMaker`, as ``Model.from_db``, the
values converted as the ORM converts them on each database).
What it reads is `selectors.visible_entries`, and tests/neighbourhood/feed/test_page_query.py holds
the two to the same entries, in the same order, for every filter and cursor.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection
from django.db.models import Field
from django.utils import timezone

from neighbourhood.accounts.models import User
from neighbourhood.compiled_queries import InstanceMaker, converted
from neighbourhood.feed.models import FeedEntry
from neighbourhood.quartiers.models import Membership, Quartier

ENTRY, USER = FeedEntry._meta.db_table, User._meta.db_table
MEMBERSHIP, QUARTIER = Membership._meta.db_table, Quartier._meta.db_table

# An entry's columns that a page shows (its text and links, its item's reference) and its
# author's name: what the cards and the API write, nothing more.
_SHOWN = {
    "id",
    "kind",
    "title",
    "summary",
    "item_url",
    "content_type_id",
    "object_id",
    "created_at",
    "updated_at",
    "author_id",
}
# In the model's own order, which ``Model.from_db`` expects of the values it is given.
ENTRY_FIELDS = [
    field.attname for field in FeedEntry._meta.concrete_fields if field.attname in _SHOWN
]
_make_entry = InstanceMaker(FeedEntry, ENTRY_FIELDS)
_make_author = InstanceMaker(User, ["id", "display_name"])
COLUMNS = ", ".join(f"e.{name}" for name in ENTRY_FIELDS) + ", u.display_name"
# The quartier of a page: given, or read from the viewer's active membership of the quartier
# named by its slug (so that an outsider's page is empty: `selectors.member_feed_page`).
OF_QUARTIER = "e.quartier_id = %s"
OF_MEMBER = (
    f"e.quartier_id = (SELECT m.quartier_id FROM {MEMBERSHIP} m "  # noqa: S608 (table names)
    f"JOIN {QUARTIER} q ON q.id = m.quartier_id "
    "WHERE q.slug = %s AND m.user_id = %s AND m.status = %s LIMIT 1)"
)


@dataclass(frozen=True)
class PageQuery:
    """What one page asks: where, for whom, which entries, and after which one."""

    where: str  # OF_QUARTIER or OF_MEMBER
    where_params: list[Any]
    viewer_id: int
    kind: str = ""
    text: str = ""
    mine: bool = False
    after: tuple[datetime, int] | None = None  # the cursor: created_at and id of the last entry
    size: int = 20


def for_quartier(quartier_id: int, viewer_id: int, **filters: Any) -> PageQuery:
    return PageQuery(OF_QUARTIER, [quartier_id], viewer_id, **filters)


def for_member(slug: str, viewer_id: int, **filters: Any) -> PageQuery:
    params = [slug, viewer_id, Membership.Status.ACTIVE.value]
    return PageQuery(OF_MEMBER, params, viewer_id, **filters)


def page_entries(query: PageQuery) -> list[FeedEntry]:
    """Up to ``query.size`` entries, newest first, each with its author's id and name."""
    converters = _converters(connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(*_sql(query))
        rows = cursor.fetchall()
    entries = []
    for row in rows:
        values = converted(row, converters) if converters else row
        entry = _make_entry(values[:-1])
        # The author's name came as the row's last column: it makes the author.
        entry.author = _make_author((entry.author_id, values[-1]))
        entries.append(entry)
    return entries


@functools.cache
def _converters(vendor: str) -> list[tuple[int, list[Any], Any]]:
    """Django's conversions of the entry's columns from the database, as the ORM applies them
    (SQLite's moments come without their zone): (the column's place, its converters, its
    column)."""
    found = []
    for place, name in enumerate(ENTRY_FIELDS):
        field = FeedEntry._meta.get_field(name)
        assert isinstance(field, Field)  # the entry's own columns
        column = field.get_col("e")
        convs = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        if convs:
            found.append((place, convs, column))
    return found


def _sql(query: PageQuery) -> tuple[str, list[Any]]:
    moment = connection.ops.adapt_datetimefield_value  # SQLite stores text, without a zone
    conditions = [query.where, "e.is_visible", "(e.expires_at IS NULL OR e.expires_at > %s)"]
    params = [*query.where_params, moment(timezone.now())]
    if query.kind:
        conditions.append("e.kind = %s")
        params.append(query.kind)
    words = query.text.strip()
    if words:
        # Django's `icontains`, as each database writes it (a case-insensitive LIKE, with the
        # words' own % and _ escaped).
        column = connection.ops.lookup_cast("icontains", "CharField")
        like = connection.operators["icontains"]
        conditions.append(f"({column % 'e.title'} {like} OR {column % 'e.summary'} {like})")
        pattern = f"%{connection.ops.prep_for_like_query(words)}%"
        params += [pattern, pattern]
    if query.mine:
        conditions.append("e.author_id = %s")
        params.append(query.viewer_id)
    if query.after is not None:
        # Written so the index can seek to the cursor: "created_at <= c AND (created_at < c OR
        # id < i)". The plainer "created_at < c OR (created_at = c AND id < i)" makes PostgreSQL
        # read every entry above the cursor (15 ms at 50,000 deep instead of 0.15 ms).
        conditions.append("e.created_at <= %s AND (e.created_at < %s OR e.id < %s)")
        created_at, pk = query.after
        params += [moment(created_at), moment(created_at), pk]
    sql = (
        f"SELECT {COLUMNS} FROM {ENTRY} e JOIN {USER} u ON u.id = e.author_id "  # noqa: S608
        f"WHERE {' AND '.join(conditions)} "
        f"ORDER BY e.created_at DESC, e.id DESC LIMIT {int(query.size)}"
    )
    return sql, params
