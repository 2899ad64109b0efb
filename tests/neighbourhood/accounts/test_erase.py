"""Erasing an account leaves nothing of its owner in the quartier's feed."""

import pytest
from django.test import Client

from exchanges.swaps import services as swaps
from exchanges.swaps.models import Exchange, Swap
from neighbourhood.accounts.models import User
from neighbourhood.feed.models import FeedEntry
from tests.conftest import api_as
from tests.factories import swap_fields

pytestmark = pytest.mark.django_db


def test_an_erased_author_leaves_no_trace_in_the_feed(quartier, alice, bob, password):
    swap = swaps.swap_create(
        quartier=quartier,
        author=alice,
        kind="offer",
        **swap_fields(title="Cours de piano chez Alice Dupont", description="alice@example.org"),
    )
    swaps.swap_create(quartier=quartier, author=bob, kind="request", **swap_fields())
    swaps.swap_express_interest(swap=swap, member=bob, message="Bonjour Alice")
    response = api_as(alice).delete("/api/v1/me/", {"password": password}, format="json")
    assert response.status_code == 204
    assert not User.objects.filter(email="alice@example.org").exists()
    assert not Swap.objects.filter(pk=swap.pk).exists()
    assert not Exchange.objects.exists()
    remaining = list(FeedEntry.objects.values_list("title", "summary", "author__email"))
    assert remaining == [
        ("Conversation en espagnol", "Une heure par semaine, autour d'un café.", "bob@example.org")
    ]
    assert "Alice" not in str(remaining) and "alice@" not in str(remaining)


def test_erasing_needs_the_password(alice):
    response = api_as(alice).delete("/api/v1/me/", {"password": "wrong"}, format="json")
    assert response.status_code == 400
    assert "password" in response.json()["errors"]
    assert User.objects.filter(pk=alice.pk).exists()


def test_the_last_coordinator_hands_over_before_erasing(quartier, carol, alice, password):
    response = api_as(carol).delete("/api/v1/me/", {"password": password}, format="json")
    assert response.status_code == 400
    assert "last coordinator" in response.json()["detail"]
    assert User.objects.filter(pk=carol.pk).exists()


def test_erasing_from_the_page_logs_out(alice, password):
    alice.language = "en"
    alice.save()
    client = Client()
    client.force_login(alice)
    assert client.post("/profile/erase/", {"password": "nope"}).status_code == 400
    response = client.post("/profile/erase/", {"password": password}, follow=True)
    assert "Your account and everything you published are erased." in response.content.decode()
    assert not User.objects.filter(pk=alice.pk).exists()
    assert client.get("/profile/").status_code == 302
