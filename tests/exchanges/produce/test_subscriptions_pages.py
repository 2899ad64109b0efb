"""Subscribing through the pages, without JavaScript: the form, "check and confirm", the
subscription's page, the waiting list, a coordinator's list and instalments, the treasury."""

from __future__ import annotations

import datetime
import html
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from exchanges.produce import kinds, services
from exchanges.produce.models import Contract, Instalment, InstalmentState, Subscription
from messaging.models import Notification
from neighbourhood.accounts.models import User
from neighbourhood.quartiers.models import Quartier
from neighbourhood.relais import services as relais
from neighbourhood.relais.models import ProxyAction
from tests.exchanges.produce.conftest import download
from tests.exchanges.produce.contracts import LARGE, SMALL, size
from tests.exchanges.produce.test_pages import client_for, errors_of, text_of
from tests.factories import MembershipFactory, UserFactory
from tests.neighbourhood.relais.conftest import acting_client, make_relais

pytestmark = pytest.mark.django_db


def form_data(contract: Contract, **overrides: str) -> dict[str, str]:
    first = contract.dates.filter(off=False).order_by("date").first()
    assert first is not None
    return {
        "size": str(size(contract, SMALL).pk),
        "shares": "1",
        "starts_on": first.date.isoformat(),
        "plan_kind": "even",
        "instalments": "3",
        "method": "cheque",
        "accepted_terms": "on",
    } | overrides


def subscribe(client: Client, contract: Contract, **overrides: str):
    url = reverse("produce:subscribe", args=[contract.pk])
    return client.post(url, form_data(contract, **overrides) | {"confirmed": "yes"})


def test_the_form_shows_sizes_with_prices_dates_and_terms(contract: Contract, alice: User):
    page = client_for(alice).get(reverse("produce:subscribe", args=[contract.pk]))
    assert page.status_code == 200
    text = text_of(page.content.decode())
    # Nine dates with a basket: 9 × 12 € for the small basket, five of them for the half share.
    assert "Petit panier: 12.00 € a distribution, 108.00 € for 9 baskets" in text
    assert "Demi-part: 12.00 € a distribution, 60.00 € for 5 baskets" in text
    assert contract.terms in text
    assert 'type="checkbox" name="accepted_terms"' in page.content.decode()


def test_check_then_confirm_stores_the_plan(contract: Contract, alice: User):
    client = client_for(alice)
    url = reverse("produce:subscribe", args=[contract.pk])
    check = client.post(url, form_data(contract))
    assert check.status_code == 200
    text = text_of(check.content.decode())
    assert "108.00 €" in text and "36.00 €" in text
    assert not Subscription.objects.exists()  # nothing stored before "confirm"
    answer = subscribe(client, contract)
    subscription = Subscription.objects.get()
    assert answer.status_code == 302 and answer["Location"] == subscription.get_absolute_url()
    assert subscription.total_cents == 10800 and subscription.recorded_by is None
    assert [i.amount_cents for i in subscription.instalments.all()] == [3600, 3600, 3600]
    assert Notification.objects.filter(user=alice, kind=kinds.SUBSCRIBED).exists()


def test_the_check_page_names_the_share_and_labels_each_instalment(contract: Contract, alice):
    url = reverse("produce:subscribe", args=[contract.pk])
    check = client_for(alice).post(url, form_data(contract, shares="2"))
    assert check.status_code == 200
    text = text_of(check.content.decode())
    assert f"Share 2 × {SMALL}" in text
    # On a phone each cell of the plan is a line of its own: it says what it is.
    assert check.content.decode().count('data-label="Amount"') == 3
    assert check.content.decode().count('data-label="Paid by"') == 3


def test_custom_amounts_that_do_not_add_up_are_refused_in_words(contract: Contract, alice):
    month = contract.starts_on.replace(day=1).isoformat()
    answer = subscribe(
        client_for(alice, "fr"),
        contract,
        plan_kind="custom",
        month_1=month,
        amount_1="50",
        month_2=month,
        amount_2="50,00",
    )
    assert answer.status_code == 400
    page = html.unescape(answer.content.decode())
    assert "Les échéances font 100,00" in page and "et non les 108,00" in page
    assert not Subscription.objects.exists() and not Instalment.objects.exists()


def test_custom_amounts_that_add_up_are_kept_row_by_row(contract: Contract, alice):
    first = contract.starts_on.replace(day=1)
    second = (first + datetime.timedelta(days=32)).replace(day=1)
    subscribe(
        client_for(alice),
        contract,
        plan_kind="custom",
        month_1=first.isoformat(),
        amount_1="58,00",
        method_1="transfer",
        month_3=second.isoformat(),
        amount_3="50",
    )
    plan = list(Subscription.objects.get().instalments.values_list("amount_cents", "method"))
    assert plan == [(5800, "transfer"), (5000, "cheque")]


