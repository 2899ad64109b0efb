"""Casting a ballot: one per member, changed in place and counted once; the rules of each
method refused in words with nothing stored; who may vote."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from exchanges.consultations import ballot_selectors, secrecy
from exchanges.consultations.models import (
    Ballot,
    Consultation,
    Mark,
    OpenAnswer,
    Participation,
    Via,
)
from exchanges.consultations.services import ballots
from tests.exchanges.consultations.fields import make_consultation
from tests.factories import MembershipFactory, QuartierFactory, UserFactory

pytestmark = pytest.mark.django_db

Method = Consultation.Method
Phase = Consultation.Phase
BAKERIES = ("La Fournée", "Le Fournil", "Pain d’Épices", "No bread")


def ids(consultation: Consultation) -> list[int]:
    return list(consultation.options.values_list("pk", flat=True))


def nothing_stored() -> bool:
    return not (
        Ballot.objects.exists()
        or Mark.objects.exists()
        or OpenAnswer.objects.exists()
        or Participation.objects.exists()
    )


def test_a_single_choice_is_cast_with_its_participation_apart(quartier, carol, alice):
    poll = make_consultation(quartier=quartier, opened_by=carol)
    yes, _no = ids(poll)

    ballot = ballots.ballot_cast(consultation=poll, member=alice, marks={yes: 1})

    assert ballot.key == secrecy.ballot_key(consultation_id=poll.pk, member_id=alice.pk)
    assert not ballot.paper
    assert [(m.option_id, m.value) for m in ballot.marks.all()] == [(yes, 1)]
    participation = Participation.objects.get()
    assert participation.member == alice and participation.via == Via.SELF
    mine = ballot_selectors.my_ballot(poll, alice)
    assert mine.took_part and mine.found and mine.marks == {yes: 1}


def test_a_ballot_changed_three_times_is_counted_once_with_its_last_marks(quartier, carol, alice):
    poll = make_consultation(
        quartier=quartier, opened_by=carol, method=Method.MAJORITY_JUDGMENT, options=BAKERIES
    )
    options = ids(poll)
    for grades in ((6, 5, 4, 0), (3, 3, 3, 3), (0, 1, 6, 2)):
        ballots.ballot_cast(
            consultation=poll, member=alice, marks=dict(zip(options, grades, strict=True))
        )

    assert Ballot.objects.count() == 1
    assert Participation.objects.count() == 1
    assert Mark.objects.count() == 4
    assert ballot_selectors.my_ballot(poll, alice).marks == dict(
        zip(options, (0, 1, 6, 2), strict=True)
    )


def test_two_members_have_two_ballots(quartier, carol, alice, bob):
    poll = make_consultation(quartier=quartier, opened_by=carol)
    yes, no = ids(poll)
    ballots.ballot_cast(consultation=poll, member=alice, marks={yes: 1})
    ballots.ballot_cast(consultation=poll, member=bob, marks={no: 1})

    assert Ballot.objects.count() == 2
    assert ballot_selectors.my_ballot(poll, bob).marks == {no: 1}


def test_approval_takes_one_or_more_choices(quartier, carol, alice):
    poll = make_consultation(
        quartier=quartier, opened_by=carol, method=Method.APPROVAL, options=BAKERIES
    )
    a, b, c, _d = ids(poll)

    ballots.ballot_cast(consultation=poll, member=alice, marks={a: 1, b: 0, c: 1})

    assert ballot_selectors.my_ballot(poll, alice).marks == {a: 1, c: 1}
    with pytest.raises(ValidationError, match="at least one"):
        ballots.ballot_cast(consultation=poll, member=alice, marks={a: 0})
    with pytest.raises(ValidationError, match="chosen"):
        ballots.ballot_cast(consultation=poll, member=alice, marks={a: 2})


def test_a_single_choice_takes_exactly_one(quartier, carol, alice):
    poll = make_consultation(quartier=quartier, opened_by=carol)
    yes, no = ids(poll)

    for marks in ({}, {yes: 1, no: 1}, {yes: 2}):
        with pytest.raises(ValidationError, match="exactly one"):
            ballots.ballot_cast(consultation=poll, member=alice, marks=marks)
    assert nothing_stored()


def test_majority_judgment_grades_every_option_from_0_to_6(quartier, carol, alice):
    poll = make_consultation(
        quartier=quartier, opened_by=carol, method=Method.MAJORITY_JUDGMENT, options=BAKERIES
    )
    a, b, c, d = ids(poll)

    with pytest.raises(ValidationError, match="missing: No bread"):
        ballots.ballot_cast(consultation=poll, member=alice, marks={a: 6, b: 5, c: 4})
    with pytest.raises(ValidationError, match="from 0"):
        ballots.ballot_cast(consultation=poll, member=alice, marks={a: 7, b: 5, c: 4, d: 0})
    assert nothing_stored()


def test_grading_an_unknown_option_is_refused_with_nothing_stored(quartier, carol, alice):
    poll = make_consultation(
        quartier=quartier, opened_by=carol, method=Method.MAJORITY_JUDGMENT, options=BAKERIES
    )
    other = make_consultation(quartier=quartier, opened_by=carol, options=("Elsewhere",))
    marks = dict.fromkeys(ids(poll), 3) | {ids(other)[0]: 3}

    with pytest.raises(ValidationError, match="not one of this consultation’s") as refused:
        ballots.ballot_cast(consultation=poll, member=alice, marks=marks)

    assert "marks" in refused.value.message_dict
    assert nothing_stored()


def test_a_date_poll_answers_every_date_yes_if_needed_or_no(quartier, carol, alice):
    import datetime

    day = datetime.date(2027, 6, 12)
    poll = make_consultation(
        quartier=quartier,
        opened_by=carol,
        method=Method.DATE_POLL,
        options=(("Samedi 12", day), ("Samedi 19", day + datetime.timedelta(days=7))),
    )
    first, second = ids(poll)

    ballots.ballot_cast(consultation=poll, member=alice, marks={first: 2, second: 1})

    assert ballot_selectors.my_ballot(poll, alice).marks == {first: 2, second: 1}
    with pytest.raises(ValidationError, match="2 \\(yes\\)"):
        ballots.ballot_cast(consultation=poll, member=alice, marks={first: 3, second: 0})
    with pytest.raises(ValidationError, match="every date"):
        ballots.ballot_cast(consultation=poll, member=alice, marks={first: 0})
    assert ballot_selectors.my_ballot(poll, alice).marks == {first: 2, second: 1}


def test_an_open_question_takes_words_and_no_marks(quartier, carol, alice):
    poll = make_consultation(quartier=quartier, opened_by=carol, method=Method.OPEN, options=())

    ballots.ballot_cast(
        consultation=poll, member=alice, marks={}, answer="  Un banc sous le tilleul  "
    )

    answer = OpenAnswer.objects.get()
    assert answer.text == "Un banc sous le tilleul"
    with pytest.raises(ValidationError, match="Write your answer"):
        ballots.ballot_cast(consultation=poll, member=alice, marks={}, answer="   ")
    with pytest.raises(ValidationError, match="2000 characters"):
        ballots.ballot_cast(consultation=poll, member=alice, marks={}, answer="x" * 2001)
    assert OpenAnswer.objects.get().text == "Un banc sous le tilleul"


def test_changing_an_open_answer_takes_it_out_of_its_group(quartier, carol, alice):
    poll = make_consultation(quartier=quartier, opened_by=carol, method=Method.OPEN, options=())
    ballots.ballot_cast(consultation=poll, member=alice, marks={}, answer="Un banc")
    OpenAnswer.objects.update(group="Mobilier")

    ballots.ballot_cast(consultation=poll, member=alice, marks={}, answer="Un banc")
    assert OpenAnswer.objects.get().group == "Mobilier"
    ballots.ballot_cast(consultation=poll, member=alice, marks={}, answer="Deux bancs")

    answer = OpenAnswer.objects.get()
    assert (answer.text, answer.group) == ("Deux bancs", "")
    assert Ballot.objects.count() == 1


def test_words_are_refused_where_marks_are_asked(quartier, carol, alice):
    poll = make_consultation(quartier=quartier, opened_by=carol)
    with pytest.raises(ValidationError, match="no written answer"):
        ballots.ballot_cast(consultation=poll, member=alice, marks={ids(poll)[0]: 1}, answer="Yes!")
    assert nothing_stored()


@pytest.mark.parametrize("phase", [Phase.SCHEDULED, Phase.INFORMATION, Phase.DEBATE])
def test_the_vote_not_open_yet_is_refused(quartier, carol, alice, phase):
    poll = make_consultation(quartier=quartier, opened_by=carol, phase=phase)
    with pytest.raises(ValidationError, match="not open yet"):
        ballots.ballot_cast(consultation=poll, member=alice, marks={ids(poll)[0]: 1})
    assert nothing_stored()


def test_voting_after_the_close_is_refused_with_nothing_stored(quartier, carol, alice):
    poll = make_consultation(quartier=quartier, opened_by=carol, phase=Phase.RESULTS)
    with pytest.raises(ValidationError, match="The vote is closed"):
        ballots.ballot_cast(consultation=poll, member=alice, marks={ids(poll)[0]: 1})
    assert nothing_stored()


def test_the_close_holds_before_the_clock_moves_the_phase(quartier, carol, alice):
    poll = make_consultation(quartier=quartier, opened_by=carol)
    yes, no = ids(poll)
    ballots.ballot_cast(consultation=poll, member=alice, marks={yes: 1})
    Consultation.objects.filter(pk=poll.pk).update(results_at=timezone.now())
    poll.refresh_from_db()

    with pytest.raises(ValidationError, match="closed"):
        ballots.ballot_cast(consultation=poll, member=alice, marks={no: 1})
    assert ballot_selectors.my_ballot(poll, alice).marks == {yes: 1}


def test_outsiders_and_other_quartiers_cannot_vote_in_a_members_consultation(quartier, carol, dave):
    poll = make_consultation(quartier=quartier, opened_by=carol)
    elsewhere = UserFactory.create()
    MembershipFactory.create(quartier=QuartierFactory.create(), user=elsewhere)
    for someone in (dave, elsewhere):
        with pytest.raises(PermissionDenied):
            ballots.ballot_cast(consultation=poll, member=someone, marks={ids(poll)[0]: 1})
    assert nothing_stored()


def test_anyone_signed_in_answers_a_public_survey(quartier, carol):
    survey = make_consultation(
        quartier=quartier, opened_by=carol, audience=Consultation.Audience.PUBLIC_LINK
    )
    elsewhere = UserFactory.create()
    MembershipFactory.create(quartier=QuartierFactory.create(), user=elsewhere)

    ballots.ballot_cast(consultation=survey, member=elsewhere, marks={ids(survey)[0]: 1})

    assert Participation.objects.get().member == elsewhere


def test_a_participation_whose_ballot_is_lost_is_not_given_a_second_ballot(
    quartier, carol, alice, settings
):
    poll = make_consultation(quartier=quartier, opened_by=carol)
    yes, no = ids(poll)
    ballots.ballot_cast(consultation=poll, member=alice, marks={yes: 1})
    settings.CONSULTATIONS_BALLOT_SECRET = "a new secret"

    with pytest.raises(ValidationError, match="can no longer be found"):
        ballots.ballot_cast(consultation=poll, member=alice, marks={no: 1})

    assert Ballot.objects.count() == 1
    assert list(Mark.objects.values_list("option_id", flat=True)) == [yes]
    mine = ballot_selectors.my_ballot(poll, alice)
    assert mine.took_part and not mine.found


def test_a_coordinator_enters_and_removes_paper_ballots(quartier, carol, alice):
    poll = make_consultation(
        quartier=quartier, opened_by=carol, method=Method.APPROVAL, options=BAKERIES
    )
    a, b, _c, _d = ids(poll)

    first = ballots.paper_ballot_enter(consultation=poll, coordinator=carol, marks={a: 1})
    ballots.paper_ballot_enter(consultation=poll, coordinator=carol, marks={a: 1, b: 1})

    assert first.paper and len(first.key) == 64
    assert not Participation.objects.exists()
    assert [len(b.marks.all()) for b in ballot_selectors.paper_ballots(poll)] in ([1, 2], [2, 1])
    with pytest.raises(PermissionDenied):
        ballots.paper_ballot_enter(consultation=poll, coordinator=alice, marks={a: 1})
    with pytest.raises(PermissionDenied):
        ballots.paper_ballot_remove(ballot=first, coordinator=alice)

    ballots.paper_ballot_remove(ballot=first, coordinator=carol)

    assert Ballot.objects.filter(paper=True).count() == 1


def test_a_members_ballot_cannot_be_removed_as_paper(quartier, carol, alice):
    poll = make_consultation(quartier=quartier, opened_by=carol)
    ballot = ballots.ballot_cast(consultation=poll, member=alice, marks={ids(poll)[0]: 1})
    with pytest.raises(ValidationError, match="Only a paper ballot"):
        ballots.paper_ballot_remove(ballot=ballot, coordinator=carol)
    assert Ballot.objects.count() == 1


def test_paper_ballots_follow_the_method_and_the_close(quartier, carol):
    poll = make_consultation(quartier=quartier, opened_by=carol)
    yes, no = ids(poll)
    with pytest.raises(ValidationError, match="exactly one"):
        ballots.paper_ballot_enter(consultation=poll, coordinator=carol, marks={yes: 1, no: 1})
    closed = make_consultation(quartier=quartier, opened_by=carol, phase=Phase.RESULTS)
    with pytest.raises(ValidationError, match="closed"):
        ballots.paper_ballot_enter(
            consultation=closed, coordinator=carol, marks={ids(closed)[0]: 1}
        )
    assert nothing_stored()


def test_my_ballot_reads_in_three_queries(quartier, carol, alice, django_assert_max_num_queries):
    poll = make_consultation(
        quartier=quartier, opened_by=carol, method=Method.MAJORITY_JUDGMENT, options=BAKERIES
    )
    ballots.ballot_cast(consultation=poll, member=alice, marks=dict.fromkeys(ids(poll), 4))
    with django_assert_max_num_queries(3):
        assert len(ballot_selectors.my_ballot(poll, alice).marks) == 4
