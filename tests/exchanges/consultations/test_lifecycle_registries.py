"""Consultations on the registries: "Your voice" in the digest (not voted first, two queries),
the quartier sheet (coded V-<id>), the calendars (the vote's opening and close), the feed, the
notification kinds, the photos."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from exchanges.consultations import calendar, digest, kinds, sheet
from exchanges.consultations.models import Consultation, Participation
from messaging.digests.sections import Reader
from messaging.kinds import notification_kinds
from neighbourhood.feed.kinds import feed_kinds
from neighbourhood.photos.subjects import photo_subject
from neighbourhood.quartiers.sheet.sections import Moment
from tests.exchanges.consultations.fields import make_consultation
from tests.factories import QuartierFactory

pytestmark = pytest.mark.django_db


def reader(user, *quartiers) -> Reader:
    now = timezone.now()
    return Reader(
        user=user,
        since=now - datetime.timedelta(days=1),
        until=now + datetime.timedelta(minutes=1),
        quartier_ids=frozenset(quartier.pk for quartier in quartiers),
    )


def test_your_voice_lists_what_i_have_not_voted_in_first_in_two_queries(
    quartier, carol, alice, bob, django_assert_max_num_queries
):
    voted = make_consultation(quartier=quartier, opened_by=carol, phase="vote", question="A?")
    make_consultation(quartier=quartier, opened_by=carol, phase="debate", question="B?")
    make_consultation(quartier=quartier, opened_by=carol, phase="results", question="Closed?")
    make_consultation(quartier=quartier, opened_by=carol, phase="information", question="Soon?")
    Participation.objects.create(consultation=voted, member=alice)

    with django_assert_max_num_queries(2):
        found = digest.your_voice([reader(alice, quartier), reader(bob, quartier)])

    assert [item.title for item in found[alice.pk]] == ["B?", "A?"]
    assert str(found[alice.pk][1].note) == "You have voted"
    assert [item.title for item in found[bob.pk]] == ["A?", "B?"]
    assert "Vote open until" in str(found[bob.pk][0].note)


def test_the_sheet_prints_what_is_under_way_with_its_code(quartier, carol):
    consultation = make_consultation(quartier=quartier, opened_by=carol, phase="vote")
    make_consultation(quartier=quartier, opened_by=carol, phase="results", question="Closed?")
    [part] = sheet.sheet_parts(quartier, Moment(timezone.now()))
    [line] = part.lines
    assert line.code == f"V-{consultation.pk}"
    assert sheet.resolve(quartier, consultation.pk) == consultation.get_absolute_url()
    assert sheet.resolve(QuartierFactory.create(), consultation.pk) is None


def test_the_calendars_hold_the_votes_opening_and_close(quartier, carol, alice, dave):
    consultation = make_consultation(quartier=quartier, opened_by=carol, phase="debate")
    make_consultation(
        quartier=quartier, opened_by=carol, phase="debate", status=Consultation.Status.PROPOSED
    )
    section = calendar.ConsultationsSection()
    today = timezone.now().date()
    items = section.page_items(
        member=alice, quartier=quartier, first=today, last=today + datetime.timedelta(days=30)
    )
    assert [item.uid for item in items] == [
        f"consultation-{consultation.pk}-opens@voisinage",
        f"consultation-{consultation.pk}-closes@voisinage",
    ]
    assert items[0].kind_label == "Consultation"
    mine = section.private_items(
        member=alice, first=today, last=today + datetime.timedelta(days=30)
    )
    assert len(list(mine)) == 2
    assert not section.private_items(
        member=dave, first=today, last=today + datetime.timedelta(days=30)
    )


def test_the_kinds_are_registered():
    for kind in (
        kinds.CONSULTATION_TO_APPROVE,
        kinds.CONSULTATION_APPROVED,
        kinds.CONSULTATION_DECLINED,
        kinds.CONSULTATION_VOTE_OPEN,
        kinds.CONSULTATION_LAST_DAY,
        kinds.CONSULTATION_RESULTS,
    ):
        assert notification_kinds.get(kind) is not None
    assert feed_kinds.get(kinds.FEED_CONSULTATION) is not None


def test_photos_are_the_coordinators_to_change_and_the_members_to_see(quartier, carol, alice, dave):
    consultation = make_consultation(quartier=quartier, opened_by=carol)
    subject = photo_subject("consultation")
    assert subject.find_for_reading(user=alice, subject_id=consultation.pk) == consultation
    assert subject.find_for_editing(user=carol, subject_id=consultation.pk) == consultation
    with pytest.raises(PermissionDenied):
        subject.find_for_editing(user=alice, subject_id=consultation.pk)
    with pytest.raises(Http404):
        subject.find_for_reading(user=dave, subject_id=consultation.pk)


def test_the_sheet_counts_every_consultation_past_the_lines_it_prints(
    quartier, carol, django_assert_num_queries
):
    from neighbourhood.quartiers.sheet.sections import MAX_LINES

    under_way = MAX_LINES + 60
    for n in range(under_way):
        make_consultation(quartier=quartier, opened_by=carol, phase="vote", question=f"Q{n}?")
    make_consultation(quartier=quartier, opened_by=carol, phase="results", question="Closed?")
    Consultation.objects.filter(question="Q0?").update(
        created_at=timezone.now() - datetime.timedelta(days=60)
    )
    with django_assert_num_queries(1):
        [part] = sheet.sheet_parts(quartier, Moment(timezone.now()))
    assert len(part.lines) == MAX_LINES
    assert part.more == under_way - MAX_LINES
    assert part.new_count == under_way - 1
