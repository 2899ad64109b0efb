"""The contract baskets in the calendar (the produce section: page and private feed) and in
the digest ("Your baskets this week", not news on its own): my own on the dates my
subscription takes one unless I am away, half shares every other date, and those passed on
to me."""

from __future__ import annotations

import datetime

import pytest

from exchanges.produce import baskets, digest
from exchanges.produce.calendar import DistributionsSection
from exchanges.produce.services import absences
from messaging.digests.sections import Reader, registered
from tests.exchanges.produce.baskets import dates, subscribe
from tests.exchanges.produce.contracts import HALF, LARGE


@pytest.fixture
def season(contract, alice, bob, carol):
    every = dates(contract)
    alice_sub = subscribe(contract, alice, LARGE)
    subscribe(contract, carol, HALF)
    absences.absence_mark(
        subscription=alice_sub, date=every[1], actor=alice, fate="neighbour", neighbour=bob
    )
    return every


def titles(items) -> list[tuple[datetime.date, str, str]]:
    return sorted(
        (item.local_start.date(), item.title, item.mine)
        for item in items
        if item.uid.startswith("basket-")
    )


def test_the_calendar_shows_the_baskets_i_collect(season, quartier, alice, bob, carol):
    section = DistributionsSection()
    first, last = season[0].date, season[3].date
    mine = section.private_items(member=alice, first=first, last=last)
    assert titles(mine) == [
        (season[0].date, "Your basket: Légumes — saison", "You collect your basket"),
        (season[2].date, "Your basket: Légumes — saison", "You collect your basket"),
        (season[3].date, "Your basket: Légumes — saison", "You collect your basket"),
    ]
    assert titles(section.private_items(member=bob, first=first, last=last)) == [
        (season[1].date, "Basket of Alice: Légumes — saison", "You collect it for Alice"),
    ]
    half = section.page_items(member=carol, quartier=quartier, first=first, last=last)
    assert [day for day, _title, _mine in titles(half)] == [season[0].date, season[2].date]


def test_an_outsider_sees_no_basket(season, dave):
    section = DistributionsSection()
    assert (
        titles(section.private_items(member=dave, first=season[0].date, last=season[-1].date)) == []
    )


def reader(user, quartier, until: datetime.datetime) -> Reader:
    return Reader(
        user=user,
        since=until - datetime.timedelta(days=7),
        until=until,
        quartier_ids=frozenset({quartier.pk}),
    )


def test_the_digest_says_your_baskets_this_week(
    season, quartier, alice, bob, carol, django_assert_num_queries
):
    before_second = baskets.starts_at(season[1]) - datetime.timedelta(days=1)
    readers = [reader(user, quartier, before_second) for user in (alice, bob, carol)]
    with django_assert_num_queries(4):
        found = digest.my_baskets(readers)
    assert found.get(alice.pk, []) == []  # away that week
    [bobs] = found[bob.pk]
    assert "for Alice" in str(bobs.note) and "1 × Grand panier" in str(bobs.note)
    assert bobs.when == baskets.starts_at(season[1])
    assert carol.pk not in found  # her half share skips the second date
    before_first = baskets.starts_at(season[0]) - datetime.timedelta(days=1)
    first_week = digest.my_baskets([reader(carol, quartier, before_first)])
    assert [str(item.note) for item in first_week[carol.pk]] == [
        "1 × Demi-part, Légumes — saison — at Maison des associations, 12 rue d'Austerlitz"
    ]


def test_the_baskets_section_is_not_news_on_its_own():
    [section] = [s for s in registered() if s.key == "produce.baskets"]
    assert section.news is False
