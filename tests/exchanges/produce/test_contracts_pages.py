"""The contracts' pages and endpoints, as members and coordinators use them: forms posted
without JavaScript, then a redirect; the outsider dave gets a 404 on every one of them, and
the lists cost a fixed number of queries whatever the number of rows."""

from __future__ import annotations

import datetime
import html
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from exchanges.produce import services
from exchanges.produce.models import Contract, DistributionDay, FeePayment, MembershipFee
from exchanges.produce.services.contracts import Size
from neighbourhood.accounts.models import User
from tests.conftest import api_as
from tests.exchanges.produce.contracts import SMALL, first_weekday, size
from tests.factories import MembershipFactory, UserFactory, contract_fields

pytestmark = pytest.mark.django_db


def client_for(user: User) -> Client:
    user.language = "en"
    user.save(update_fields=["language"])
    client = Client()
    client.force_login(user)
    return client


def page_of(response: Any) -> str:
    return html.unescape(response.content.decode())


def contract_form(farm, **overrides: Any) -> dict[str, Any]:
    fields = contract_fields()
    data = {
        "producer": farm.pk,
        "title": "Légumes d'hiver",
        "description": "Un panier de légumes.",
        "starts_on": fields["starts_on"].isoformat(),
        "ends_on": fields["ends_on"].isoformat(),
        "signing_opens_at_0": (fields["starts_on"] - datetime.timedelta(days=10)).isoformat(),
        "signing_opens_at_1": "09:00",
        "signing_closes_at_0": (fields["starts_on"] - datetime.timedelta(days=1)).isoformat(),
        "signing_closes_at_1": "20:00",
        "capacity": "30",
        "referent": "",
        "terms": "La charte de l'AMAP.",
        "jokers": "1",
        "absence_deadline_hours": "48",
        "size_0_name": "Petit panier",
        "size_0_price": "12,50",
        "size_0_every": "1",
        "size_1_name": "",
        "size_1_price": "",
        "size_1_every": "1",
        "size_2_name": "Demi-part",
        "size_2_price": "12,50",
        "size_2_every": "2",
        "dates_off": "",
    }
    return data | overrides


def test_a_coordinator_creates_a_contract_from_the_page(farm, carol, thursdays):
    first = first_weekday(contract_fields()["starts_on"], 3)
    response = client_for(carol).post(
        "/produce/in/croix-rousse/contracts/new/",
        contract_form(farm, dates_off=f"{first:%d/%m/%Y}\n"),
    )
    contract = Contract.objects.get()
    assert (
        response.status_code == 302 and response["Location"] == f"/produce/contracts/{contract.pk}/"
    )
    assert sorted(contract.sizes.values_list("name", "price_cents", "every")) == [
        ("Demi-part", 1250, 2),
        ("Petit panier", 1250, 1),
    ]
    assert contract.dates.get(date=first).off


@pytest.mark.parametrize(
    ("opens_in", "told"),
    [
        (datetime.timedelta(days=3), "Members are told when signing opens."),
        (-datetime.timedelta(hours=1), "Signing is open: members are told in a minute."),
    ],
)
def test_the_coordinator_is_told_when_members_hear_of_the_contract(
    farm, carol, thursdays, opens_in, told
):
    opens = timezone.localtime(timezone.now() + opens_in)
    response = client_for(carol).post(
        "/produce/in/croix-rousse/contracts/new/",
        contract_form(
            farm,
            signing_opens_at_0=opens.date().isoformat(),
            signing_opens_at_1=opens.strftime("%H:%M"),
        ),
        follow=True,
    )
    assert response.status_code == 200
    assert f"The contract is ready. {told}" in page_of(response)


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"size_0_price": "douze euros"}, "size_0_price", "Enter a number."),
        (
            {"size_0_name": "", "size_0_price": "", "size_2_name": "", "size_2_price": ""},
            "sizes",
            "Give at least one share size",
        ),
        ({"size_2_name": "petit panier"}, "sizes", "a name of its own"),
        ({"dates_off": "le 14 août"}, "dates_off", "is not a date"),
        ({"size_1_name": "Grand panier"}, "size_1_price", "Give this share's price."),
    ],
)
def test_bad_input_on_the_page_is_refused_in_words_with_nothing_stored(
    farm, carol, thursdays, overrides, field, words
):
    response = client_for(carol).post(
        "/produce/in/croix-rousse/contracts/new/", contract_form(farm, **overrides)
    )
    assert response.status_code == 400
    page = page_of(response)
    start = page.index(f'id="id_{field}_errors"')
    assert words in page[start : page.index("</ul>", start)]
    assert "Please correct what is marked below." in page
    assert not Contract.objects.exists()


