"""The quartier's public news as Atom, read by feedparser: its public gatherings (with their next
date) and its approved places, nothing private, nothing only suggested."""

from __future__ import annotations

import datetime
from html.parser import HTMLParser

import feedparser
import pytest
from django.test import Client
from django.utils import timezone

from exchanges.events.models import Event
from neighbourhood.places.models import Kind, Place

pytestmark = pytest.mark.django_db


def news(slug: str) -> feedparser.FeedParserDict:
    response = Client(HTTP_ACCEPT_LANGUAGE="en").get(f"/calendar/in/{slug}/news.atom")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def test_the_news_hold_public_gatherings_and_approved_places(quartier, repair_cafe, carol):
    Place.objects.create(
        quartier=quartier,
        kind="epn",
        name="EPN Dumenge",
        address="3 rue Dumenge",
        status="approved",
    )
    Place.objects.create(quartier=quartier, kind="shop", name="Chez Paulette", status="suggested")
    start = timezone.now() + datetime.timedelta(days=2)
    Event.objects.create(
        quartier=quartier,
        organiser=carol,
        title="Réunion privée",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
    )

    parsed = news("croix-rousse")

    assert parsed.feed.title == "Croix-Rousse: news of the quartier"
    titles = {entry.title for entry in parsed.entries}
    assert titles == {"Repair café", "EPN Dumenge"}
    [cafe] = [entry for entry in parsed.entries if entry.title == "Repair café"]
    assert cafe.id == f"urn:voisinage:event-{repair_cafe.pk}"
    assert "Next date: Saturday" in cafe.summary
    assert "at 14:00" in cafe.summary
    assert "EPN, 3 rue Dumenge" in cafe.summary
    assert cafe.link.startswith("http://testserver/")
    assert [tag.term for tag in cafe.tags] == ["Gathering"]


def test_the_news_name_their_author_as_atom_requires(quartier, repair_cafe):
    """RFC 4287: a feed whose entries name no author names one itself, for all of them."""
    parsed = news("croix-rousse")

    assert parsed.feed.author_detail.name == "Croix-Rousse"
    assert len(parsed.entries) == 1


def test_an_anonymous_reader_never_sees_a_meeting_point(quartier):
    """Rides' meeting points are for members: "Chez moi, code porte 1234" stays in the
    quartier."""
    Place.objects.create(
        quartier=quartier,
        kind=Kind.MEETING_POINT,
        name="Chez moi rue Dumenge",
        description="Code porte 1234",
        latitude=45.77,
        longitude=4.83,
        status="approved",
    )
    Place.objects.create(quartier=quartier, kind="library", name="Bibliothèque", status="approved")

    parsed = news("croix-rousse")

    assert [entry.title for entry in parsed.entries] == ["Bibliothèque"]
    assert b"1234" not in Client().get("/calendar/in/croix-rousse/news.atom").content


def test_the_news_of_an_unknown_quartier_are_not_found(db):
    assert Client().get("/calendar/in/nowhere/news.atom").status_code == 404


def test_the_next_date_skips_the_dates_off(repair_cafe):
    from exchanges.events.recurrence import next_dates

    [expected] = next_dates(repair_cafe, timezone.now(), 1)
    parsed = news("croix-rousse")
    [cafe] = parsed.entries
    assert f"{expected.starts_at.astimezone(repair_cafe.quartier.zone):%-d}" in cafe.summary


class HtmlRead(HTMLParser):
    """What a feed reader renders of an HTML summary: its tags, and its text."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text = ""
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text += data


def test_a_gathering_s_words_reach_the_reader_as_words_not_markup(quartier, carol):
    start = timezone.now() + datetime.timedelta(days=2)
    Event.objects.create(
        quartier=quartier,
        organiser=carol,
        title="<script>alert(1)</script> Café",
        description="<img src=http://evil/x.png> <b>gras</b>\nligne 2",
        address="EPN",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
        public=True,
    )
    Place.objects.create(
        quartier=quartier,
        kind="shop",
        name="Chez Paulette",
        description='<a href="http://evil/">ici</a>',
        status="approved",
    )

    parsed = news("croix-rousse")

    entries = {entry.title: entry for entry in parsed.entries}
    assert set(entries) == {"<script>alert(1)</script> Café", "Chez Paulette"}
    cafe = HtmlRead(entries["<script>alert(1)</script> Café"].summary)
    assert set(cafe.tags) <= {"p", "br"}
    assert "<img src=http://evil/x.png> <b>gras</b>" in cafe.text
    assert "ligne 2" in cafe.text
    shop = HtmlRead(entries["Chez Paulette"].summary)
    assert set(shop.tags) <= {"p", "br"}
    assert '<a href="http://evil/">ici</a>' in shop.text


def test_the_news_take_the_same_queries_for_2_items_and_for_40(
    quartier, carol, django_assert_num_queries
):
    client = Client()
    for count in (1, 20):
        start = timezone.now() + datetime.timedelta(days=2)
        Event.objects.bulk_create(
            Event(
                quartier=quartier,
                organiser=carol,
                title=f"Atelier {n}",
                starts_at=start,
                ends_at=start + datetime.timedelta(hours=1),
                public=True,
            )
            for n in range(count)
        )
        Place.objects.bulk_create(
            Place(quartier=quartier, name=f"Lieu {count}-{n}", status="approved")
            for n in range(count)
        )
        # The quartier, its gatherings and their dates off, its places.
        with django_assert_num_queries(4):
            assert client.get("/calendar/in/croix-rousse/news.atom").status_code == 200
