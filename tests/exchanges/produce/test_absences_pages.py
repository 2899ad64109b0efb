"""The absences' pages without JavaScript: the dates I take a basket on and the form to mark
an absence, cancelling one (asked first), the baskets offered and "I take it"; outsiders get
404 everywhere, bad input is refused in words with nothing stored, queries do not grow."""

from __future__ import annotations

import pytest
from django.test import Client

from exchanges.produce.models import Absence, Contract
from exchanges.produce.services import absences
from neighbourhood.accounts.models import User
from neighbourhood.relais import services as relais
from neighbourhood.relais.models import ProxyAction
from tests.exchanges.produce.baskets import after_deadline, dates, subscribe
from tests.exchanges.produce.contracts import HALF, LARGE, SMALL
from tests.factories import MembershipFactory, UserFactory
from tests.neighbourhood.relais.conftest import acting_client, make_relais


def client_for(user: User, language: str = "en") -> Client:
    user.language = language
    user.save(update_fields=["language"])
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def world(contract: Contract, alice, bob):
    subscription = subscribe(contract, alice, LARGE)
    every = dates(contract)
    offered = absences.absence_mark(
        subscription=subscription, date=every[1], actor=alice, fate="offered"
    )
    return {"subscription": subscription, "dates": every, "offered": offered}


def urls(world) -> dict[str, str]:
    subscription, offered = world["subscription"], world["offered"]
    return {
        "absences": f"/produce/subscriptions/{subscription.pk}/absences/",
        "subscription": f"/produce/subscriptions/{subscription.pk}/",
        "cancel": f"/produce/absences/{offered.pk}/cancel/",
        "baskets": "/produce/in/croix-rousse/baskets/",
        "take": f"/produce/absences/{offered.pk}/take/",
    }