def test_the_season_backwards_is_refused_on_the_page(farm, carol, thursdays):
    fields = contract_fields()
    response = client_for(carol).post(
        "/produce/in/croix-rousse/contracts/new/",
        contract_form(farm, ends_on=(fields["starts_on"] - datetime.timedelta(days=3)).isoformat()),
    )
    assert response.status_code == 400
    assert "The season ends after it starts." in page_of(response)
    assert not Contract.objects.exists()


def test_members_read_the_list_and_the_contract(contract, alice, quartier, carol):
    services.subscription_create(
        contract=contract,
        member=carol,
        actor=carol,
        size=size(contract, SMALL),
        accepted_terms=True,
    )
    listing = page_of(client_for(alice).get("/produce/in/croix-rousse/contracts/"))
    assert contract.title in listing and "Ferme des Monts d'Or" in listing
    assert "From 12.00 € a distribution" in listing and "19 places left" in listing
    page = page_of(client_for(alice).get(f"/produce/contracts/{contract.pk}/"))
    assert "What a share holds" in page and contract.description in page
    assert "108.00 €" in page  # the small share, nine distributions
    assert "60.00 €" in page  # the half share, every other of the nine
    assert "no distribution" in page and contract.terms in page
    assert f'href="/produce/contracts/{contract.pk}/subscribe/"' in page
    assert "Edit the contract" not in page
    assert "membership of the AMAP is due" not in page
    services.membership_fee_set(
        quartier=quartier, actor=carol, year=contract.starts_on.year, amount_cents=1000
    )
    page = page_of(client_for(alice).get(f"/produce/contracts/{contract.pk}/"))
    assert "membership of the AMAP is due" in page


def test_a_full_contract_says_waiting_list(contract, alice):
    Contract.objects.filter(pk=contract.pk).update(capacity=1)
    services.subscription_create(
        contract=contract,
        member=alice,
        actor=alice,
        size=size(contract, SMALL),
        accepted_terms=True,
    )
    assert "Full: waiting list" in page_of(
        client_for(alice).get("/produce/in/croix-rousse/contracts/")
    )


def test_the_cycle_list_and_the_producer_page_lead_to_the_contracts(contract, alice, farm):
    assert 'href="/produce/in/croix-rousse/contracts/"' in page_of(
        client_for(alice).get("/produce/in/croix-rousse/")
    )
    assert f'href="/produce/contracts/{contract.pk}/"' in page_of(
        client_for(alice).get(f"/produce/producers/{farm.pk}/")
    )


def test_the_edit_page_changes_the_title_and_a_date_off(contract, carol):
    client = client_for(carol)
    page = page_of(client.get(f"/produce/contracts/{contract.pk}/edit/"))
    assert "Mark as off" in page and "Distribute that day" in page
    data = contract_form(contract.producer, title="Légumes d'été")
    del data["producer"], data["dates_off"]
    data |= {
        "starts_on": contract.starts_on.isoformat(),
        "ends_on": contract.ends_on.isoformat(),
        "size_0_name": SMALL,
        "size_0_price": "12",
        "size_1_name": "Grand panier",
        "size_1_price": "20",
        "size_2_name": "Demi-part",
        "size_2_price": "12",
    }
    response = client.post(f"/produce/contracts/{contract.pk}/edit/", data)
    assert response.status_code == 302
    contract.refresh_from_db()
    assert contract.title == "Légumes d'été" and contract.capacity == 30
    off = contract.dates.get(off=True)
    client.post(f"/produce/contracts/{contract.pk}/dates/{off.pk}/off/", {"off": "0"})
    off.refresh_from_db()
    assert not off.off


