"""Coups de main through the API: published, answered, chosen within the helpers needed, done
and thanked; refusals in words and nothing stored; the list's queries pinned."""

import pytest

from exchanges.aid.models import CoupDeMain, HelpOffer
from exchanges.aid.services import help as services
from tests.conftest import api_as
from tests.exchanges.aid.help.fields import in_days, publish
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def body(**overrides):
    fields = {
        "kind": "request",
        "category": "moving",
        "title": "Porter une armoire",
        "timing": "at",
        "starts_at": in_days(3).isoformat(),
        "helpers_needed": 2,
    }
    fields.update(overrides)
    return fields


def list_url(quartier):
    return f"/api/v1/quartiers/{quartier.slug}/coups-de-main/"


def test_publish_answer_choose_done_and_thank(quartier, alice, bob):
    asker, helper = api_as(alice), api_as(bob)

    created = asker.post(list_url(quartier), body(helpers_needed=1), format="json")
    assert created.status_code == 201, created.json()
    coup_id = created.json()["id"]
    assert created.json()["places_left"] == 1 and created.json()["status"] == "open"

    offered = helper.post(
        f"/api/v1/coups-de-main/{coup_id}/offers/", {"message": "Oui"}, format="json"
    )
    assert offered.status_code == 201
    offer_id = offered.json()["id"]
    assert [o["id"] for o in asker.get(f"/api/v1/coups-de-main/{coup_id}/offers/").json()] == [
        offer_id
    ]
    chosen = asker.post(f"/api/v1/help-offers/{offer_id}/choose/")
    assert chosen.status_code == 200 and chosen.json()["status"] == "chosen"
    assert asker.get(f"/api/v1/coups-de-main/{coup_id}/").json()["status"] == "full"
    done = asker.post(f"/api/v1/coups-de-main/{coup_id}/done/")
    assert done.json()["status"] == "done"
    thanked = helper.post(
        f"/api/v1/coups-de-main/{coup_id}/thanks/", {"text": "Merci"}, format="json"
    )
    assert thanked.status_code == 201
    assert [t["text"] for t in asker.get(f"/api/v1/coups-de-main/{coup_id}/thanks/").json()] == [
        "Merci"
    ]
    assert [c["id"] for c in asker.get("/api/v1/me/coups-de-main/").json()] == [coup_id]


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"helpers_needed": 0}, "helpers_needed", "Ask for 1 to 10 helpers."),
        ({"starts_at": in_days(-1).isoformat()}, "starts_at", "The date cannot be in the past."),
        (
            {"timing": "window", "ends_at": in_days(2).isoformat()},
            "ends_at",
            "The end must come after the start.",
        ),
        ({"timing": "weekly"}, "weekdays", "Choose at least one weekday."),
        ({"colour": "red"}, "colour", "This cannot be changed."),
    ],
)
def test_bad_input_is_a_400_in_words_and_nothing_is_stored(
    quartier, alice, overrides, field, words
):
    response = api_as(alice).post(list_url(quartier), body(**overrides), format="json")

    assert response.status_code == 400
    assert words in response.json()["errors"][field]
    assert not CoupDeMain.objects.exists()


def test_the_third_choice_is_refused_in_words(quartier, alice, bob, carol):
    coup = publish(quartier, alice, helpers_needed=1)
    first = services.help_offer(coup=coup, helper=bob)
    second = services.help_offer(coup=coup, helper=carol)
    services.help_choose(offer=first, actor=alice)

    response = api_as(alice).post(f"/api/v1/help-offers/{second.pk}/choose/")

    assert response.status_code == 400
    assert response.json()["detail"] == "1 helper was needed: the place is taken."


def test_a_chosen_helper_withdraws_through_the_api(quartier, alice, bob):
    coup = publish(quartier, alice, helpers_needed=1)
    offer = services.help_offer(coup=coup, helper=bob)
    services.help_choose(offer=offer, actor=alice)

    assert api_as(alice).post(f"/api/v1/help-offers/{offer.pk}/withdraw/").status_code == 403
    response = api_as(bob).post(f"/api/v1/help-offers/{offer.pk}/withdraw/")

    assert response.json()["status"] == "withdrawn"
    coup.refresh_from_db()
    assert coup.status == "open" and coup.helpers_taken == 0


def test_the_list_filters_and_costs_the_same_queries(
    quartier, alice, bob, django_assert_num_queries
):
    for number in range(6):
        publish(quartier, bob, title=f"Demande {number}")
        publish(quartier, bob, kind="offer", category="diy", title=f"Offre {number}")
    client = api_as(alice)

    with django_assert_num_queries(QUERIES_LIST):
        response = client.get(list_url(quartier))
    assert len(response.json()) == 12
    offers = client.get(list_url(quartier), {"kind": "offer", "category": "diy"}).json()
    assert {item["title"][:5] for item in offers} == {"Offre"}


QUERIES_LIST = 2


def test_edit_by_the_author_only(quartier, alice, bob):
    coup = publish(quartier, alice)

    assert (
        api_as(bob)
        .patch(f"/api/v1/coups-de-main/{coup.pk}/", {"title": "X"}, format="json")
        .status_code
        == 403
    )
    response = api_as(alice).patch(
        f"/api/v1/coups-de-main/{coup.pk}/", {"title": "Deux armoires"}, format="json"
    )
    assert response.status_code == 200 and response.json()["title"] == "Deux armoires"


def test_the_author_of_an_offer_of_a_hand_is_written_to_not_answered(quartier, alice, bob):
    coup = publish(quartier, bob, kind="offer")

    response = api_as(alice).post(f"/api/v1/coups-de-main/{coup.pk}/offers/", {}, format="json")

    assert response.status_code == 400 and "write to its author" in response.json()["detail"]
    assert not HelpOffer.objects.exists()


def test_a_member_of_another_quartier_only_sees_their_own(quartier, alice, dave):
    publish(quartier, alice)
    other = MembershipFactory.create(user=dave).quartier
    publish(other, dave, title="Ailleurs")

    assert api_as(dave).get(list_url(quartier)).status_code == 404
    assert [c["title"] for c in api_as(dave).get(list_url(other)).json()] == ["Ailleurs"]