@pytest.mark.parametrize("page", ["absences", "subscription", "cancel", "baskets", "take"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_an_outsider_gets_404_everywhere(world, dave, page, method):
    response = getattr(client_for(dave), method)(urls(world)[page], {"date": "1"})
    assert response.status_code == 404
    assert Absence.objects.count() == 1 and Absence.objects.get().taken_by is None


@pytest.mark.parametrize("page", ["absences", "cancel"])
def test_another_member_gets_404_on_my_absences(world, bob, page):
    assert client_for(bob).get(urls(world)[page]).status_code == 404
    assert client_for(bob).post(urls(world)[page]).status_code == 404
    assert Absence.objects.count() == 1


def test_the_page_lists_the_dates_with_their_state_and_a_form(world, alice):
    page = client_for(alice).get(urls(world)["absences"]).content.decode()
    assert page.count('class="card" id="date-') == 9
    assert "nobody has taken it yet" in page
    assert page.count('name="fate"') == 8 * 3  # three radios on each date still free
    assert "Back to my subscription" in page
    assert "2 of 2 left" in page


def test_marking_a_basket_given_to_a_neighbour(world, alice, bob):
    date = world["dates"][0]
    client = client_for(alice)
    response = client.post(
        urls(world)["absences"], {"date": date.pk, "fate": "neighbour", "neighbour": bob.pk}
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#date-{date.pk}")
    absence = Absence.objects.get(date=date)
    assert (absence.fate, absence.taken_by) == ("neighbour", bob)
    page = client.get(response["Location"]).content.decode()
    assert "Your absence is marked." in page and "your basket goes to Bob" in page


@pytest.mark.parametrize(
    ("data", "said"),
    [
        ({"fate": "neighbour"}, "Choose the neighbour who takes it."),
        ({"fate": "association", "association": "  "}, "Name the association."),
        ({"fate": ""}, "Say what becomes of your basket."),
        ({"fate": "neighbour", "neighbour": "999999"}, "Select a valid choice."),
    ],
)
def test_bad_input_is_refused_in_words_next_to_the_field(world, alice, data, said):
    date = world["dates"][0]
    response = client_for(alice).post(urls(world)["absences"], {"date": date.pk, **data})
    assert response.status_code == 400
    page = response.content.decode()
    assert said in page and "Please correct what is marked below." in page
    assert not Absence.objects.filter(date=date).exists()


def test_a_neighbour_outside_the_quartier_is_not_offered_nor_accepted(world, alice, dave):
    page = client_for(alice).get(urls(world)["absences"]).content.decode()
    assert "Dave" not in page and ">Bob<" in page
    date = world["dates"][0]
    response = client_for(alice).post(
        urls(world)["absences"], {"date": date.pk, "fate": "neighbour", "neighbour": dave.pk}
    )
    assert response.status_code == 400
    assert not Absence.objects.filter(date=date).exists()


def test_a_date_not_taken_is_refused(contract, alice):
    subscription = subscribe(contract, alice, HALF)
    odd = dates(contract)[1]
    response = client_for(alice).post(
        f"/produce/subscriptions/{subscription.pk}/absences/", {"date": odd.pk, "fate": "offered"}
    )
    assert response.status_code == 400
    assert "Choose one of the dates you take a basket on." in response.content.decode()
    assert not Absence.objects.exists()


def test_after_the_deadline_without_jokers_the_refusal_is_in_words(contract, alice, monkeypatch):
    Contract.objects.filter(pk=contract.pk).update(jokers=0)
    subscription = subscribe(contract, alice, SMALL)
    date = dates(contract)[0]
    after_deadline(date, monkeypatch)
    response = client_for(alice).post(
        f"/produce/subscriptions/{subscription.pk}/absences/", {"date": date.pk, "fate": "offered"}
    )
    assert response.status_code == 400
    assert "no joker left" in response.content.decode()
    assert not Absence.objects.exists()


def test_cancelling_asks_first_then_cancels(world, alice):
    client = client_for(alice)
    asked = client.get(urls(world)["cancel"])
    assert asked.status_code == 200 and "Yes, cancel my absence" in asked.content.decode()
    assert Absence.objects.count() == 1
    done = client.post(urls(world)["cancel"])
    assert done.status_code == 302
    assert not Absence.objects.exists()


def test_the_baskets_offered_and_i_take_it(world, alice, bob):
    page = client_for(bob).get(urls(world)["baskets"]).content.decode()
    assert "I take it" in page and "Offered by Alice" in page
    own = client_for(alice).get(urls(world)["baskets"]).content.decode()
    assert "Your own basket" in own and "I take it" not in own
    response = client_for(bob).post(urls(world)["take"])
    assert response.status_code == 302
    assert Absence.objects.get().taken_by == bob
    after = client_for(bob).get(urls(world)["baskets"]).content.decode()
    assert "No basket is offered right now." in after


def test_the_subscriber_taking_their_own_is_refused(world, alice):
    response = client_for(alice).post(urls(world)["take"], follow=True)
    assert "This is your own basket." in response.content.decode()
    assert Absence.objects.get().taken_by is None


def test_names_are_escaped(world, alice, bob):
    bob.display_name = "<b>Bob</b>"
    bob.save()
    page = client_for(alice).get(urls(world)["absences"]).content.decode()
    assert "<b>Bob</b>" not in page and "&lt;b&gt;Bob&lt;/b&gt;" in page


def test_the_pages_speak_french(world, alice):
    page = client_for(alice, "fr").get(urls(world)["absences"]).content.decode()
    assert "Mes absences" in page
    baskets = client_for(alice, "fr").get(urls(world)["baskets"]).content.decode()
    assert "Paniers proposés" in baskets


@pytest.mark.parametrize("members", [2, 15])
def test_the_pages_do_not_grow_in_queries(
    contract, quartier, alice, members, django_assert_max_num_queries
):
    subscription = subscribe(contract, alice, LARGE)
    for n in range(members):
        member = UserFactory.create(display_name=f"Membre {n:02}")
        MembershipFactory.create(quartier=quartier, user=member)
        other = subscribe(contract, member, SMALL)
        absences.absence_mark(
            subscription=other, date=dates(contract)[n % 9], actor=member, fate="offered"
        )
    client = client_for(alice)
    with django_assert_max_num_queries(12):
        page = client.get(f"/produce/subscriptions/{subscription.pk}/absences/")
    assert page.content.decode().count(">Membre ") == members * 9
    with django_assert_max_num_queries(10):
        offered = client.get("/produce/in/croix-rousse/baskets/").content.decode()
    assert offered.count("I take it") == members


def test_a_relais_marks_an_absence_for_a_neighbour_logged(contract, quartier, carol):
    marc = UserFactory.create(display_name="Marc")
    MembershipFactory.create(quartier=quartier, user=marc)
    make_relais(quartier, marc, carol)
    consent = relais.neighbour_create(
        relais=marc, quartier=quartier, display_name="Mme Petit", phone="04 78 00 00 00", how="EPN"
    )
    subscription = subscribe(contract, consent.neighbour, SMALL)
    date = dates(contract)[0]
    client = acting_client(marc, consent)
    url = f"/produce/subscriptions/{subscription.pk}/absences/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"date": date.pk, "fate": "association", "association": "Restos"})
    assert response.status_code == 302
    assert Absence.objects.get().recorded_by == marc
    assert ProxyAction.objects.filter(
        relais=marc, neighbour=consent.neighbour, verb=ProxyAction.Verb.ABSENCE_MARKED
    ).exists()
