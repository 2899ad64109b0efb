"""A relais acting for a neighbour: every move of that neighbour's objects, loans and gifts is
logged, one line per write, naming what was done."""

import pytest

from exchanges.aid.services import objects as services
from neighbourhood.relais import acting
from neighbourhood.relais.models import ProxyAction
from tests.exchanges.aid.objects.helpers import cot, drill, loan

pytestmark = pytest.mark.django_db

Verb = acting.Verb


def logged(neighbour) -> list[str]:
    return list(
        ProxyAction.objects.filter(neighbour=neighbour)
        .order_by("id")
        .values_list("verb", flat=True)
    )


def as_relais(relais, neighbour, quartier):
    return acting.acting_for(acting.Acting(relais=relais, neighbour=neighbour, quartier=quartier))


def test_the_owner_s_moves_are_logged(quartier, alice, bob, carol):
    item = drill(quartier, alice)
    first, second, third = loan(item, bob, 1, 2), loan(item, bob, 4, 5), loan(item, bob, 7, 8)
    with as_relais(carol, alice, quartier):
        services.item_update(item=item, actor=alice, title="Perceuse")
        services.loan_accept(loan=first, actor=alice)
        services.loan_decline(loan=second, actor=alice)
        services.loan_accept(loan=third, actor=alice)
        services.loan_cancel(loan=third, actor=alice)
        services.loan_hand_over(loan=first, actor=alice)
    services.loan_hand_over(loan=first, actor=bob)
    with as_relais(carol, alice, quartier):
        services.loan_return(loan=first, actor=alice)
    services.loan_return(loan=first, actor=bob)
    with as_relais(carol, alice, quartier):
        services.item_pause(item=item, actor=alice)
        services.item_pause(item=item, actor=alice, paused=False)
        services.item_withdraw(item=item, actor=alice)
    assert logged(alice) == [
        Verb.ITEM_EDITED,
        Verb.LOAN_ACCEPTED,
        Verb.LOAN_DECLINED,
        Verb.LOAN_ACCEPTED,
        Verb.LOAN_CANCELLED,
        Verb.LOAN_HANDED_OVER,
        Verb.LOAN_RETURNED,
        Verb.ITEM_PAUSED,
        Verb.ITEM_OFFERED_AGAIN,
        Verb.ITEM_WITHDRAWN,
    ]
    assert logged(bob) == []


def test_the_giver_s_and_the_taker_s_moves_are_logged(quartier, alice, bob, carol):
    item = cot(quartier, alice, give_rule="giver_chooses")
    asked = services.gift_ask(item=item, taker=bob)
    with as_relais(carol, alice, quartier):
        services.gift_reserve(gift=asked, actor=alice)
    with as_relais(carol, bob, quartier):
        services.gift_collect(gift=asked, actor=bob)
    other = cot(quartier, alice, title="Poussette")
    with as_relais(carol, bob, quartier):
        taken = services.gift_ask(item=other, taker=bob)
        services.gift_cancel(gift=taken, actor=bob)
    assert logged(alice) == [Verb.GIFT_RESERVED]
    assert logged(bob) == [
        Verb.GIFT_COLLECTED,
        Verb.GIFT_ASKED,
        Verb.GIFT_CANCELLED,
    ]
