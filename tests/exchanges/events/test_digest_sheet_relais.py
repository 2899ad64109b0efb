"""Gatherings in the digest ("this week in the quartier", mine first), on the quartier sheet
(coded R-<id>), in the feed, with photos, and registered for a neighbour by a relais (logged)."""

# The relais's fixtures are imported from their conftest file.
# ruff: noqa: F401, F811

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from exchanges.events import digest, kinds, services, sheet
from exchanges.events.models import Registration
from messaging.digests.sections import Reader
from neighbourhood.feed.kinds import feed_kinds
from neighbourhood.photos.subjects import photo_subject
from neighbourhood.quartiers.sheet.sections import Moment
from neighbourhood.relais.models import ProxyAction
from neighbourhood.relais.selectors import AUTHORING_VERBS
from tests.exchanges.events.fields import days_ahead, publish
from tests.factories import QuartierFactory
from tests.neighbourhood.relais.conftest import acting_client, consent, marc, petit

pytestmark = pytest.mark.django_db


def reader(user, *quartiers) -> Reader:
    now = timezone.now()
    return Reader(
        user=user,
        since=now - datetime.timedelta(days=1),
        until=now + datetime.timedelta(minutes=1),
        quartier_ids=frozenset(quartier.pk for quartier in quartiers),
    )


def test_this_week_lists_mine_first_in_two_queries(
    quartier, alice, bob, carol, django_assert_max_num_queries
):
    publish(quartier, alice, title="Café débat", day=days_ahead(2))
    workshop = publish(quartier, alice, title="Atelier", day=days_ahead(5))
    publish(quartier, alice, title="Dans trois semaines", day=days_ahead(20))
    services.event_register(
        event=workshop, member=bob, day=workshop.starts_at.astimezone(quartier.zone).date()
    )

    with django_assert_max_num_queries(4):
        found = digest.this_week([reader(bob, quartier), reader(carol, quartier)])

    assert [item.title for item in found[bob.pk]] == ["Atelier", "Café débat"]
    assert str(found[bob.pk][0].note) == "You are registered"
    assert [item.title for item in found[carol.pk]] == ["Café débat", "Atelier"]


def test_the_sheet_prints_the_next_dates_with_their_code(quartier, alice):
    event = publish(quartier, alice, title="Repair café", repeat="monthly_weekday")
    [part] = sheet.sheet_parts(quartier, Moment(timezone.now()))
    [line] = part.lines
    assert line.code == f"R-{event.pk}" and line.title == "Repair café"
    assert "of the month" in line.details and "registration needed" in line.details
    assert sheet.resolve(quartier, event.pk) == event.get_absolute_url()
    assert sheet.resolve(QuartierFactory.create(), event.pk) is None


def test_in_the_feed_while_scheduled(quartier, alice):
    event = publish(quartier, alice)
    assert feed_kinds.get(kinds.FEED_EVENT) is not None
    entry = event.feed_entries.get()
    assert entry.is_visible and entry.item_url == event.get_absolute_url()
    services.event_cancel(event=event, actor=alice)
    assert not event.feed_entries.get().is_visible


def test_photos_are_the_organisers_to_change_and_the_members_to_see(quartier, alice, bob, dave):
    event = publish(quartier, alice)
    subject = photo_subject("event")
    assert subject.find_for_reading(user=bob, subject_id=event.pk) == event
    assert subject.find_for_editing(user=alice, subject_id=event.pk) == event
    with pytest.raises(PermissionDenied):
        subject.find_for_editing(user=bob, subject_id=event.pk)
    with pytest.raises(Http404):
        subject.find_for_reading(user=dave, subject_id=event.pk)


def test_marc_registers_mme_petit_and_it_is_logged(quartier, alice, marc, consent, petit):
    event = publish(quartier, alice, capacity=4)
    day = event.starts_at.astimezone(quartier.zone).date()
    client = acting_client(marc, consent)

    response = client.post(reverse("events:register", args=[event.pk]), {"date": day.isoformat()})

    assert response.status_code == 302
    registration = Registration.objects.get(member=petit)
    assert registration.status == "registered"
    action = ProxyAction.objects.get(verb=ProxyAction.Verb.EVENT_REGISTERED)
    assert action.relais == marc and action.neighbour == petit and action.target == registration
    assert ProxyAction.Verb.EVENT_REGISTERED in AUTHORING_VERBS
    assert client.get(reverse("events:mine")).status_code == 200
    client.post(reverse("events:registration_cancel", args=[registration.pk]))
    assert ProxyAction.objects.filter(verb=ProxyAction.Verb.EVENT_UNREGISTERED).count() == 1


def test_nothing_is_logged_when_she_registers_herself(quartier, alice, petit):
    event = publish(quartier, alice)
    services.event_register(
        event=event, member=petit, day=event.starts_at.astimezone(quartier.zone).date()
    )
    assert not ProxyAction.objects.filter(verb=ProxyAction.Verb.EVENT_REGISTERED).exists()
