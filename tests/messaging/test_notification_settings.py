"""Which notifications also come by e-mail right away: changes to seats and rides, and the
reminder before an order cycle closes, unless the resident says otherwise."""

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from exchanges.rides import services as rides
from exchanges.swaps import services as swaps
from messaging import services
from messaging.models import Notification, NotificationSetting
from tests.conftest import api_as
from tests.factories import ride_fields, swap_fields

pytestmark = pytest.mark.django_db


def ask_a_seat(quartier, driver, passenger):
    ride = rides.ride_create(quartier=quartier, driver=driver, **ride_fields())
    return rides.booking_request(
        ride=ride, passenger=passenger, dates=[timezone.localdate(ride.departs_at)]
    )


def test_a_seat_request_mails_the_driver_in_their_language(
    quartier, alice, bob, django_capture_on_commit_callbacks
):
    alice.language = "en"
    alice.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        ask_a_seat(quartier, alice, bob)
    [message] = mail.outbox
    assert message.to == ["alice@example.org"]
    assert message.subject.startswith("Seats requested on your ride: Place de la Croix-Rousse")
    assert "From Bob." in message.body
    assert "http://127.0.0.1:8000/rides/" in message.body
    assert "/notifications/settings/" in message.body


def test_a_french_reader_gets_it_in_french(
    quartier, alice, bob, django_capture_on_commit_callbacks
):
    alice.language = "fr"
    alice.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        ask_a_seat(quartier, alice, bob)
    [message] = mail.outbox
    assert "Bonjour Alice" in message.body


def test_a_resident_can_keep_it_on_the_site_only(
    quartier, alice, bob, django_capture_on_commit_callbacks
):
    services.notification_settings_set(user=alice, by_email=set())
    with django_capture_on_commit_callbacks(execute=True):
        ask_a_seat(quartier, alice, bob)
    assert mail.outbox == []
    assert Notification.objects.filter(user=alice, kind="booking_requested").exists()


def test_other_kinds_stay_on_the_site_unless_asked(
    quartier, alice, bob, django_capture_on_commit_callbacks
):
    swap = swaps.swap_create(quartier=quartier, author=alice, kind="offer", **swap_fields())
    with django_capture_on_commit_callbacks(execute=True):
        swaps.swap_express_interest(swap=swap, member=bob)
    assert mail.outbox == []
    services.notification_settings_set(user=alice, by_email={"swap_interest"})
    other = swaps.swap_create(
        quartier=quartier, author=alice, kind="offer", **swap_fields(title="Couture")
    )
    with django_capture_on_commit_callbacks(execute=True):
        swaps.swap_express_interest(swap=other, member=bob)
    assert [m.to for m in mail.outbox] == [["alice@example.org"]]


def test_the_settings_page_shows_the_defaults_and_saves_choices(alice):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(alice)
    page = client.get("/notifications/settings/")
    assert page.status_code == 200
    html = page.content.decode()

    def box(kind: str) -> str:
        at = html.index(f'value="{kind}"')
        return html[html.rindex("<input", 0, at) : html.index(">", at)]

    assert "checked" in box("booking_requested")
    assert "checked" not in box("swap_interest")
    saved = client.post("/notifications/settings/", {"by_email": ["swap_interest"]})
    assert saved.status_code == 302
    assert set(
        NotificationSetting.objects.filter(user=alice, by_email=True).values_list("kind", flat=True)
    ) == {"swap_interest"}
    refused = client.post("/notifications/settings/", {"by_email": ["carrier_pigeon"]})
    assert refused.status_code == 400
    assert "carrier_pigeon" in refused.content.decode()  # named in the error
    assert NotificationSetting.objects.filter(user=alice, by_email=True).count() == 1


def test_the_settings_page_needs_a_login():
    assert Client().get("/notifications/settings/").status_code == 302


def test_the_api_reads_and_replaces_the_choices(alice):
    api = api_as(alice)
    assert "booking_requested" in api.get("/api/v1/me/notification-settings/").json()["by_email"]
    put = api.put("/api/v1/me/notification-settings/", {"by_email": ["cycle_open"]}, format="json")
    assert put.status_code == 200 and put.json() == {"by_email": ["cycle_open"]}
    bad = api.put("/api/v1/me/notification-settings/", {"by_email": ["nope"]}, format="json")
    assert bad.status_code == 400 and "by_email" in bad.json()["errors"]
    assert api.get("/api/v1/me/notification-settings/").json() == {"by_email": ["cycle_open"]}


def test_the_api_refuses_the_anonymous(api):
    assert api.get("/api/v1/me/notification-settings/").status_code in {401, 403}