def test_terms_not_accepted_said_by_the_field(contract: Contract, alice):
    answer = subscribe(client_for(alice), contract, accepted_terms="")
    assert answer.status_code == 400
    assert "accept the contract" in errors_of(answer.content.decode(), "accepted_terms")
    assert not Subscription.objects.exists()


def test_full_contract_says_the_rank_on_the_waiting_list(contract: Contract, alice, bob):
    Contract.objects.filter(pk=contract.pk).update(capacity=1)
    contract.refresh_from_db()
    subscribe(client_for(alice), contract)
    client = client_for(bob)
    form = client.get(reverse("produce:subscribe", args=[contract.pk]))
    assert "waiting list" in form.content.decode()
    answer = subscribe(client, contract)
    page = client.get(answer["Location"])
    assert "number 1 on the waiting list" in text_of(page.content.decode())
    waiting = Subscription.objects.get(member=bob)
    assert waiting.status == Subscription.Status.WAITING
    assert Notification.objects.filter(user=bob, kind=kinds.SUBSCRIPTION_WAITING).exists()
    # Leaving the list asks first, then does it.
    end = reverse("produce:subscription_end", args=[waiting.pk])
    assert "Leave the waiting list?" in client.get(end).content.decode()
    client.post(end)
    waiting.refresh_from_db()
    assert waiting.status == Subscription.Status.ENDED


def test_a_member_cannot_end_an_active_subscription(contract: Contract, alice):
    client = client_for(alice)
    subscribe(client, contract)
    subscription = Subscription.objects.get()
    client.post(reverse("produce:subscription_end", args=[subscription.pk]))
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.ACTIVE


def test_a_coordinator_enters_a_paper_contract(contract: Contract, carol, alice):
    subscribe(client_for(carol), contract, member=str(alice.pk))
    subscription = Subscription.objects.get()
    assert subscription.member == alice and subscription.recorded_by == carol


def test_coordinator_ends_a_subscription_and_the_next_moves_up(
    contract: Contract, carol, alice, bob
):
    Contract.objects.filter(pk=contract.pk).update(capacity=1)
    contract.refresh_from_db()
    subscribe(client_for(alice), contract)
    subscribe(client_for(bob), contract)
    first = Subscription.objects.get(member=alice)
    client_for(carol).post(reverse("produce:subscription_end", args=[first.pk]))
    second = Subscription.objects.get(member=bob)
    assert second.status == Subscription.Status.ACTIVE
    assert Notification.objects.filter(user=bob, kind=kinds.SUBSCRIPTION_MOVED_UP).exists()


def test_coordinator_records_an_instalment(contract: Contract, carol, alice):
    subscribe(client_for(alice), contract)
    instalment = Instalment.objects.order_by("position").first()
    assert instalment is not None
    client = client_for(carol)
    url = reverse("produce:instalment", args=[instalment.pk])
    client.post(url, {"state": "received", "cheque_number": "1234567", "bank": "Crédit Mutuel"})
    instalment.refresh_from_db()
    assert (instalment.state, instalment.cheque_number) == ("received", "1234567")
    assert instalment.state_changed_by == carol
    # Going back is refused in words, nothing changed.
    answer = client.post(
        url, {"state": "to_receive", "cheque_number": "1", "bank": ""}, follow=True
    )
    assert "cannot go back" in answer.content.decode()
    instalment.refresh_from_db()
    assert (instalment.state, instalment.cheque_number) == ("received", "1234567")


def test_a_member_cannot_record_an_instalment(contract: Contract, alice):
    client = client_for(alice)
    subscribe(client, contract)
    instalment = Instalment.objects.first()
    assert instalment is not None
    answer = client.post(reverse("produce:instalment", args=[instalment.pk]), {"state": "cashed"})
    assert answer.status_code == 403
    instalment.refresh_from_db()
    assert instalment.state == InstalmentState.TO_RECEIVE


def test_the_lists_a_coordinator_reads(
    contract: Contract, carol, alice, bob, django_assert_max_num_queries
):
    subscribe(client_for(alice), contract)
    subscribe(client_for(bob), contract, size=str(size(contract, LARGE).pk))
    client = client_for(carol)
    url = reverse("produce:contract_subscriptions", args=[contract.pk])
    client.get(url)  # the session and the caches warm
    with django_assert_max_num_queries(12):
        page = client.get(url)
    text = text_of(page.content.decode())
    assert "Alice" in text and "Bob" in text and "288.00 €" in text
    for index in range(8):
        member = UserFactory.create(display_name=f"Voisin {index}")
        MembershipFactory.create(quartier=contract.producer.quartier, user=member)
        subscribe(client_for(member), contract)
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200


