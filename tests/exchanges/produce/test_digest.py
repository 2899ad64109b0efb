"""The digest's "Farm orders open" (news when new, or a reminder of a cycle closing within the
week the reader has not ordered in) and "Your next distributions"."""

import datetime

import pytest
from django.utils import timezone

from exchanges.produce import digest, services
from exchanges.produce.models import OrderCycle, Product
from messaging.digests.sections import Reader, registered
from neighbourhood.quartiers.models import Membership
from tests.exchanges.produce.conftest import offer_id
from tests.factories import MembershipFactory, QuartierFactory, UserFactory, cycle_fields

pytestmark = pytest.mark.django_db

PLACE = "Maison des associations, 12 rue d'Austerlitz"


def reader(user, *quartiers) -> Reader:
    now = timezone.now()
    return Reader(
        user=user,
        since=now - datetime.timedelta(days=1),
        until=now + datetime.timedelta(minutes=1),
        quartier_ids=frozenset(quartier.pk for quartier in quartiers),
    )


def lines(found, user) -> list[tuple[str, str, datetime.datetime | None]]:
    return [(item.title, str(item.note), item.when) for item in found.get(user.pk, [])]


def another_cycle(quartier, carol, product: Product, **overrides) -> OrderCycle:
    return services.cycle_create(
        quartier=quartier,
        actor=carol,
        offers=[services.Offer(product)],
        **cycle_fields(**overrides),
    )


def days(n: float) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def test_a_cycle_opened_during_the_period_is_news_ordered_in_or_not(
    cycle, alice, bob, quartier, eggs
):
    services.order_place(cycle=cycle, member=bob, quantities={offer_id(cycle, eggs): 1})

    found = digest.open_cycles([reader(alice, quartier), reader(bob, quartier)])

    assert lines(found, alice) == [("Panier de la semaine", "Order before", cycle.closes_at)]
    assert lines(found, bob) == [("Panier de la semaine", "You have ordered", cycle.closes_at)]
    assert found[alice.pk][0].url == f"/produce/cycles/{cycle.pk}/"


def test_an_older_cycle_is_recalled_only_to_who_has_not_ordered_when_it_closes_within_a_week(
    quartier, carol, alice, bob, basket, eggs
):
    now = timezone.now()
    closing = another_cycle(quartier, carol, basket, opens_at=now - days(3))
    another_cycle(  # closes beyond the week: no reminder yet
        quartier,
        carol,
        eggs,
        title="Panier de Noël",
        opens_at=now - days(3),
        closes_at=now + days(10),
        distribution_date=timezone.localdate() + days(11),
    )
    services.order_place(cycle=closing, member=bob, quantities={offer_id(closing, basket): 1})

    found = digest.open_cycles([reader(alice, quartier), reader(bob, quartier)])

    assert lines(found, alice) == [("Panier de la semaine", "Order before", closing.closes_at)]
    assert lines(found, bob) == []


def test_a_cycle_not_yet_open_closed_or_of_another_quartier_is_not_shown(
    quartier, carol, alice, basket
):
    now = timezone.now()
    another_cycle(quartier, carol, basket, opens_at=now + days(1))
    closed = another_cycle(quartier, carol, basket, title="Fermé")
    services.cycle_close_early(cycle=closed, actor=carol)
    elsewhere = QuartierFactory.create(name="Guillotière")
    eve = UserFactory.create(display_name="Eve")
    MembershipFactory.create(quartier=elsewhere, user=eve, role=Membership.Role.COORDINATOR)
    farm = services.producer_create(
        quartier=elsewhere, actor=eve, farm_name="Ferme du Rhône", name="Louis Martin"
    )
    cabbage = services.product_create(producer=farm, actor=eve, name="Chou", price_cents=200)
    another_cycle(elsewhere, eve, cabbage, title="Chez les voisins")

    found = digest.open_cycles([reader(alice, quartier), reader(eve, elsewhere)])

    assert lines(found, alice) == []
    assert [item.title for item in found[eve.pk]] == ["Chez les voisins"]


def test_the_next_distributions_where_the_reader_orders_or_helps(
    cycle, quartier, carol, alice, bob, eggs, basket
):
    services.order_place(cycle=cycle, member=bob, quantities={offer_id(cycle, eggs): 1})
    services.volunteer_sign_up(role=cycle.roles.get(), member=carol)
    far = another_cycle(
        quartier,
        carol,
        basket,
        title="Dans deux semaines",
        closes_at=timezone.now() + days(12),
        distribution_date=timezone.localdate() + days(14),
    )
    services.order_place(cycle=far, member=bob, quantities={offer_id(far, basket): 1})

    found = digest.next_distributions(
        [reader(alice, quartier), reader(bob, quartier), reader(carol, quartier)]
    )

    starts = cycle.distribution_starts_at
    assert lines(found, bob) == [("Panier de la semaine", PLACE, starts)]
    assert lines(found, carol) == [
        (
            "Panier de la semaine",
            f"{PLACE} — you help as Responsable de distribution",
            starts,
        )
    ]
    assert lines(found, alice) == []


def test_open_cycles_cost_the_same_queries_for_3_readers_as_for_30(
    cycle, quartier, eggs, basket, django_assert_num_queries
):
    readers = []
    for n in range(30):
        user = UserFactory.create()
        MembershipFactory.create(quartier=quartier, user=user)
        if n % 2:
            services.order_place(cycle=cycle, member=user, quantities={offer_id(cycle, basket): 1})
        readers.append(reader(user, quartier))

    # The open cycles, then the readers' orders in them.
    with django_assert_num_queries(2):
        few = digest.open_cycles(readers[:3])
    with django_assert_num_queries(2):
        many = digest.open_cycles(readers)

    assert len(few) == 3
    assert [str(many[r.user.pk][0].note) for r in readers[:2]] == [
        "Order before",
        "You have ordered",
    ]


def test_next_distributions_cost_the_same_queries_for_3_readers_as_for_30(
    cycle, quartier, basket, django_assert_num_queries
):
    role = cycle.roles.get()
    readers = []
    for n in range(30):
        user = UserFactory.create()
        MembershipFactory.create(quartier=quartier, user=user)
        services.order_place(cycle=cycle, member=user, quantities={offer_id(cycle, basket): 1})
        if n < role.places:
            services.volunteer_sign_up(role=role, member=user)
        readers.append(reader(user, quartier))

    # The readers' orders, then their volunteer jobs, with their cycles.
    with django_assert_num_queries(2):
        few = digest.next_distributions(readers[:3])
    with django_assert_num_queries(2):
        many = digest.next_distributions(readers)

    assert len(few) == 3
    assert all(len(items) == 1 for items in many.values())
    assert str(many[readers[0].user.pk][0].note).endswith("you help as Responsable de distribution")


def test_they_are_registered_with_the_digest():
    sections = {section.key: section for section in registered()}
    assert (sections["produce"].collect, sections["produce"].news) == (digest.open_cycles, True)
    distributions = sections["produce.distributions"]
    assert (distributions.collect, distributions.news) == (digest.next_distributions, False)
