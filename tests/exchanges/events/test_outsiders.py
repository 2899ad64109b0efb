"""Dave, a member of no quartier of theirs, gets a 404 on every page and endpoint of a
gathering, its dates, its registrations and its photos; a member who may see but not do, a
403."""

import pytest
from django.test import Client
from django.urls import reverse

from exchanges.events import services
from messaging.selectors import can_read
from tests.conftest import api_as
from tests.exchanges.events.fields import publish
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(quartier, alice, bob, dave):
    MembershipFactory.create(user=dave)  # a member elsewhere
    event = publish(quartier, alice, repeat="weekly")
    day = event.starts_at.astimezone(quartier.zone).date()
    registration = services.event_register(event=event, member=bob, day=day)
    return event, day, registration


PAGES = [
    ("get", "events:list", "slug"),
    ("get", "events:create", "slug"),
    ("post", "events:create", "slug"),
    ("get", "events:detail", "event"),
    ("post", "events:register", "event"),
    ("get", "events:edit", "event"),
    ("post", "events:edit", "event"),
    ("get", "events:cancel", "event"),
    ("post", "events:cancel", "event"),
    ("get", "events:dates_off", "event"),
    ("post", "events:dates_off", "event"),
    ("post", "events:date_back", "event"),
    ("get", "events:attendance", "attendance"),
    ("get", "events:registration_cancel", "registration"),
    ("post", "events:registration_cancel", "registration"),
    ("get", "photos:manage", "photos"),
]


def _args(name, arg, quartier, event, day, registration):
    return {
        "slug": [quartier.slug],
        "event": [event.pk],
        "attendance": [event.pk, day.isoformat()],
        "registration": [registration.pk],
        "photos": ["event", event.pk],
    }[arg]


@pytest.mark.parametrize(("method", "name", "arg"), PAGES)
def test_dave_gets_404_on_every_page(story, quartier, dave, method, name, arg):
    event, day, registration = story
    client = Client()
    client.force_login(dave)
    url = reverse(name, args=_args(name, arg, quartier, event, day, registration))

    response = getattr(client, method)(url, {"date": day.isoformat(), "title": "x"})

    assert response.status_code == 404
    registration.refresh_from_db()
    assert registration.status == "registered"


API = [
    ("get", "/api/v1/quartiers/{slug}/events/"),
    ("post", "/api/v1/quartiers/{slug}/events/"),
    ("get", "/api/v1/events/{event}/"),
    ("patch", "/api/v1/events/{event}/"),
    ("post", "/api/v1/events/{event}/cancel/"),
    ("post", "/api/v1/events/{event}/dates-off/"),
    ("post", "/api/v1/events/{event}/dates-off/back/"),
    ("post", "/api/v1/events/{event}/registrations/"),
    ("get", "/api/v1/events/{event}/attendance/?date={day}"),
    ("post", "/api/v1/event-registrations/{registration}/cancel/"),
]


@pytest.mark.parametrize(("method", "path"), API)
def test_dave_gets_404_on_every_endpoint(story, quartier, dave, method, path):
    event, day, registration = story
    url = path.format(slug=quartier.slug, event=event.pk, day=day, registration=registration.pk)
    response = getattr(api_as(dave), method)(url, {"date": day.isoformat()}, format="json")
    assert response.status_code == 404


def test_dave_sees_nothing_in_his_own_lists(story, dave):
    client = Client()
    client.force_login(dave)
    assert client.get(reverse("events:mine")).context["registrations"] == []
    assert api_as(dave).get("/api/v1/me/event-registrations/").json() == []


@pytest.mark.parametrize(
    ("method", "name", "arg"),
    [
        ("get", "events:edit", "event"),
        ("get", "events:dates_off", "event"),
        ("get", "events:attendance", "attendance"),
        ("get", "events:cancel", "event"),
    ],
)
def test_a_member_who_does_not_organise_gets_403(story, quartier, bob, method, name, arg):
    event, day, registration = story
    client = Client()
    client.force_login(bob)
    url = reverse(name, args=_args(name, arg, quartier, event, day, registration))
    assert getattr(client, method)(url).status_code == 403


def test_another_members_registration_is_not_found(story, alice):
    _event, _day, registration = story
    client = Client()
    client.force_login(alice)
    url = reverse("events:registration_cancel", args=[registration.pk])
    assert client.post(url).status_code == 404
    assert (
        api_as(alice).post(f"/api/v1/event-registrations/{registration.pk}/cancel/").status_code
        == 404
    )


def test_the_thread_is_the_organisers_and_the_registereds_only(story, quartier, alice, bob, dave):
    event, _day, registration = story
    conversation = event.conversation
    assert can_read(user=alice, conversation=conversation)
    assert can_read(user=bob, conversation=conversation)
    assert not can_read(user=dave, conversation=conversation)
    client = Client()
    client.force_login(dave)
    assert client.get(conversation.get_absolute_url()).status_code == 404
    services.registration_cancel(registration=registration, actor=bob)
    assert not can_read(user=bob, conversation=conversation)
