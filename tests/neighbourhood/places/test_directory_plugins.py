"""What the directory plugs into: the quartier sheet lists the useful places with their week
(meeting points and places not approved left out), and its "L-" codes lead to their pages;
photos of a place are read by its members and changed by its coordinators; an approved place is
in the feed."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from neighbourhood.photos.subjects import photo_subject
from neighbourhood.places.models import Place
from neighbourhood.places.services import place_approve, place_create
from neighbourhood.quartiers.sheet.selectors import item_url_for_code, sheet_for
from tests.neighbourhood.places.directory import EPN_WEEK, place_with_hours

pytestmark = pytest.mark.django_db


def test_the_sheet_lists_the_useful_places_with_their_week(quartier, alice) -> None:
    epn = place_with_hours(quartier, "EPN", EPN_WEEK, phone="04 72 00 00 00")
    place_with_hours(quartier, "Café", {}, status=Place.Status.SUGGESTED)
    place_with_hours(quartier, "Gare", {}, kind="meeting_point", latitude=45.7, longitude=4.8)

    [part] = [part for part in sheet_for(quartier=quartier).parts if part.key == "places"]

    [line] = part.lines
    assert line.code == f"L-{epn.pk}" and line.title == "EPN"
    # In the quartier's language.
    assert "lundi–vendredi 09:00–12:00, 14:00–18:00; samedi 09:00–12:00" in line.details
    assert "04 72 00 00 00" in line.details
    assert item_url_for_code(quartier=quartier, code=f"L-{epn.pk}") == epn.get_absolute_url()


def test_photos_of_a_place_follow_its_access(quartier, alice, carol, dave) -> None:
    epn = place_with_hours(quartier, "EPN", EPN_WEEK)
    subject = photo_subject("place")

    assert subject.find_for_reading(user=alice, subject_id=epn.pk) == epn
    assert subject.find_for_editing(user=carol, subject_id=epn.pk) == epn
    with pytest.raises(PermissionDenied):
        subject.find_for_editing(user=alice, subject_id=epn.pk)
    with pytest.raises(Http404):
        subject.find_for_reading(user=dave, subject_id=epn.pk)


def test_an_approved_place_shows_in_the_quartier_feed(quartier, alice, carol, client) -> None:
    place = place_create(quartier=quartier, actor=alice, kind="repair_cafe", name="Repair café")
    client.force_login(alice)
    feed = f"/quartiers/{quartier.slug}/feed/"
    assert "Repair café" not in client.get(feed).content.decode()

    place_approve(place=place, actor=carol)

    page = client.get(feed).content.decode()
    assert place.get_absolute_url() in page
