"""A neighbour who left a quartier no longer sees its objects, loans and gifts anywhere: not in
"my objects and loans", nor through the API (as every page of that quartier answers 404)."""

import pytest
from django.test import Client
from django.urls import reverse

from exchanges.aid.selectors.objects import my_items, my_loans
from exchanges.aid.services import objects as services
from neighbourhood.quartiers.models import Membership
from tests.conftest import api_as
from tests.exchanges.aid.objects.helpers import cot, drill, loan

pytestmark = pytest.mark.django_db


def test_what_a_former_member_had_in_progress_leaves_their_lists(quartier, alice, bob):
    lent = drill(quartier, alice)
    given = cot(quartier, alice)
    own = drill(quartier, bob, title="Scie")
    loan(lent, bob)
    services.gift_ask(item=given, taker=bob)
    loan(own, alice)
    mine = my_loans(user=bob)
    assert my_items(user=bob) == [own] and mine.borrowed and mine.taken and mine.lent
    Membership.objects.filter(user=bob, quartier=quartier).update(status=Membership.Status.LEFT)
    mine = my_loans(user=bob)
    assert my_items(user=bob) == []
    assert (mine.lent, mine.borrowed, mine.given, mine.taken) == ([], [], [], [])
    assert api_as(bob).get("/api/v1/me/loans/").json() == {
        "lent": [],
        "borrowed": [],
        "given": [],
        "taken": [],
    }
    client = Client()
    client.force_login(bob)
    page = client.get(reverse("aid:my_objects")).content.decode()
    assert "Scie" not in page and "Perceuse" not in page
    assert len(my_loans(user=alice).lent) == 1  # the one still a member keeps theirs