def test_a_subscribed_contract_says_its_dates_and_prices_are_fixed(contract, carol, alice):
    services.subscription_create(
        contract=contract,
        member=alice,
        actor=alice,
        size=size(contract, SMALL),
        accepted_terms=True,
    )
    client = client_for(carol)
    page = page_of(client.get(f"/produce/contracts/{contract.pk}/edit/"))
    assert "the share sizes with their prices are fixed" in page and "Mark as off" not in page
    off = contract.dates.get(off=True)
    response = client.post(f"/produce/contracts/{contract.pk}/dates/{off.pk}/off/", {"off": "0"})
    assert response.status_code == 302
    off.refresh_from_db()
    assert off.off


def test_a_subscribed_contracts_edit_page_keeps_the_prices_and_changes_the_rest(
    contract, carol, alice
):
    services.subscription_create(
        contract=contract,
        member=alice,
        actor=alice,
        size=size(contract, SMALL),
        accepted_terms=True,
    )
    data = contract_form(contract.producer, title="Légumes d'automne", capacity="25")
    del data["producer"], data["dates_off"]
    data |= {"size_0_name": SMALL, "size_0_price": "99", "ends_on": "2030-01-01"}
    response = client_for(carol).post(f"/produce/contracts/{contract.pk}/edit/", data)
    assert response.status_code == 302
    contract.refresh_from_db()
    assert (contract.title, contract.capacity) == ("Légumes d'automne", 25)
    assert size(contract, SMALL).price_cents == 1200 and contract.ends_on != datetime.date(
        2030, 1, 1
    )


def test_distribution_days_are_added_changed_and_removed_on_their_page(carol, quartier):
    client = client_for(carol)
    url = "/produce/in/croix-rousse/distribution-days/"
    new = {"day": "new", "new-weekday": "3", "new-starts_at": "18:00", "new-ends_at": "19:30"}
    response = client.post(url, new | {"new-place": "Maison des associations"})
    assert response.status_code == 302
    day = DistributionDay.objects.get()
    response = client.post(url, new | {"new-place": "Salle"})
    assert response.status_code == 400
    assert "already has a distribution on that day" in page_of(response)
    prefix = f"day{day.pk}"
    changed = {
        "day": str(day.pk),
        f"{prefix}-weekday": "4",
        f"{prefix}-starts_at": "17:00",
        f"{prefix}-ends_at": "16:00",
        f"{prefix}-place": "Halle",
    }
    response = client.post(url, changed)
    assert response.status_code == 400 and "must end after it starts" in page_of(response)
    client.post(url, changed | {f"{prefix}-ends_at": "19:00"})
    day.refresh_from_db()
    assert (day.weekday, day.place) == (4, "Halle")
    remove = f"/produce/in/croix-rousse/distribution-days/{day.pk}/remove/"
    assert "Remove the distribution of Friday?" in page_of(client.get(remove))
    assert DistributionDay.objects.exists()
    client.post(remove)
    assert not DistributionDay.objects.exists()


def test_the_membership_page_sets_the_fee_and_records_payments(carol, alice, bob, quartier):
    client = client_for(carol)
    url = "/produce/in/croix-rousse/membership/?year=2026"
    assert "Set the year's fee first." in page_of(client.get(url))
    response = client.post(
        url, {"form": "fee", "fee-year": "2026", "fee-amount": "15", "fee-required": "on"}
    )
    assert response.status_code == 302
    fee = MembershipFee.objects.get()
    assert (fee.amount_cents, fee.required) == (1500, True)
    prefix = f"member{alice.pk}"
    response = client.post(
        url,
        {
            "form": prefix,
            f"{prefix}-method": "cheque",
            f"{prefix}-cheque_number": "0012345",
            f"{prefix}-bank": "Crédit Mutuel",
            f"{prefix}-state": "received",
        },
    )
    assert response.status_code == 302
    assert FeePayment.objects.get(member=alice).state == "received"
    page = page_of(client.get(url))
    assert "Received · Cheque 0012345 · Crédit Mutuel" in page and "Not paid" in page


def test_members_get_a_403_on_the_coordinators_pages(contract, alice):
    client = client_for(alice)
    for url in [
        "/produce/in/croix-rousse/contracts/new/",
        f"/produce/contracts/{contract.pk}/edit/",
        "/produce/in/croix-rousse/distribution-days/",
        "/produce/in/croix-rousse/membership/",
    ]:
        assert client.get(url).status_code == 403, url


