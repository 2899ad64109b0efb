"""Account e-mails and the site's own mails greet by the chosen name and are signed "Voisinage"
and the reader's quartier, never with a host name or part of an e-mail address."""

import datetime
import re

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from exchanges.rides import services as rides
from exchanges.swaps import services as swaps
from messaging.digests import sending
from messaging.models import DigestPreference
from tests.factories import MembershipFactory, QuartierFactory, ride_fields, swap_fields

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Un-mot-de-passe-solide-42"
HOST_NAMES = ("testserver", "example.com", "127.0.0.1", "localhost")


def without_links(body: str) -> str:
    return re.sub(r"https?://\S+", "", body)


def signature(message) -> str:
    return message.body.rstrip().rsplit("\n-- \n", 1)[1]


@pytest.mark.parametrize(
    ("language", "hello", "subject"),
    [
        ("fr", "Bonjour Marie L.,", "[Voisinage] "),
        ("en", "Hello Marie L.,", "[Voisinage] "),
    ],
)
def test_the_sign_up_mail_greets_by_name_and_names_no_host(language, hello, subject):
    Client(HTTP_ACCEPT_LANGUAGE=language).post(
        "/accounts/signup/",
        {
            "display_name": "Marie L.",
            "email": "marie.lefevre@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    [message] = mail.outbox
    assert message.subject.startswith(subject)
    assert message.body.startswith(hello)
    text = without_links(str(message.body))
    assert not any(host in text for host in HOST_NAMES), message.body
    assert "marie.lefevre" not in text
    assert "/accounts/confirm-email/" in message.body
    assert signature(message) == "Voisinage"


def test_a_password_reset_is_signed_with_the_quartier(alice):
    other = QuartierFactory.create(name="Les Pentes")
    MembershipFactory.create(quartier=other, user=alice)
    Client(HTTP_ACCEPT_LANGUAGE="en").post("/accounts/password/reset/", {"email": alice.email})
    [message] = mail.outbox
    assert message.body.startswith("Hello Alice,")
    assert signature(message) == "Voisinage · Croix-Rousse, Les Pentes"
    assert not any(host in without_links(str(message.body)) for host in HOST_NAMES)


def test_an_unknown_address_gets_a_plain_greeting(db):
    Client(HTTP_ACCEPT_LANGUAGE="fr").post(
        "/accounts/password/reset/", {"email": "personne@example.org"}
    )
    [message] = mail.outbox
    assert message.body.startswith("Bonjour,")
    assert signature(message) == "Voisinage"


def test_a_notification_mail_is_signed_voisinage(quartier, alice, bob):
    ride = rides.ride_create(quartier=quartier, driver=alice, **ride_fields())
    rides.booking_request(ride=ride, passenger=bob, dates=[timezone.localdate(ride.departs_at)])
    [message] = [m for m in mail.outbox if m.to == [alice.email]]
    assert signature(message) == "Voisinage"


def test_the_digest_is_signed_with_its_quartiers(quartier, alice, bob):
    alice.date_joined = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    alice.save(update_fields=["date_joined"])
    DigestPreference.objects.create(user=alice, frequency="daily", hour=0)
    swaps.swap_create(quartier=quartier, author=bob, kind="offer", **swap_fields())
    sending.digests_send(user_ids=[alice.pk], now=timezone.now())
    [digest] = [m for m in mail.outbox if "List-Unsubscribe" in m.extra_headers]
    assert signature(digest) == "Voisinage · Croix-Rousse"
    [(html, _mimetype)] = digest.alternatives  # type: ignore[attr-defined]
    assert "Voisinage · Croix-Rousse" in html


def test_an_account_mail_keeps_the_quartier_name_as_written(alice):
    other = QuartierFactory.create(name="Pentes & Croix-Rousse")
    MembershipFactory.create(quartier=other, user=alice)
    Client(HTTP_ACCEPT_LANGUAGE="en").post("/accounts/password/reset/", {"email": alice.email})
    [message] = mail.outbox
    assert signature(message) == "Voisinage · Croix-Rousse, Pentes & Croix-Rousse"
    assert "&amp;" not in message.subject and "&amp;" not in message.body
