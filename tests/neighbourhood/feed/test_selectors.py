import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from exchanges.swaps import services as swaps
from neighbourhood.feed import selectors
from neighbourhood.feed.models import FeedEntry
from neighbourhood.feed.services import feed_entry_hide
from tests.factories import swap_fields

pytestmark = pytest.mark.django_db


def publish(quartier, author, n: int, kind: str = "offer"):
    return swaps.swap_create(
        quartier=quartier, author=author, kind=kind, **swap_fields(title=f"Atelier {n}")
    )


def test_pages_follow_each_other_without_gap_or_overlap(quartier, alice):
    for n in range(45):
        publish(quartier, alice, n)
    seen, cursor = [], ""
    while True:
        page = selectors.feed_page(quartier=quartier, viewer=alice, cursor=cursor)
        seen += [entry.pk for entry in page.entries]
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    expected = list(FeedEntry.objects.order_by("-created_at", "-id").values_list("pk", flat=True))
    assert seen == expected
    assert len(seen) == 45


def test_entries_with_the_same_time_are_ordered_by_id(quartier, alice):
    for n in range(25):
        publish(quartier, alice, n)
    FeedEntry.objects.update(created_at=timezone.now())
    first = selectors.feed_page(quartier=quartier, viewer=alice)
    second = selectors.feed_page(quartier=quartier, viewer=alice, cursor=first.next_cursor or "")
    ids = [e.pk for e in first.entries + second.entries]
    assert ids == sorted(ids, reverse=True) and len(set(ids)) == 25


@pytest.mark.parametrize("cursor", ["garbage", "MjAyNnxhYmM", "bm90LWEtZGF0ZXwx"])
def test_a_bad_cursor_is_refused(quartier, alice, cursor):
    with pytest.raises(ValidationError) as error:
        selectors.feed_page(quartier=quartier, viewer=alice, cursor=cursor)
    assert "cursor" in error.value.message_dict


def test_expired_hidden_and_paused_items_leave_at_once(quartier, alice, carol):
    expired, hidden, paused, kept = (publish(quartier, alice, n) for n in range(4))
    FeedEntry.objects.filter(object_id=expired.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    feed_entry_hide(entry=FeedEntry.objects.get(object_id=hidden.pk), actor=carol)
    swaps.swap_set_status(swap=paused, actor=alice, status="paused")
    page = selectors.feed_page(quartier=quartier, viewer=alice)
    assert [e.object_id for e in page.entries] == [kept.pk]


def test_filters_by_kind_text_and_mine(quartier, alice, bob):
    publish(quartier, alice, 1, "offer")
    publish(quartier, bob, 2, "request")
    assert [
        e.kind
        for e in selectors.feed_page(quartier=quartier, viewer=alice, kind="swap_request").entries
    ] == ["swap_request"]
    assert [
        e.title
        for e in selectors.feed_page(quartier=quartier, viewer=alice, text="atelier 1").entries
    ] == ["Atelier 1"]
    assert [
        e.author for e in selectors.feed_page(quartier=quartier, viewer=bob, mine=True).entries
    ] == [bob]


def test_one_query_a_page_whatever_the_depth_and_the_page_size(
    quartier, alice, django_assert_num_queries
):
    for n in range(60):
        publish(quartier, alice, n)
    deep = selectors.feed_page(
        quartier=quartier,
        viewer=alice,
        cursor=selectors.feed_page(quartier=quartier, viewer=alice, page_size=40).next_cursor or "",
    )
    assert len(deep.entries) == 20
    for cursor, size in [("", 5), ("", 20), (deep.next_cursor or "", 20)]:
        with django_assert_num_queries(1):
            page = selectors.feed_page(
                quartier=quartier, viewer=alice, cursor=cursor, page_size=size
            )
            [entry.author.public_name for entry in page.entries]