def test_the_outsider_gets_a_404_on_every_page_and_endpoint(contract, dave, farm):
    client = client_for(dave)
    day = DistributionDay.objects.get()
    date = contract.dates.first()
    pages = [
        "/produce/in/croix-rousse/contracts/",
        "/produce/in/croix-rousse/contracts/new/",
        "/produce/in/croix-rousse/distribution-days/",
        f"/produce/in/croix-rousse/distribution-days/{day.pk}/remove/",
        "/produce/in/croix-rousse/membership/",
        f"/produce/contracts/{contract.pk}/",
        f"/produce/contracts/{contract.pk}/edit/",
    ]
    for url in pages:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {}).status_code == 404, url
    assert (
        client.post(
            f"/produce/contracts/{contract.pk}/dates/{date.pk}/off/", {"off": "1"}
        ).status_code
        == 404
    )
    api = api_as(dave)
    assert api.get("/api/v1/quartiers/croix-rousse/contracts/").status_code == 404
    assert (
        api.post("/api/v1/quartiers/croix-rousse/contracts/", {}, format="json").status_code == 404
    )
    assert api.get(f"/api/v1/contracts/{contract.pk}/").status_code == 404
    assert (
        api.patch(f"/api/v1/contracts/{contract.pk}/", {"title": "x"}, format="json").status_code
        == 404
    )
    assert Contract.objects.get().title == contract.title and DistributionDay.objects.exists()


def more_contracts(farm, carol, count: int) -> None:
    for n in range(count):
        services.contract_create(
            producer=farm,
            actor=carol,
            sizes=[Size("Panier", 1000 + n), Size("Grand", 2000)],
            **contract_fields(title=f"Contrat {n}"),
        )


def test_the_lists_cost_a_fixed_number_of_queries(
    contract, farm, carol, alice, django_assert_num_queries, django_assert_max_num_queries
):
    client, api = client_for(alice), api_as(alice)
    client.get("/produce/in/croix-rousse/contracts/")  # the session's first reads
    with django_assert_max_num_queries(8) as few:
        assert client.get("/produce/in/croix-rousse/contracts/").status_code == 200
    with django_assert_num_queries(3):
        assert api.get("/api/v1/quartiers/croix-rousse/contracts/").status_code == 200
    more_contracts(farm, carol, 4)
    with django_assert_num_queries(len(few.captured_queries)):
        page = client.get("/produce/in/croix-rousse/contracts/")
    assert page_of(page).count("Contrat ") == 4
    with django_assert_num_queries(3):
        assert len(api.get("/api/v1/quartiers/croix-rousse/contracts/").json()) == 5


def api_payload(farm, **overrides: Any) -> dict[str, Any]:
    fields = contract_fields()
    return {
        "producer": farm.pk,
        "title": "Pain",
        "starts_on": fields["starts_on"].isoformat(),
        "ends_on": fields["ends_on"].isoformat(),
        "signing_opens_at": fields["signing_opens_at"].isoformat(),
        "signing_closes_at": fields["signing_closes_at"].isoformat(),
        "capacity": 10,
        "terms": "La charte.",
        "sizes": [
            {"name": "Miche", "price_cents": 450},
            {"name": "Demi", "price_cents": 450, "every": 2},
        ],
        "dates_off": [],
    } | overrides


