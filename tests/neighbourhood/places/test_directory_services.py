"""Suggesting, adding, deciding and changing places: who is told, what the feed shows, and bad
input refused in words with nothing changed."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from exchanges.produce import services as produce
from messaging.models import Notification
from neighbourhood.feed.models import FeedEntry
from neighbourhood.places import kinds
from neighbourhood.places.models import ClosedPeriod, OpeningHours, Place
from neighbourhood.places.services import (
    Closing,
    Hours,
    place_approve,
    place_create,
    place_decline,
    place_edit,
    place_withdraw,
)
from neighbourhood.places.sources import find_places
from tests.factories import cycle_fields

pytestmark = pytest.mark.django_db

NINE, NOON, TWO, SIX = (datetime.time(h) for h in (9, 12, 14, 18))
MIDNIGHT = datetime.time(0)


def epn_week() -> list[Hours]:
    return [Hours(d, NINE, NOON) for d in range(5)] + [Hours(d, TWO, SIX) for d in range(5)]


def test_a_member_suggests_the_coordinators_are_told_and_nobody_else_sees_it(
    quartier, alice, bob, carol
):
    place = place_create(
        quartier=quartier, actor=alice, kind="epn", name="  EPN  Voltaire ", hours=epn_week()
    )

    assert place.status == Place.Status.SUGGESTED and place.name == "EPN Voltaire"
    assert place.hours.count() == 10
    told = Notification.objects.get(kind=kinds.PLACE_SUGGESTED)
    assert told.user == carol and told.actor == alice
    assert not FeedEntry.objects.filter(object_id=place.pk, is_visible=True).exists()


def test_approving_tells_the_suggester_and_publishes_it(quartier, alice, carol):
    place = place_create(quartier=quartier, actor=alice, kind="library", name="Médiathèque")

    place_approve(place=place, actor=carol)

    assert place.status == Place.Status.APPROVED and place.decided_by == carol
    assert Notification.objects.get(kind=kinds.PLACE_APPROVED).user == alice
    entry = FeedEntry.objects.get(object_id=place.pk, kind=kinds.FEED_PLACE)
    assert entry.is_visible
    with pytest.raises(ValidationError, match="already decided"):
        place_decline(place=place, actor=carol)


def test_declining_tells_the_suggester(quartier, alice, carol):
    place = place_create(quartier=quartier, actor=alice, kind="shop", name="Épicerie")

    place_decline(place=place, actor=carol)

    assert place.status == Place.Status.WITHDRAWN
    assert Notification.objects.get(kind=kinds.PLACE_DECLINED).user == alice


def test_only_a_coordinator_decides_adds_directly_and_withdraws(quartier, alice, bob, carol):
    place = place_create(quartier=quartier, actor=alice, kind="shop", name="Épicerie")
    with pytest.raises(PermissionDenied):
        place_approve(place=place, actor=bob)
    with pytest.raises(PermissionDenied):
        place_edit(place=place, actor=bob, name="Autre")

    added = place_create(quartier=quartier, actor=carol, kind="public_service", name="Mairie")
    assert added.status == Place.Status.APPROVED
    assert not Notification.objects.filter(kind=kinds.PLACE_SUGGESTED, actor=carol).exists()
    with pytest.raises(PermissionDenied):
        place_withdraw(place=added, actor=alice)
    place_withdraw(place=added, actor=carol)
    assert added.status == Place.Status.WITHDRAWN
    assert not FeedEntry.objects.get(object_id=added.pk, kind=kinds.FEED_PLACE).is_visible


def test_an_outsider_cannot_suggest(quartier, dave):
    with pytest.raises(PermissionDenied):
        place_create(quartier=quartier, actor=dave, kind="shop", name="Épicerie")
    assert not Place.objects.exists()


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"hours": [Hours(0, NINE, NINE)]}, "hours", "cannot close at the time it opens"),
        ({"hours": [Hours(7, NINE, NOON)]}, "hours", "Monday to Sunday"),
        ({"hours": [Hours(0, NINE, TWO), Hours(0, NOON, SIX)]}, "hours", "overlap"),
        (
            {"closed_periods": [Closing(datetime.date(2026, 5, 2), datetime.date(2026, 5, 1))]},
            "closed_periods",
            "cannot end before it starts",
        ),
        (
            {
                "closed_periods": [
                    Closing(datetime.date(2026, 5, 1), datetime.date(2026, 5, 1), opens=NINE)
                ]
            },
            "closed_periods",
            "both hours",
        ),
        ({"kind": "castle"}, "kind", "Choose a kind"),
        ({"services": ["teleportation"]}, "services", "Choose the services"),
        ({"name": ""}, "name", ""),
        ({"latitude": 45.7}, "address", "not found on the map"),
        ({"colour": "blue"}, "colour", "cannot be changed"),
    ],
)
def test_bad_input_is_refused_in_words_and_changes_nothing(quartier, carol, change, field, words):
    place = place_create(quartier=quartier, actor=carol, kind="epn", name="EPN", hours=epn_week())
    fields = {"kind": "epn", "name": "EPN"} | change

    with pytest.raises(ValidationError) as refused:
        place_edit(place=place, actor=carol, **fields)
    with pytest.raises(ValidationError):
        place_create(quartier=quartier, actor=carol, **({"kind": "epn", "name": "Autre"} | change))

    assert words in " ".join(refused.value.message_dict[field])
    place.refresh_from_db()
    assert place.kind == "epn" and place.name == "EPN"
    assert OpeningHours.objects.filter(place=place).count() == 10
    assert not ClosedPeriod.objects.exists()
    assert Place.objects.count() == 1


def test_all_day_and_past_midnight_are_accepted(quartier, carol):
    place = place_create(
        quartier=quartier,
        actor=carol,
        kind="other",
        name="Borne",
        hours=[Hours(6, MIDNIGHT, MIDNIGHT), Hours(4, datetime.time(22), datetime.time(2))],
        closed_periods=[
            Closing(
                datetime.date(2026, 12, 24), datetime.date(2026, 12, 24), "Réveillon", NINE, NOON
            )
        ],
    )

    assert place.hours.count() == 2 and place.closed_periods.get().opens == NINE


def test_two_places_of_one_name_are_refused(quartier, carol):
    place_create(quartier=quartier, actor=carol, kind="epn", name="EPN")

    with pytest.raises(ValidationError, match="already has a place"):
        place_create(quartier=quartier, actor=carol, kind="library", name="epn")


def test_words_in_a_place_field_find_the_directory_first(quartier, carol, settings):
    settings.GEOCODER_URL = ""  # no geocoder: the quartier's own places still answer
    place_create(
        quartier=quartier,
        actor=carol,
        kind="amap_point",
        name="Maison des associations",
        address="12 rue d'Austerlitz, Lyon",
        latitude=45.776,
        longitude=4.832,
    )

    [found] = find_places(query="maison assoc", quartier=quartier)

    assert found.label == "Maison des associations" and found.ref.startswith("place:")


def test_a_distribution_at_a_place_of_the_quartier_has_it_as_venue(quartier, carol):
    venue = place_create(
        quartier=quartier, actor=carol, kind="amap_point", name="Maison des associations"
    )
    farm = produce.producer_create(quartier=quartier, actor=carol, farm_name="Ferme", name="J")
    eggs = produce.product_create(producer=farm, actor=carol, name="Œufs", price_cents=350)
    fields = cycle_fields() | {"place": "Maison des associations, 12 rue d'Austerlitz"}
    offers = [produce.Offer(eggs)]

    cycle = produce.cycle_create(quartier=quartier, actor=carol, offers=offers, **fields)
    elsewhere = produce.cycle_create(
        quartier=quartier, actor=carol, offers=offers, **(cycle_fields() | {"place": "Parc"})
    )

    assert cycle.venue == venue and cycle.place.startswith("Maison des associations, 12")
    assert elsewhere.venue is None


def test_a_meeting_point_stays_one_and_is_not_withdrawn_from_the_directory(quartier, carol):
    from exchanges.rides.services import meeting_point_create

    point = meeting_point_create(
        quartier=quartier, actor=carol, name="Gare", latitude=45.76, longitude=4.86
    )

    with pytest.raises(ValidationError, match="stays a meeting point"):
        place_edit(place=point, actor=carol, kind="shop")
    with pytest.raises(ValidationError, match="rides’ meeting points"):
        place_withdraw(place=point, actor=carol)
    point.refresh_from_db()
    assert point.kind == "meeting_point" and point.status == Place.Status.APPROVED


def test_a_place_is_refused_the_name_of_a_meeting_point(quartier, alice, carol):
    from exchanges.rides.services import meeting_point_create

    meeting_point_create(
        quartier=quartier, actor=carol, name="Gare", latitude=45.76, longitude=4.86
    )

    for actor in (alice, carol):
        with pytest.raises(ValidationError) as taken:
            place_create(quartier=quartier, actor=actor, kind="other", name="gare")
        assert taken.value.message_dict == {
            "name": ["This quartier already has a place by that name."]
        }
    assert Place.objects.filter(quartier=quartier).count() == 1


def test_the_directory_makes_no_meeting_point_neither_a_suggestion_nor_a_change(
    quartier, alice, carol
):
    """Meeting points are where rides start: the carpool's page adds them. A member's
    suggestion of that kind would otherwise show among the rides' meeting points."""
    from exchanges.rides.models import MeetingPoint

    for actor in (alice, carol):
        with pytest.raises(ValidationError, match="carpool"):
            place_create(
                quartier=quartier,
                actor=actor,
                kind="meeting_point",
                name=f"Chez {actor.display_name}",
                latitude=45.76,
                longitude=4.86,
            )
    shop = place_create(quartier=quartier, actor=carol, kind="shop", name="Boulangerie")
    with pytest.raises(ValidationError, match="carpool"):
        place_edit(place=shop, actor=carol, kind="meeting_point", latitude=45.7, longitude=4.8)
    assert not Place.objects.filter(kind="meeting_point").exists()
    # Whatever was stored before, rides read only the approved ones as meeting points.
    Place.objects.create(
        quartier=quartier,
        kind="meeting_point",
        name="Suggéré",
        latitude=45.7,
        longitude=4.8,
        status=Place.Status.SUGGESTED,
    )
    assert not MeetingPoint.objects.exists()
