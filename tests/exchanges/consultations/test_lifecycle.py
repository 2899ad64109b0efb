"""A consultation opened, proposed, approved, declined, withdrawn, changed and summed up."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from exchanges.consultations import kinds, services
from exchanges.consultations.models import Ballot, Consultation, Option
from messaging.models import Notification
from messaging.selectors import can_read
from neighbourhood.feed.models import FeedEntry
from neighbourhood.quartiers.models import Membership
from tests.exchanges.consultations.builders import dates, fields, open_consultation
from tests.exchanges.consultations.fields import make_consultation
from tests.factories import MembershipFactory, QuartierFactory

pytestmark = pytest.mark.django_db
Status = Consultation.Status


def test_a_coordinator_opens_an_approved_consultation_in_the_feed(quartier, carol):
    consultation = open_consultation(quartier, carol)
    assert consultation.status == Status.APPROVED
    assert consultation.approved_by == carol
    assert [o.label for o in consultation.options.all()] == [
        "La Fournée",
        "Au Bon Pain",
        "Le Fournil",
        "Pas de pain",
    ]
    assert consultation.links == "https://example.org/amap\nhttps://example.org/pain"
    assert FeedEntry.objects.filter(object_id=consultation.pk, kind="consultation").exists()
    assert consultation.conversation is not None


def test_the_debate_is_open_to_members_from_the_start(quartier, carol, alice):
    consultation = open_consultation(quartier, carol)
    assert consultation.conversation is not None
    services.consultation_debate_join(consultation=consultation, member=alice)
    assert can_read(user=alice, conversation=consultation.conversation)


def test_a_member_may_not_open_unless_the_quartier_allows_it(quartier, carol, alice):
    with pytest.raises(PermissionDenied):
        open_consultation(quartier, alice)
    assert not Consultation.objects.exists()


def test_only_this_quartiers_coordinators_are_asked_to_approve(quartier, carol, alice, bob):
    """Bob is a member here and a coordinator elsewhere: he is not asked."""
    elsewhere = QuartierFactory()
    MembershipFactory(quartier=elsewhere, user=bob, role=Membership.Role.COORDINATOR)
    quartier.members_open_consultations = True
    quartier.save()
    open_consultation(quartier, alice)
    asked = Notification.objects.filter(kind=kinds.CONSULTATION_TO_APPROVE)
    assert list(asked.values_list("user", flat=True)) == [carol.pk]


def test_a_member_proposes_and_the_coordinators_are_told(quartier, carol, alice):
    quartier.members_open_consultations = True
    quartier.save()
    consultation = open_consultation(quartier, alice)
    assert consultation.status == Status.PROPOSED
    assert Notification.objects.filter(user=carol, kind=kinds.CONSULTATION_TO_APPROVE).exists()
    assert not FeedEntry.objects.filter(object_id=consultation.pk, is_published=True).exists()

    services.consultation_approve(consultation=consultation, actor=carol)
    consultation.refresh_from_db()
    assert consultation.status == Status.APPROVED
    assert consultation.approved_by == carol
    assert Notification.objects.filter(user=alice, kind=kinds.CONSULTATION_APPROVED).count() == 1


def test_a_coordinator_declines_a_proposal_and_its_opener_is_told(quartier, carol, alice):
    quartier.members_open_consultations = True
    quartier.save()
    consultation = open_consultation(quartier, alice)
    with pytest.raises(PermissionDenied):
        services.consultation_approve(consultation=consultation, actor=alice)
    services.consultation_decline(consultation=consultation, actor=carol)
    consultation.refresh_from_db()
    assert consultation.status == Status.WITHDRAWN
    assert Notification.objects.filter(user=alice, kind=kinds.CONSULTATION_DECLINED).exists()
    with pytest.raises(ValidationError):
        services.consultation_approve(consultation=consultation, actor=carol)


def test_the_opener_takes_a_proposal_back(quartier, carol, alice, bob):
    quartier.members_open_consultations = True
    quartier.save()
    consultation = open_consultation(quartier, alice)
    with pytest.raises(PermissionDenied):
        services.consultation_decline(consultation=consultation, actor=bob)
    services.consultation_decline(consultation=consultation, actor=alice)
    assert Consultation.objects.get().status == Status.WITHDRAWN


def test_a_coordinator_withdraws_it_out_of_the_feed(quartier, carol, alice):
    consultation = open_consultation(quartier, carol)
    with pytest.raises(PermissionDenied):
        services.consultation_withdraw(consultation=consultation, actor=alice)
    services.consultation_withdraw(consultation=consultation, actor=carol)
    assert Consultation.objects.get().status == Status.WITHDRAWN
    assert not FeedEntry.objects.get(object_id=consultation.pk).is_published


def test_results_out_are_not_withdrawn(quartier, carol):
    consultation = make_consultation(quartier=quartier, opened_by=carol, phase="results")
    with pytest.raises(ValidationError):
        services.consultation_withdraw(consultation=consultation, actor=carol)


def test_a_coordinator_changes_the_question_and_options_before_the_vote(quartier, carol):
    consultation = open_consultation(quartier, carol)
    services.consultation_update(
        consultation=consultation,
        actor=carol,
        question="Un boulanger à l’AMAP ?",
        options=["Oui", "Non"],
    )
    consultation.refresh_from_db()
    assert consultation.question == "Un boulanger à l’AMAP ?"
    assert list(consultation.options.values_list("label", flat=True)) == ["Oui", "Non"]


def test_options_and_method_are_fixed_once_the_vote_is_open(quartier, carol):
    consultation = make_consultation(quartier=quartier, opened_by=carol, phase="vote")
    with pytest.raises(ValidationError) as refused:
        services.consultation_update(
            consultation=consultation, actor=carol, options=["Oui", "Non", "Peut-être"]
        )
    assert "options" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.consultation_update(
            consultation=consultation, actor=carol, method=Consultation.Method.APPROVAL
        )
    assert "method" in refused.value.message_dict
    # The words still change.
    services.consultation_update(
        consultation=consultation, actor=carol, background="More to read.", options=["Yes", "No"]
    )
    assert Consultation.objects.get().background == "More to read."


def test_options_are_fixed_once_a_ballot_is_in(quartier, carol):
    consultation = make_consultation(quartier=quartier, opened_by=carol, phase="debate")
    Ballot.objects.create(consultation=consultation, key="k" * 64)
    with pytest.raises(ValidationError):
        services.consultation_update(consultation=consultation, actor=carol, options=["A", "B"])
    assert list(Option.objects.values_list("label", flat=True)) == ["Yes", "No"]


def test_a_member_changes_nothing(quartier, carol, alice):
    consultation = open_consultation(quartier, carol)
    with pytest.raises(PermissionDenied):
        services.consultation_update(consultation=consultation, actor=alice, question="Mine")
    with pytest.raises(PermissionDenied):
        services.consultation_summary_update(consultation=consultation, actor=alice, summary="x")


def test_a_coordinator_writes_the_debates_summary(quartier, carol):
    consultation = open_consultation(quartier, carol)
    services.consultation_summary_update(
        consultation=consultation, actor=carol, summary="  Most want bread on Saturdays. "
    )
    assert Consultation.objects.get().summary == "Most want bread on Saturdays."
    with pytest.raises(ValidationError):
        services.consultation_summary_update(
            consultation=consultation, actor=carol, summary="x" * 8001
        )


def test_a_date_poll_labels_its_dates_in_the_quartiers_language(quartier, carol):
    quartier.language = "fr"
    quartier.save()
    consultation = open_consultation(
        quartier,
        carol,
        method=Consultation.Method.DATE_POLL,
        options=["2027-06-12", "2027-06-19 18:00", "2027-06-26 Le dernier"],
    )
    options = list(consultation.options.all())
    assert [o.label for o in options] == ["samedi 12 juin", "samedi 19 juin, 18:00", "Le dernier"]
    assert options[1].date == datetime.date(2027, 6, 19)
    assert options[1].time == datetime.time(18, 0)


def test_an_open_question_has_no_options(quartier, carol):
    consultation = open_consultation(quartier, carol, method="open", options=[])
    assert not consultation.options.exists()


BAD = [
    ({"question": ""}, "question"),
    ({"question": "x" * 201}, "question"),
    ({"method": "dice"}, "method"),
    ({"audience": "everyone"}, "audience"),
    ({"links": "not an address"}, "links"),
    ({"links": "javascript:alert(1)"}, "links"),
    ({"options": ["Only one"]}, "options"),
    ({"options": [f"Option {n}" for n in range(21)]}, "options"),
    ({"options": ["Oui", "oui"]}, "options"),
    ({"method": "open", "options": ["Oui", "Non"]}, "options"),
    ({"method": "date_poll", "options": ["2027-06-12", "next Saturday"]}, "options"),
    ({"method": "date_poll", "options": ["2027-02-30", "2027-03-01"]}, "options"),
    (dates(info=3, debate=2), "debate_at"),
    (dates(debate=5, vote=4), "vote_at"),
    ({**dates(vote=5, close=5.01)}, "results_at"),
    ({"information_at": None}, "information_at"),
]


@pytest.mark.parametrize(
    ("close", "words"),
    [
        (4, "The vote closes after it opens, at least one hour later."),
        (5, "The vote closes after it opens, at least one hour later."),
        (5.01, "The vote lasts at least one hour."),
    ],
)
def test_a_vote_closing_before_it_opens_is_told_as_such(quartier, carol, close, words):
    with pytest.raises(ValidationError) as refused:
        services.consultation_open(
            quartier=quartier, actor=carol, **fields(**dates(vote=5, close=close))
        )
    assert refused.value.message_dict["results_at"] == [words]
    assert not Consultation.objects.exists()


@pytest.mark.parametrize(("bad", "field"), BAD)
def test_bad_input_is_refused_in_words_and_nothing_stored(quartier, carol, bad, field):
    with pytest.raises(ValidationError) as refused:
        services.consultation_open(quartier=quartier, actor=carol, **fields(**bad))
    assert field in refused.value.message_dict
    assert all(refused.value.message_dict[field])
    assert not Consultation.objects.exists()
    assert not Option.objects.exists()
