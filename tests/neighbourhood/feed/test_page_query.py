"""The feed page's SQL (`neighbourhood.feed.page_query`) against the ORM's reading of the same
feed (`selectors.visible_entries` and Django's lookups): the same entries, in the same order, for
every filter, walked page by page to the end, on each database the project runs on."""

import datetime
import itertools

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from neighbourhood.feed import selectors
from neighbourhood.feed.models import FeedEntry
from neighbourhood.quartiers.models import Membership
from tests.factories import MembershipFactory, QuartierFactory

pytestmark = pytest.mark.django_db

TITLES = ["Atelier vélo", "Cours 100% débutants", "Jardin_partagé", "ÉCLAIRAGE du hall", "atelier"]
SUMMARIES = ["", "Le samedi", "50% du prix", "avec Atelier couture", "rien"]
KINDS = ["swap_offer", "swap_request", "ride_offer"]


def fill(quartier, authors, other_quartier):
    now = timezone.now()
    kind_of_row = ContentType.objects.get_for_model(FeedEntry)
    rows = []
    for n in range(70):
        # Every fifth pair shares its moment: the id breaks the tie, across a page's end too.
        moment = now - datetime.timedelta(minutes=n - n % 2 if n % 5 == 0 else n)
        expires = None
        if n % 11 == 3:
            expires = now - datetime.timedelta(seconds=1)  # expired: not shown
        elif n % 11 == 4:
            expires = now + datetime.timedelta(days=1)  # not yet: shown
        rows.append(
            FeedEntry(
                quartier=other_quartier if n % 13 == 7 else quartier,
                author=authors[n % len(authors)],
                kind=KINDS[n % len(KINDS)],
                title=f"{TITLES[n % len(TITLES)]} {n}",
                summary=SUMMARIES[n % len(SUMMARIES)],
                item_url=f"/item/{n}/",
                content_type=kind_of_row,
                object_id=n,
                created_at=moment,
                updated_at=moment,
                expires_at=expires,
                # hidden by a coordinator: not shown
                is_hidden=n % 9 == 5,
                is_visible=n % 9 != 5,
            )
        )
    FeedEntry.objects.bulk_create(rows)


def by_the_orm(quartier, viewer, kind, text, mine):
    entries = selectors.visible_entries(quartier=quartier)
    if kind:
        entries = entries.filter(kind=kind)
    if text.strip():
        words = text.strip()
        entries = entries.filter(Q(title__icontains=words) | Q(summary__icontains=words))
    if mine:
        entries = entries.filter(author=viewer)
    return list(entries.order_by("-created_at", "-id").values_list("pk", flat=True))


def walked(read):
    """Every entry of a feed, page after page (7 a page), and the last page's link."""
    seen, cursor = [], ""
    for _page in range(30):
        page = read(cursor)
        seen += [entry.pk for entry in page.entries]
        if page.next_cursor is None:
            return seen
        cursor = page.next_cursor
    raise AssertionError("the pages never end")


FILTERS = list(
    itertools.product(["", "swap_request"], ["", "atelier", "100%", "_", " 50% "], [False, True])
)


@pytest.mark.parametrize(("kind", "text", "mine"), FILTERS)
def test_every_filter_reads_what_the_orm_reads_page_after_page(
    quartier, alice, bob, kind, text, mine
):
    fill(quartier, [alice, bob], QuartierFactory.create())
    expected = by_the_orm(quartier, alice, kind, text, mine)
    filters = {"kind": kind, "text": text, "mine": mine, "page_size": 7}

    by_quartier = walked(
        lambda cursor: selectors.feed_page(
            quartier=quartier, viewer=alice, cursor=cursor, **filters
        )
    )
    by_membership = walked(
        lambda cursor: selectors.member_feed_page(
            slug=quartier.slug, viewer=alice, cursor=cursor, **filters
        )
    )

    assert by_quartier == by_membership == expected
    if not (kind or text.strip() or mine):
        assert len(expected) > 40  # the reference itself reads a real feed


def test_the_entries_come_with_their_author_and_their_values(quartier, alice):
    fill(quartier, [alice], QuartierFactory.create())
    page = selectors.feed_page(quartier=quartier, viewer=alice)
    loaded = {entry.pk: entry for entry in FeedEntry.objects.select_related("author")}
    for entry in page.entries:
        stored = loaded[entry.pk]
        assert (entry.kind, entry.title, entry.summary, entry.item_url) == (
            stored.kind,
            stored.title,
            stored.summary,
            stored.item_url,
        )
        assert (entry.created_at, entry.updated_at) == (stored.created_at, stored.updated_at)
        assert entry.created_at.tzinfo is not None
        assert (entry.content_type_id, entry.object_id) == (
            stored.content_type_id,
            stored.object_id,
        )
        assert entry.author.pk == alice.pk and entry.author.public_name == alice.public_name


def test_only_an_active_member_reads_the_feed_by_its_slug(quartier, alice, dave):
    fill(quartier, [alice], QuartierFactory.create())
    gone = MembershipFactory.create(quartier=quartier, status=Membership.Status.LEFT).user
    for outsider in (dave, gone):
        with pytest.raises(Http404):
            selectors.member_feed_page(slug=quartier.slug, viewer=outsider)
    # A member of another quartier reads their own, never this one.
    elsewhere = MembershipFactory.create().user
    with pytest.raises(Http404):
        selectors.member_feed_page(slug=quartier.slug, viewer=elsewhere)