def test_treasury_of_the_month(
    contract: Contract, carol, alice, quartier: Quartier, django_assert_max_num_queries
):
    subscribe(client_for(alice), contract, instalments="1")
    month = contract.starts_on.strftime("%Y-%m")
    client = client_for(carol)
    url = reverse("produce:treasury", args=[quartier.slug])
    client.get(url)
    with django_assert_max_num_queries(10):
        page = client.get(url, {"month": month})
    assert "Alice" in text_of(page.content.decode()) and "108.00 €" in page.content.decode()
    csv, headers = download(
        client, reverse("produce:treasury_export", args=[quartier.slug, "csv"]) + f"?month={month}"
    )
    assert headers["Content-Type"].startswith("text/csv") and "Alice" in csv.decode("utf-8-sig")
    pdf, _headers = download(
        client, reverse("produce:treasury_export", args=[quartier.slug, "pdf"]) + f"?month={month}"
    )
    assert pdf.startswith(b"%PDF")
    assert client.get(url, {"month": "2026-13"}).status_code == 200  # this month instead
    this_month = timezone.localdate().strftime("%Y-%m")
    for far in ("0001-01", "9999-12", "1999-12", "2101-01"):  # this month instead
        assert client.get(url, {"month": far}).status_code == 200, far
        assert this_month in client.get(url, {"month": far}).content.decode()
        for fmt in ("csv", "pdf"):
            export = reverse("produce:treasury_export", args=[quartier.slug, fmt])
            assert client.get(export, {"month": far}).status_code in (200, 202), far
    assert (
        client.get(reverse("produce:treasury_export", args=[quartier.slug, "xls"])).status_code
        == 404
    )
    assert client_for(alice).get(url).status_code == 403  # a member, not a coordinator


def test_documents(contract: Contract, carol, alice):
    subscribe(client_for(alice), contract)
    subscription = Subscription.objects.get()
    mine = client_for(alice).get(reverse("produce:contract_pdf", args=[subscription.pk]))
    assert mine.status_code == 200 and mine.content.startswith(b"%PDF")
    schedule, _headers = download(
        client_for(carol), reverse("produce:schedule_pdf", args=[contract.pk])
    )
    assert schedule.startswith(b"%PDF")


def test_outsiders_get_404_everywhere(contract: Contract, alice, bob, dave, quartier: Quartier):
    subscribe(client_for(alice), contract)
    subscription = Subscription.objects.get()
    instalment = subscription.instalments.first()
    assert instalment is not None
    private = [
        reverse("produce:subscription", args=[subscription.pk]),
        reverse("produce:subscription_end", args=[subscription.pk]),
        reverse("produce:contract_pdf", args=[subscription.pk]),
        reverse("produce:contract_subscriptions", args=[contract.pk]),
        reverse("produce:schedule_pdf", args=[contract.pk]),
    ]
    treasury = [
        reverse("produce:treasury", args=[quartier.slug]),
        reverse("produce:treasury_export", args=[quartier.slug, "csv"]),
        reverse("produce:treasury_export", args=[quartier.slug, "pdf"]),
    ]
    for url in treasury:  # the coordinators': 404 to outsiders, 403 to members
        assert client_for(dave).get(url).status_code == 404, url
        assert client_for(bob).get(url).status_code == 403, url
    for outsider in (dave, bob):  # bob is a member, but not of alice's subscription
        client = client_for(outsider)
        for url in private:
            assert client.get(url).status_code == 404, (outsider, url)
        answer = client.post(
            reverse("produce:instalment", args=[instalment.pk]), {"state": "cashed"}
        )
        assert answer.status_code == 404
    client = client_for(dave)
    for url in (
        reverse("produce:contract", args=[contract.pk]),
        reverse("produce:subscribe", args=[contract.pk]),
    ):
        assert client.get(url).status_code == 404
    assert subscribe(client, contract).status_code == 404
    assert Subscription.objects.count() == 1


def test_my_contracts(contract: Contract, alice, django_assert_max_num_queries):
    client = client_for(alice)
    subscribe(client, contract)
    client.get(reverse("produce:my_contracts"))
    with django_assert_max_num_queries(8):
        page = client.get(reverse("produce:my_contracts"))
    assert contract.title in html.unescape(page.content.decode())


def test_a_relais_subscribes_for_a_neighbour(contract: Contract, quartier: Quartier, carol):
    marc = UserFactory.create(display_name="Marc")
    MembershipFactory.create(quartier=quartier, user=marc)
    make_relais(quartier, marc, carol)
    consent = relais.neighbour_create(
        relais=marc, quartier=quartier, display_name="Mme Petit", phone="04 78 00 00 00", how="EPN"
    )
    client = acting_client(marc, consent)
    assert client.get(reverse("produce:subscribe", args=[contract.pk])).status_code == 200
    answer = subscribe(client, contract)
    assert answer.status_code == 302
    subscription = Subscription.objects.get()
    assert subscription.member == consent.neighbour and subscription.recorded_by == marc
    action = ProxyAction.objects.get(verb="contract_subscribed")
    assert action.relais == marc and action.neighbour == consent.neighbour
    assert client.get(answer["Location"]).status_code == 200


