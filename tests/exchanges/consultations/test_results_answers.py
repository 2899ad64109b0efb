"""Coordinators group an open question's answers: each answer its group, the others left as
they were; refused whole, in words, with nothing stored."""

from __future__ import annotations

import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from exchanges.consultations.models import Consultation, OpenAnswer
from exchanges.consultations.services.answers import answers_group
from tests.exchanges.consultations.ballots import cast
from tests.exchanges.consultations.fields import make_consultation

pytestmark = pytest.mark.django_db

Method, Phase = Consultation.Method, Consultation.Phase


@pytest.fixture
def asked(quartier, carol, alice, bob):
    consultation = make_consultation(
        quartier=quartier, opened_by=carol, method=Method.OPEN, phase=Phase.RESULTS, options=()
    )
    cast(consultation, alice, answer="More benches", group="Old")
    cast(consultation, bob, answer="Trees", group="Green")
    return consultation


def groups():
    return dict(OpenAnswer.objects.values_list("text", "group"))


def test_it_groups_the_answers_given_and_leaves_the_others(asked, carol):
    benches = OpenAnswer.objects.get(text="More benches")
    changed = answers_group(
        consultation=asked, coordinator=carol, groups={benches.pk: "  Bancs   publics "}
    )
    assert changed == 1
    assert groups() == {"More benches": "Bancs publics", "Trees": "Green"}


def test_an_empty_name_takes_an_answer_out_of_its_group(asked, carol):
    trees = OpenAnswer.objects.get(text="Trees")
    answers_group(consultation=asked, coordinator=carol, groups={trees.pk: ""})
    assert groups()["Trees"] == ""


def test_it_refuses_an_unknown_answer_with_nothing_stored(asked, carol):
    benches = OpenAnswer.objects.get(text="More benches")
    with pytest.raises(ValidationError, match="not this consultation’s"):
        answers_group(
            consultation=asked,
            coordinator=carol,
            groups={benches.pk: "Bancs", uuid.uuid4(): "Bancs"},
        )
    assert groups() == {"More benches": "Old", "Trees": "Green"}


def test_it_refuses_a_name_too_long(asked, carol):
    benches = OpenAnswer.objects.get(text="More benches")
    with pytest.raises(ValidationError, match="at most 80 characters"):
        answers_group(consultation=asked, coordinator=carol, groups={benches.pk: "x" * 81})
    assert groups()["More benches"] == "Old"


def test_it_refuses_a_question_that_is_not_open(quartier, carol):
    consultation = make_consultation(quartier=quartier, opened_by=carol, phase=Phase.RESULTS)
    with pytest.raises(ValidationError, match="open question"):
        answers_group(consultation=consultation, coordinator=carol, groups={})


def test_a_member_may_not_group(asked, alice):
    with pytest.raises(PermissionDenied):
        answers_group(consultation=asked, coordinator=alice, groups={})
