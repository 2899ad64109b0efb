"""Dave, a member of no quartier of theirs, gets a 404 on every page, endpoint and action of a
coup de main, and cannot read or write its thread: not over the pages, not over the socket."""

import pytest
from channels.db import database_sync_to_async
from django.test import Client
from django.urls import reverse

from exchanges.aid.models import CoupDeMain, HelpOffer
from exchanges.aid.services import help as services
from messaging.selectors import can_read
from tests.conftest import api_as
from tests.exchanges.aid.help.fields import publish
from tests.factories import MembershipFactory
from tests.messaging.test_consumers import connect, hello

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(quartier, alice, bob, dave):
    MembershipFactory.create(user=dave)  # a member elsewhere
    coup = publish(quartier, alice)
    offer = services.help_offer(coup=coup, helper=bob)
    return coup, offer


PAGES = [
    ("get", "aid:help_list", "slug"),
    ("get", "aid:help_create", "slug"),
    ("post", "aid:help_create", "slug"),
    ("get", "aid:help_detail", "coup"),
    ("get", "aid:help_edit", "coup"),
    ("post", "aid:help_edit", "coup"),
    ("get", "aid:help_cancel", "coup"),
    ("post", "aid:help_cancel", "coup"),
    ("get", "aid:help_done", "coup"),
    ("post", "aid:help_done", "coup"),
    ("post", "aid:help_offer", "coup"),
    ("post", "aid:help_thank", "coup"),
    ("post", "aid:help_choose", "offer"),
    ("post", "aid:help_decline", "offer"),
    ("post", "aid:help_withdraw", "offer"),
]


@pytest.mark.parametrize(("method", "name", "arg"), PAGES)
def test_dave_gets_404_on_every_page(story, quartier, dave, method, name, arg):
    coup, offer = story
    value = {"slug": quartier.slug, "coup": coup.pk, "offer": offer.pk}[arg]
    client = Client()
    client.force_login(dave)

    response = getattr(client, method)(reverse(name, args=[value]), {"title": "x"})

    assert response.status_code == 404


API = [
    ("get", "/api/v1/quartiers/{slug}/coups-de-main/"),
    ("post", "/api/v1/quartiers/{slug}/coups-de-main/"),
    ("get", "/api/v1/coups-de-main/{coup}/"),
    ("patch", "/api/v1/coups-de-main/{coup}/"),
    ("post", "/api/v1/coups-de-main/{coup}/cancel/"),
    ("post", "/api/v1/coups-de-main/{coup}/done/"),
    ("get", "/api/v1/coups-de-main/{coup}/offers/"),
    ("post", "/api/v1/coups-de-main/{coup}/offers/"),
    ("get", "/api/v1/coups-de-main/{coup}/thanks/"),
    ("post", "/api/v1/coups-de-main/{coup}/thanks/"),
    ("post", "/api/v1/help-offers/{offer}/choose/"),
    ("post", "/api/v1/help-offers/{offer}/decline/"),
    ("post", "/api/v1/help-offers/{offer}/withdraw/"),
]


@pytest.mark.parametrize(("method", "path"), API)
def test_dave_gets_404_on_every_endpoint(story, quartier, dave, method, path):
    coup, offer = story
    url = path.format(slug=quartier.slug, coup=coup.pk, offer=offer.pk)

    response = getattr(api_as(dave), method)(url, {"title": "x"}, format="json")

    assert response.status_code == 404 and "detail" in response.json()
    coup.refresh_from_db()
    assert coup.status == "open" and coup.title != "x"
    assert HelpOffer.objects.get(pk=offer.pk).status == "proposed"


def test_dave_does_not_see_a_coup_de_main_in_my_coups_de_main(story, dave):
    assert api_as(dave).get("/api/v1/me/coups-de-main/").json() == []


def test_only_the_asker_and_chosen_helpers_read_the_thread(story, alice, bob, carol, dave):
    coup, offer = story
    assert can_read(user=alice, conversation=coup.conversation)
    assert not can_read(user=bob, conversation=coup.conversation)  # offered, not chosen
    assert not can_read(user=dave, conversation=coup.conversation)
    services.help_choose(offer=offer, actor=alice)
    assert can_read(user=bob, conversation=coup.conversation)
    client = Client()
    client.force_login(dave)
    assert client.get(coup.conversation.get_absolute_url()).status_code == 404


@pytest.mark.django_db(transaction=True)
async def test_dave_cannot_write_in_the_thread_over_the_socket(quartier, alice, dave):
    coup: CoupDeMain = await database_sync_to_async(publish)(quartier, alice)
    socket = await connect(dave)
    await hello(socket)

    await socket.send_json_to(
        {"type": "message.send", "conversation": coup.conversation_id, "body": "Coucou"}
    )

    refused = await socket.receive_json_from(timeout=3)
    assert refused["code"] == "not_found"
    await socket.disconnect()
