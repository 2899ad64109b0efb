"""The phases on the clock: moved once whatever the number of ticks, told once."""

import datetime

import pytest
from django.utils import timezone

from exchanges.consultations import kinds, services
from exchanges.consultations.models import Consultation, Participation
from exchanges.consultations.services import clock
from exchanges.consultations.tasks import consultations_tick
from messaging.models import Notification
from tests.exchanges.consultations.builders import open_consultation

pytestmark = pytest.mark.django_db
Phase = Consultation.Phase
DAY = datetime.timedelta(days=1)


def _dated(consultation, **days):
    now = timezone.now()
    Consultation.objects.filter(pk=consultation.pk).update(
        **{name: now + value * DAY for name, value in days.items()}
    )


def test_the_tick_run_twice_moves_once_and_tells_once(quartier, carol, alice, bob):
    consultation = open_consultation(quartier, carol)
    _dated(consultation, information_at=-3, debate_at=-2, vote_at=-1, results_at=5)
    assert consultations_tick() == {"moved": 1, "last_day": 0}
    assert consultations_tick() == {"moved": 0, "last_day": 0}
    consultation.refresh_from_db()
    assert consultation.phase == Phase.VOTE
    assert consultation.phase_moved_at is not None
    told = Notification.objects.filter(kind=kinds.CONSULTATION_VOTE_OPEN)
    assert sorted(told.values_list("user_id", flat=True)) == sorted([carol.pk, alice.pk, bob.pk])


def test_only_the_update_that_changed_a_row_tells(quartier, carol, alice):
    consultation = open_consultation(quartier, carol)
    _dated(consultation, information_at=-3, debate_at=-2, vote_at=-1, results_at=5)
    assert clock.consultation_move(consultation_id=consultation.pk)
    assert not clock.consultation_move(consultation_id=consultation.pk)
    assert Notification.objects.filter(kind=kinds.CONSULTATION_VOTE_OPEN, user=alice).count() == 1


def test_a_late_tick_skips_to_the_phase_due_and_tells_the_results(quartier, carol, alice):
    consultation = open_consultation(quartier, carol)
    _dated(consultation, information_at=-10, debate_at=-8, vote_at=-5, results_at=-1)
    consultations_tick()
    consultation.refresh_from_db()
    assert consultation.phase == Phase.RESULTS
    assert Notification.objects.filter(kind=kinds.CONSULTATION_RESULTS, user=alice).count() == 1
    assert not Notification.objects.filter(kind=kinds.CONSULTATION_VOTE_OPEN).exists()


def test_a_proposal_waits_and_catches_up_once_approved(quartier, carol, alice):
    quartier.members_open_consultations = True
    quartier.save()
    consultation = open_consultation(quartier, alice)
    _dated(consultation, information_at=-3, debate_at=-2, vote_at=-1, results_at=5)
    consultations_tick()
    consultation.refresh_from_db()
    assert consultation.phase == Phase.SCHEDULED
    services.consultation_approve(consultation=consultation, actor=carol)
    consultations_tick()
    consultation.refresh_from_db()
    assert consultation.phase == Phase.VOTE


def test_a_withdrawn_consultation_stays_where_it_is(quartier, carol):
    consultation = open_consultation(quartier, carol)
    services.consultation_withdraw(consultation=consultation, actor=carol)
    _dated(consultation, information_at=-3, debate_at=-2, vote_at=-1, results_at=5)
    consultations_tick()
    assert Consultation.objects.get().phase == Phase.SCHEDULED


def test_the_phases_follow_each_other(quartier, carol):
    consultation = open_consultation(quartier, carol)
    now = timezone.now()
    seen = []
    for days in (0.5, 2.5, 5.5, 12.5):
        clock.consultation_move(consultation_id=consultation.pk, now=now + days * DAY)
        consultation.refresh_from_db()
        seen.append(consultation.phase)
    assert seen == [Phase.INFORMATION, Phase.DEBATE, Phase.VOTE, Phase.RESULTS]


def test_the_last_day_is_told_once_to_who_has_not_taken_part(quartier, carol, alice, bob):
    consultation = open_consultation(quartier, carol)
    _dated(consultation, information_at=-6, debate_at=-4, vote_at=-2, results_at=0.5)
    Participation.objects.create(consultation=consultation, member=alice)
    consultations_tick()
    assert consultations_tick() == {"moved": 0, "last_day": 0}
    told = Notification.objects.filter(kind=kinds.CONSULTATION_LAST_DAY)
    assert sorted(told.values_list("user_id", flat=True)) == sorted([carol.pk, bob.pk])
    consultation.refresh_from_db()
    assert consultation.last_day_told_at is not None


def test_the_tick_queues_one_task_per_consultation_due(quartier, carol, monkeypatch):
    from exchanges.consultations import tasks

    due = [open_consultation(quartier, carol) for _ in range(3)]
    for consultation in due:
        _dated(consultation, information_at=-3, debate_at=-2, vote_at=-1, results_at=5)
    queued: list[int] = []
    monkeypatch.setattr(tasks.consultation_move, "delay", queued.append)
    assert consultations_tick() == {"moved": 3, "last_day": 0}
    assert sorted(queued) == sorted(c.pk for c in due)
    # Nothing moved yet: the tasks do it, each on its own.
    assert set(Consultation.objects.values_list("phase", flat=True)) == {Phase.SCHEDULED}


def test_a_move_task_run_twice_moves_once_and_tells_once(quartier, carol, alice):
    from exchanges.consultations import tasks

    consultation = open_consultation(quartier, carol)
    _dated(consultation, information_at=-3, debate_at=-2, vote_at=-1, results_at=0.5)
    assert tasks.consultation_move(consultation.pk) is True
    assert tasks.consultation_move(consultation.pk) is False
    assert tasks.consultation_last_day(consultation.pk) is False
    consultation.refresh_from_db()
    assert consultation.phase == Phase.VOTE
    assert Notification.objects.filter(kind=kinds.CONSULTATION_VOTE_OPEN, user=alice).count() == 1
    # The vote opened on its last day: told by the move itself, once.
    assert Notification.objects.filter(kind=kinds.CONSULTATION_LAST_DAY, user=alice).count() == 1