def test_the_api_creates_reads_and_changes_a_contract(farm, carol, alice, thursdays):
    api = api_as(carol)
    first = first_weekday(contract_fields()["starts_on"], 3)
    response = api.post(
        "/api/v1/quartiers/croix-rousse/contracts/",
        api_payload(farm, dates_off=[first.isoformat()], referent=alice.pk),
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert [size["name"] for size in body["sizes"]] == ["Miche", "Demi"]
    assert body["dates"][0] == {
        "id": body["dates"][0]["id"],
        "date": first.isoformat(),
        "off": True,
        "cycle": None,
    }
    assert body["referent"]["id"] == alice.pk
    url = f"/api/v1/contracts/{body['id']}/"
    assert api_as(alice).get(url).json()["shares_left"] == 10
    assert api_as(alice).patch(url, {"title": "À moi"}, format="json").status_code == 403
    response = api.patch(url, {"title": "Pain de campagne", "capacity": 12}, format="json")
    assert response.status_code == 200 and response.json()["title"] == "Pain de campagne"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"sizes": []}, "sizes"),
        ({"sizes": [{"name": "Miche", "price_cents": "douze"}]}, "sizes"),
        (
            {
                "sizes": [
                    {"name": "Miche", "price_cents": 450},
                    {"name": "miche", "price_cents": 500},
                ]
            },
            "sizes",
        ),
        ({"producer": 999999}, "producer"),
    ],
)
def test_the_api_refuses_bad_input_in_words_with_nothing_stored(
    farm, carol, thursdays, overrides, field
):
    response = api_as(carol).post(
        "/api/v1/quartiers/croix-rousse/contracts/", api_payload(farm, **overrides), format="json"
    )
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not Contract.objects.exists()


def test_the_api_refuses_a_contract_without_distribution_days(farm, carol):
    response = api_as(carol).post(
        "/api/v1/quartiers/croix-rousse/contracts/", api_payload(farm), format="json"
    )
    assert response.status_code == 400
    assert "distribution days first" in response.json()["detail"]
    assert not Contract.objects.exists()


def test_the_coordinators_lists_cost_a_fixed_number_of_queries(
    quartier, carol, alice, bob, django_assert_num_queries, django_assert_max_num_queries
):
    client = client_for(carol)
    fee = services.membership_fee_set(quartier=quartier, actor=carol, year=2026, amount_cents=900)
    services.fee_payment_record(fee=fee, member=alice, actor=carol, method="cash")
    services.distribution_day_set(
        quartier=quartier,
        actor=carol,
        weekday=1,
        starts_at=datetime.time(18),
        ends_at=datetime.time(19),
        place="Halle",
    )
    pages = [
        "/produce/in/croix-rousse/membership/?year=2026",
        "/produce/in/croix-rousse/distribution-days/",
    ]
    client.get(pages[0])  # the session's first reads
    counts = []
    for url in pages:
        with django_assert_max_num_queries(10) as seen:
            assert client.get(url).status_code == 200
        counts.append(len(seen.captured_queries))
    for n in range(4):
        member = UserFactory.create(display_name=f"Voisin {n}")
        MembershipFactory.create(quartier=quartier, user=member)
        services.fee_payment_record(fee=fee, member=member, actor=carol, method="cheque")
        services.distribution_day_set(
            quartier=quartier,
            actor=carol,
            weekday=2 + n,
            starts_at=datetime.time(18),
            ends_at=datetime.time(19),
            place="Halle",
        )
    for url, count in zip(pages, counts, strict=True):
        with django_assert_num_queries(count):
            page = page_of(client.get(url))
        assert "Voisin 3" in page or "Sunday" in page


def test_the_api_keeps_the_prices_once_subscribed_and_members_cannot_create(
    contract, carol, alice, farm
):
    services.subscription_create(
        contract=contract,
        member=alice,
        actor=alice,
        size=size(contract, SMALL),
        accepted_terms=True,
    )
    url = f"/api/v1/contracts/{contract.pk}/"
    response = api_as(carol).patch(
        url, {"sizes": [{"name": SMALL, "price_cents": 1500}]}, format="json"
    )
    assert response.status_code == 400
    assert "are fixed" in response.json()["errors"]["sizes"][0]
    response = api_as(carol).patch(url, {"capacity": 0}, format="json")
    assert response.status_code == 400
    response = api_as(carol).patch(url, {"sizes": [{"every": 2}]}, format="json")
    assert response.status_code == 400 and "sizes" in response.json()["errors"]
    assert size(contract, SMALL).price_cents == 1200
    body = api_as(alice).get(url).json()
    assert sum(date["off"] for date in body["dates"]) == 1 and body["shares_taken"] == 1
    response = api_as(alice).post(
        "/api/v1/quartiers/croix-rousse/contracts/", api_payload(farm), format="json"
    )
    assert response.status_code == 403
    assert Contract.objects.count() == 1
