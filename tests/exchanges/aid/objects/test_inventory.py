"""The quartier's inventory: words (whatever their accents and case), category, to lend or to
give, and what is available on a date; always one query."""

import pytest

from exchanges.aid.selectors.objects import inventory
from exchanges.aid.services import objects as services
from tests.exchanges.aid.objects.helpers import cot, drill, in_days, loan
from tests.factories import MembershipFactory, QuartierFactory, UserFactory

pytestmark = pytest.mark.django_db


def titles(items) -> set[str]:
    return {item.title for item in items}


@pytest.fixture
def shelf(quartier, alice, bob):
    return {
        "drill": drill(quartier, alice),
        "ladder": drill(quartier, bob, title="Grande échelle", description="Alu", category="house"),
        "cot": cot(quartier, alice),
        "paused": services.item_pause(
            item=drill(quartier, bob, title="Perceuse en panne"), actor=bob
        ),
    }


def test_words_whatever_their_accents_and_case(quartier, shelf):
    assert titles(inventory(quartier=quartier, text="ECHELLE")) == {"Grande échelle"}
    assert titles(inventory(quartier=quartier, text="mèches perceuse")) == {"Perceuse à percussion"}
    assert titles(inventory(quartier=quartier, text="perceuse absent")) == set()
    # The category's words count too.
    assert titles(inventory(quartier=quartier, text="tools")) == {"Perceuse à percussion"}


def test_category_and_mode(quartier, shelf):
    assert titles(inventory(quartier=quartier, category="house")) == {"Grande échelle"}
    assert titles(inventory(quartier=quartier, mode="give")) == {"Lit parapluie"}
    assert "Perceuse en panne" not in titles(inventory(quartier=quartier))


def test_available_on_a_date(quartier, shelf, alice, bob, carol):
    held = loan(shelf["drill"], carol, 2, 4)
    services.loan_accept(loan=held, actor=alice)
    loan(shelf["ladder"], carol, 2, 4)  # only asked: holds nothing
    assert titles(inventory(quartier=quartier, available_on=in_days(3))) == {"Grande échelle"}
    assert titles(inventory(quartier=quartier, available_on=in_days(5))) == {
        "Grande échelle",
        "Perceuse à percussion",
    }


def test_another_quartier_s_objects_never_show(quartier, shelf):
    elsewhere = QuartierFactory.create()
    owner = UserFactory.create()
    MembershipFactory.create(quartier=elsewhere, user=owner)
    drill(elsewhere, owner, title="Perceuse d'ailleurs")
    assert "Perceuse d'ailleurs" not in titles(inventory(quartier=quartier, text="perceuse"))


def test_in_one_query(quartier, shelf, django_assert_num_queries):
    with django_assert_num_queries(1):
        items = inventory(
            quartier=quartier, text="perceuse", category="tools", available_on=in_days(1)
        )
        assert [item.owner.public_name for item in items]
