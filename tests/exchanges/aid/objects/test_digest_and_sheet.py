"""The objects' digest sections (new objects; loans due back) and their part of the quartier
sheet, with codes a neighbour can type back."""

import datetime

import pytest
from django.utils import timezone

from exchanges.aid import digest_objects
from exchanges.aid.services import objects as services
from messaging.digests.sections import Reader, registered
from neighbourhood.quartiers.sheet.selectors import item_url_for_code, sheet_for
from tests.exchanges.aid.objects.helpers import cot, drill, loan

pytestmark = pytest.mark.django_db


def reader(user, *quartiers, days_ahead: int = 0) -> Reader:
    now = timezone.now() + datetime.timedelta(days=days_ahead)
    return Reader(
        user=user,
        since=now - datetime.timedelta(days=1),
        until=now + datetime.timedelta(minutes=1),
        quartier_ids=frozenset(quartier.pk for quartier in quartiers),
    )


def test_new_objects_by_others_in_one_query(quartier, alice, bob, django_assert_num_queries):
    drill(quartier, alice)
    cot(quartier, bob)
    readers = [reader(alice, quartier), reader(bob, quartier)]
    with django_assert_num_queries(1):
        found = digest_objects.new_objects(readers)
    assert [line.title for line in found[alice.pk]] == ["Lit parapluie"]
    assert [line.title for line in found[bob.pk]] == ["Perceuse à percussion"]


def test_loans_due_back_for_both_sides(quartier, alice, bob, carol, django_assert_num_queries):
    the_loan = loan(drill(quartier, alice), bob, 2, 3)
    services.loan_accept(loan=the_loan, actor=alice)
    with django_assert_num_queries(1):
        found = digest_objects.returns_due(
            [reader(alice, quartier), reader(bob, quartier), reader(carol, quartier)]
        )
    assert [str(line.note) for line in found[alice.pk]] == ["You lend it"]
    assert [str(line.note) for line in found[bob.pk]] == ["You borrow it"]
    assert carol.pk not in found


def test_the_sections_are_registered():
    keys = {section.key: section for section in registered()}
    assert keys["objects"].collect is digest_objects.new_objects
    assert keys["objects.returns"].news is False


def test_the_sheet_lists_objects_to_lend_with_codes(quartier, alice):
    quartier.language = "en"
    quartier.save(update_fields=["language"])
    item = drill(quartier, alice, title="Escabeau <3 marches>")
    cot(quartier, alice)  # given away: not on the sheet
    sheet = sheet_for(quartier=quartier)
    part = next(found for found in sheet.parts if found.key == "objects")
    assert [(line.code, line.title) for line in part.lines] == [
        (f"P-{item.pk}", "Escabeau <3 marches>")
    ]
    assert "up to 3 days" in part.lines[0].details
    assert item_url_for_code(quartier=quartier, code=f"p{item.pk}") == item.get_absolute_url()