def test_a_relais_takes_a_neighbour_off_the_waiting_list(
    contract: Contract, quartier: Quartier, carol, alice
):
    Contract.objects.filter(pk=contract.pk).update(capacity=1)
    subscribe(client_for(alice), contract)
    marc = UserFactory.create(display_name="Marc")
    MembershipFactory.create(quartier=quartier, user=marc)
    make_relais(quartier, marc, carol)
    consent = relais.neighbour_create(
        relais=marc, quartier=quartier, display_name="Mme Petit", phone="04 78 00 00 00", how="EPN"
    )
    client = acting_client(marc, consent)
    subscribe(client, contract)
    waiting = Subscription.objects.get(member=consent.neighbour)
    assert waiting.status == Subscription.Status.WAITING
    url = reverse("produce:subscription_end", args=[waiting.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"confirmed": "yes"}).status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == Subscription.Status.ENDED


def test_the_referent_hears_of_a_new_subscriber_not_of_one_waiting(contract: Contract, alice, bob):
    Contract.objects.filter(pk=contract.pk).update(referent=bob, capacity=1)
    contract.refresh_from_db()
    subscribe(client_for(alice), contract)
    notice = Notification.objects.get(user=bob, kind=kinds.SUBSCRIBER_NEW)
    assert notice.actor == alice and notice.url.endswith(f"/contracts/{contract.pk}/subscriptions/")
    zoe = UserFactory.create(display_name="Zoé")
    MembershipFactory.create(quartier=contract.producer.quartier, user=zoe)
    subscribe(client_for(zoe), contract)
    assert Notification.objects.filter(user=bob, kind=kinds.SUBSCRIBER_NEW).count() == 1
    # The referent follows the contract: its list is open to them.
    page = client_for(bob).get(reverse("produce:contract_subscriptions", args=[contract.pk]))
    assert page.status_code == 200 and "Zoé" in page.content.decode()


def test_names_are_escaped(contract: Contract, carol):
    member = UserFactory.create(display_name="<b>Zoé</b>")
    MembershipFactory.create(quartier=contract.producer.quartier, user=member)
    subscribe(client_for(member), contract)
    page = client_for(carol).get(reverse("produce:contract_subscriptions", args=[contract.pk]))
    assert "<b>Zoé</b>" not in page.content.decode()
    assert "&lt;b&gt;Zoé&lt;/b&gt;" in page.content.decode()


def test_the_check_page_posts_back_what_was_typed(contract: Contract, alice):
    client = client_for(alice)
    url = reverse("produce:subscribe", args=[contract.pk])
    check = client.post(url, form_data(contract, shares="2", instalments="4"))
    kept = dict(re.findall(r'type="hidden" name="(\w+)" value="([^"]*)"', check.content.decode()))
    assert kept["shares"] == "2" and kept["instalments"] == "4" and kept["accepted_terms"] == "on"
    changing = client.post(url, kept | {"change": "yes"})
    assert changing.status_code == 200 and not Subscription.objects.exists()
    assert 'name="shares" value="2"' in changing.content.decode()
    client.post(url, kept | {"confirmed": "yes"})
    subscription = Subscription.objects.get()
    assert subscription.shares == 2 and subscription.instalments.count() == 4


def test_the_contract_to_sign_has_two_copies(contract: Contract, alice):
    subscribe(client_for(alice), contract)
    subscription = Subscription.objects.get()
    pdf = client_for(alice).get(reverse("produce:contract_pdf", args=[subscription.pk])).content
    assert len(re.findall(rb"/Type /Page\b(?!s)", pdf)) == 2


def test_the_treasury_counts_live_subscriptions_by_state(
    contract: Contract, quartier: Quartier, carol, alice, bob
):
    Contract.objects.filter(pk=contract.pk).update(capacity=1)
    contract.refresh_from_db()
    subscribe(client_for(alice), contract, instalments="1")
    subscribe(client_for(bob), contract, instalments="1")  # waiting: nothing due yet
    instalment = Instalment.objects.get(subscription__member=alice)
    services.instalment_update(
        instalment=instalment, actor=carol, state="received", cheque_number="42", bank="CIC"
    )
    page = client_for(carol).get(
        reverse("produce:treasury", args=[quartier.slug]),
        {"month": contract.starts_on.strftime("%Y-%m")},
    )
    text = text_of(page.content.decode())
    assert "Alice" in text and "Bob" not in text
    assert "Received: 108.00 €" in text and "To receive: 0.00 €" in text
    assert "no. 42, CIC" in text
