"""The merged pick-up list of a distribution, against hand-computed lists and totals.

The first Thursday of the season, the quartier's order cycle (eggs and baskets on sale) is
also the contract's first date:

- Alice, a large basket, is away: she gives it to Karim, who also ordered 2 boxes of eggs.
- Bob, 2 small shares, is there; he also took the small basket Zoé offered. Bob has not paid
  his cheque of the month: he is marked late.
- Carol, a half share, takes a basket on the 1st, 3rd, 5th… dates: this one, not the next.
- Yann gives his large basket to the Restos du cœur; Xavier's small basket is offered and
  nobody has taken it.
- Walter subscribes from the second date on: nothing for him on the first.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from exchanges.produce import reports, services
from exchanges.produce.models import Contract, Instalment, OrderCycle, Producer, Product
from exchanges.produce.services import absences
from neighbourhood.accounts.models import User
from tests.conftest import api_as
from tests.exchanges.produce.baskets import dates, subscribe
from tests.exchanges.produce.conftest import download, offer_id
from tests.exchanges.produce.contracts import HALF, LARGE, SMALL, first_weekday
from tests.factories import MembershipFactory, UserFactory, contract_fields, cycle_fields


def member(quartier, name: str) -> User:
    user = UserFactory.create(display_name=name)
    MembershipFactory.create(quartier=quartier, user=user)
    return user


@pytest.fixture
def distribution(quartier, carol, eggs: Product, basket: Product) -> OrderCycle:
    thursday = first_weekday(timezone.localdate() + datetime.timedelta(days=14), 3)
    return services.cycle_create(
        quartier=quartier,
        actor=carol,
        offers=[services.Offer(eggs), services.Offer(basket)],
        **cycle_fields(
            title="Première distribution",
            distribution_date=thursday,
            closes_at=timezone.now() + datetime.timedelta(days=10),
        ),
    )


@pytest.fixture
def season(distribution: OrderCycle, farm: Producer, carol, thursdays) -> Contract:
    contract = services.contract_create(
        producer=farm,
        actor=carol,
        sizes=[
            services.Size(SMALL, 1200),
            services.Size(LARGE, 2000),
            services.Size(HALF, 1200, every=2),
        ],
        dates_off=[],
        **contract_fields(),
    )
    assert dates(contract)[0].cycle == distribution
    return contract


@pytest.fixture
def scene(season: Contract, distribution: OrderCycle, quartier, alice, bob, carol, eggs):
    karim, zoe, yann, xavier, walter = (
        member(quartier, name) for name in ("Karim", "Zoé", "Yann", "Xavier", "Walter")
    )
    first, second = dates(season)[:2]
    subs = {
        "alice": subscribe(season, alice, LARGE),
        "bob": subscribe(season, bob, SMALL, shares=2),
        "carol": subscribe(season, carol, HALF, instalments=3),
        "zoe": subscribe(season, zoe, SMALL),
        "yann": subscribe(season, yann, LARGE),
        "xavier": subscribe(season, xavier, SMALL),
        "walter": subscribe(season, walter, SMALL, starts_on=second.date),
    }
    # Every cheque of the distribution's month is received but Bob's; Carol's later ones wait.
    Instalment.objects.filter(due_month__lte=first.date.replace(day=1)).exclude(
        subscription=subs["bob"]
    ).update(state="received")
    mark = absences.absence_mark
    mark(subscription=subs["alice"], date=first, actor=alice, fate="neighbour", neighbour=karim)
    offered = mark(subscription=subs["zoe"], date=first, actor=zoe, fate="offered")
    absences.basket_take(absence=offered, actor=bob)
    mark(
        subscription=subs["yann"],
        date=first,
        actor=yann,
        fate="association",
        association="Restos du cœur",
    )
    mark(subscription=subs["xavier"], date=first, actor=xavier, fate="offered")
    services.order_place(
        cycle=distribution, member=karim, quantities={offer_id(distribution, eggs): 2}
    )
    return {"karim": karim, "subs": subs, "first": first, "second": second}


def described(pickup: reports.PickUp) -> tuple:
    return (
        pickup.name,
        [
            (
                basket.subscription.size.name,
                basket.subscription.shares,
                basket.subscriber.public_name if basket.passed_on else "",
                basket.late,
            )
            for basket in pickup.baskets
        ],
        [(line.offer.product.name, line.quantity) for line in pickup.lines],
        pickup.amount_cents,
    )


def test_the_merged_list_of_the_first_distribution(scene, distribution):
    pickups = reports.pickup_list(reports.load(distribution))
    assert [described(pickup) for pickup in pickups] == [
        ("Bob", [(SMALL, 2, "", True), (SMALL, 1, "Zoé", False)], [], 0),
        ("Carol", [(HALF, 1, "", False)], [], 0),
        ("Karim", [(LARGE, 1, "Alice", False)], [("Œufs", 2)], 700),
        ("Offered, not taken yet", [(SMALL, 1, "Xavier", False)], [], 0),
        ("Restos du cœur", [(LARGE, 1, "Yann", False)], [], 0),
    ]
    assert [pickup.late for pickup in pickups] == [True, False, False, False, False]
    assert pickups[4].association == "Restos du cœur" and pickups[4].member is None


def test_the_producer_totals_add_the_shares_by_size(scene, distribution, farm):
    [total] = reports.producer_totals(reports.load(distribution))
    assert total.producer == farm
    assert [(s.size, s.shares) for s in total.shares] == [(SMALL, 4), (HALF, 1), (LARGE, 2)]
    assert [(p.offer.product.name, p.quantity) for p in total.products if p.quantity] == [
        ("Œufs", 2)
    ]
    assert total.amount_cents == 700


def test_the_next_date_has_no_half_share_and_the_late_starter(scene, season):
    second = scene["second"]
    assert second.cycle is not None
    pickups = reports.pickup_list(reports.load(second.cycle))
    assert [described(pickup) for pickup in pickups] == [
        ("Alice", [(LARGE, 1, "", False)], [], 0),
        ("Bob", [(SMALL, 2, "", True)], [], 0),
        ("Walter", [(SMALL, 1, "", False)], [], 0),
        ("Xavier", [(SMALL, 1, "", False)], [], 0),
        ("Yann", [(LARGE, 1, "", False)], [], 0),
        ("Zoé", [(SMALL, 1, "", False)], [], 0),
    ]


def test_a_cheque_due_later_is_not_late_and_an_ended_subscription_has_no_basket(
    scene, distribution
):
    carol_sub = scene["subs"]["carol"]
    assert Instalment.objects.filter(subscription=carol_sub, state="to_receive").count() == 2
    services.subscription_end(subscription=scene["subs"]["carol"], actor=carol_sub.member)
    names = [p.name for p in reports.pickup_list(reports.load(distribution))]
    assert "Carol" not in names


def coordinator() -> Client:
    carol = User.objects.get(display_name="Carol")
    carol.language = "en"
    carol.save(update_fields=["language"])
    client = Client()
    client.force_login(carol)
    return client


def test_the_reports_page_shows_who_collects_whose_basket(scene, distribution):
    page = coordinator().get(f"/produce/cycles/{distribution.pk}/reports/").content.decode()
    karim = page[page.index(">Karim<") :].split('class="card pickup')[0]
    assert "Grand panier" in karim and "for Alice" in karim and "Œufs" in karim
    bob = page[page.index(">Bob<") :].split('class="card pickup')[0]
    assert "Late with contract payments" in bob and "for Zoé" in bob
    assert "Restos du cœur" in page and "Offered, not taken yet" in page
    assert "6 contract baskets to hand over." in page
    assert "1 of 1 order picked up." not in page and "0 of 1 order picked up." in page
    assert "Contract shares to bring" in page


def test_the_pickup_csv_holds_the_baskets(scene, distribution):
    content, _headers = download(
        coordinator(), f"/produce/cycles/{distribution.pk}/reports/pickup.csv"
    )
    text = content.decode("utf-8").removeprefix(codecs.BOM_UTF8.decode())
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert [row[:3] for row in rows[1:-1]] == [
        [
            "Bob",
            "2 × Petit panier (Légumes — saison), contract payments late, "
            "1 × Petit panier (Légumes — saison), for Zoé",
            "0.00",
        ],
        ["Carol", "1 × Demi-part (Légumes — saison)", "0.00"],
        [
            "Karim",
            "1 × Grand panier (Légumes — saison), for Alice, 2 × Œufs (boîte de 6)",
            "7.00",
        ],
        ["Offered, not taken yet", "1 × Petit panier (Légumes — saison), for Xavier", "0.00"],
        ["Restos du cœur", "1 × Grand panier (Légumes — saison), for Yann", "0.00"],
    ]


def test_the_totals_csv_and_the_pdfs(scene, distribution):
    client = coordinator()
    totals, _headers = download(client, f"/produce/cycles/{distribution.pk}/reports/totals.csv")
    text = totals.decode("utf-8")
    assert "Légumes — saison, Petit panier;contract share;;4" in text
    assert "Légumes — saison, Grand panier;contract share;;2" in text
    for report in ("pickup", "totals"):
        pdf, _headers = download(client, f"/produce/cycles/{distribution.pk}/reports/{report}.pdf")
        assert pdf.startswith(b"%PDF")


def test_the_payments_page_lists_only_those_with_an_order(scene, distribution):
    page = coordinator().get(f"/produce/cycles/{distribution.pk}/payments/").content.decode()
    assert ">Karim<" in page and ">Bob<" not in page


def test_the_pickup_api_includes_the_baskets(scene, distribution, carol):
    data = api_as(carol).get(f"/api/v1/cycles/{distribution.pk}/reports/pickup/").json()
    karim = next(row for row in data if row["name"] == "Karim")
    baskets = [
        (b["size"], b["passed_on"], b["subscriber"]["display_name"]) for b in karim["baskets"]
    ]
    assert baskets == [(LARGE, True, "Alice")]
    restos = next(row for row in data if row["name"] == "Restos du cœur")
    assert restos["member"] is None and restos["order"] is None
    totals = api_as(carol).get(f"/api/v1/cycles/{distribution.pk}/reports/totals/").json()
    assert [(s["size"], s["shares"]) for s in totals[0]["shares"]] == [
        (SMALL, 4),
        (HALF, 1),
        (LARGE, 2),
    ]


@pytest.mark.parametrize("extra", [0, 12])
def test_the_load_is_nine_queries_whatever_the_members(
    scene, season, distribution, quartier, extra, django_assert_num_queries
):
    for n in range(extra):
        subscribe(season, member(quartier, f"Membre {n:02}"), SMALL)
    with django_assert_num_queries(9):
        data = reports.load(distribution)
        pickups = reports.pickup_list(data)
        reports.producer_totals(data)
    assert len(pickups) == 5 + extra


@pytest.mark.parametrize("page", ["reports/", "reports/pickup.pdf", "reports/pickup.csv"])
def test_the_page_and_files_do_not_grow_in_queries_with_the_members(
    scene, season, distribution, quartier, page
):
    """A file's first request queues its build, run at once by the tests' Celery: its queries
    are the request's and the build's."""
    client = coordinator()
    url = f"/produce/cycles/{distribution.pk}/{page}"
    status = 200 if page == "reports/" else 202
    client.get(url)
    client.get(url)
    subscribe(season, member(quartier, "Nouvelle voisine"), SMALL)  # a new state: built again
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == status
    for n in range(11):  # the contract's room left
        subscribe(season, member(quartier, f"Membre {n:02}"), SMALL)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.status_code == status
    assert len(many) == len(few)
    if page == "reports/":
        assert response.content.decode().count(">Membre ") == 11
