"""The links of the digest's items: each swap and ride its own page, in every reader's mail,
whatever the quartier and the language, and again from the pages a worker keeps."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.urls import set_script_prefix
from django.utils import timezone

from exchanges.rides import services as rides
from exchanges.rides.models import Ride
from exchanges.swaps import services as swaps
from exchanges.swaps.models import Swap
from messaging.digests import sending
from messaging.digests.sections import page_of
from messaging.models import Digest, DigestPreference
from neighbourhood.accounts.models import User
from tests.factories import (
    MembershipFactory,
    QuartierFactory,
    UserFactory,
    ride_fields,
    swap_fields,
)

pytestmark = pytest.mark.django_db

SITE = "http://testserver"


def daily(email: str, language: str, *quartiers) -> User:
    user = UserFactory.create(
        email=email,
        language=language,
        date_joined=timezone.now() - datetime.timedelta(days=90),
    )
    DigestPreference.objects.create(user=user, frequency="daily", hour=0)
    for quartier in quartiers:
        MembershipFactory.create(quartier=quartier, user=user)
    return user


def test_a_page_is_the_rows_own_and_kept_by_model_and_key():
    swap, ride = Swap(pk=987_654), Ride(pk=987_654)  # the same key, two models

    assert page_of(Swap, 987_654) == "/swaps/987654/" == swap.get_absolute_url()
    assert page_of(Ride, 987_654) == "/rides/987654/" == ride.get_absolute_url()
    assert page_of(Swap, 987_654) == "/swaps/987654/"  # from the pages kept


def test_a_page_follows_the_script_prefix():
    assert page_of(Swap, 987_655) == "/swaps/987655/"
    set_script_prefix("/voisinage/")
    try:
        assert page_of(Swap, 987_655) == "/voisinage/swaps/987655/"
    finally:
        set_script_prefix("/")


def test_each_mail_links_the_swaps_and_rides_of_its_readers_quartiers(settings):
    settings.SITE_URL = SITE
    croix_rousse = QuartierFactory.create(name="Croix-Rousse", slug="croix-rousse")
    guillotiere = QuartierFactory.create(name="Guillotière", slug="guillotiere")
    driver = daily("driver@example.org", "fr", croix_rousse, guillotiere)
    fields = swap_fields(title="Couture", tags="couture")
    sewing = swaps.swap_create(quartier=croix_rousse, author=driver, kind="offer", **fields)
    fields = swap_fields(title="Poterie", tags="poterie")
    pottery = swaps.swap_create(quartier=guillotiere, author=driver, kind="offer", **fields)
    to_work = rides.ride_create(quartier=croix_rousse, driver=driver, **ride_fields())
    to_town = rides.ride_create(quartier=guillotiere, driver=driver, **ride_fields())
    anna = daily("anna@example.org", "en", croix_rousse)
    bruno = daily("bruno@example.org", "fr", guillotiere)
    chloe = daily("chloe@example.org", "fr", croix_rousse, guillotiere)
    dan = daily("dan@example.org", "en", guillotiere)
    croix_rousse_pages = {f"{SITE}/swaps/{sewing.pk}/", f"{SITE}/rides/{to_work.pk}/"}
    guillotiere_pages = {f"{SITE}/swaps/{pottery.pk}/", f"{SITE}/rides/{to_town.pk}/"}
    expected = {
        "anna@example.org": croix_rousse_pages,
        "bruno@example.org": guillotiere_pages,
        "chloe@example.org": croix_rousse_pages | guillotiere_pages,
        "dan@example.org": guillotiere_pages,
    }

    for _run in range(2):  # the second time, from the pages and lines kept
        Digest.objects.all().delete()
        mail.outbox = []
        outcome = sending.digests_send(
            user_ids=[anna.pk, bruno.pk, chloe.pk, dan.pk], now=timezone.now()
        )
        assert sorted(outcome.sent) == sorted([anna.pk, bruno.pk, chloe.pk, dan.pk])
        # Each row counts its own reader's items (one branch of the update per count).
        counts = dict(Digest.objects.values_list("user__email", "items"))
        assert counts == {email: len(pages) for email, pages in expected.items()}
        for message in mail.outbox:
            assert isinstance(message, EmailMultiAlternatives)
            html = str(message.alternatives[0][0])
            for page in croix_rousse_pages | guillotiere_pages:
                wanted = page in expected[message.to[0]]
                assert (f"  {page}\n" in message.body) is wanted, (message.to, page)
                assert (f'<a href="{page}"' in html) is wanted, (message.to, page)
