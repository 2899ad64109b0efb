"""Publishing, registering, the waiting list, dates off, changes and cancellations: what the
services write and whom they tell; bad input refused in words with nothing changed."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from exchanges.events import kinds, services
from exchanges.events.models import Event, EventException, Occurrence, Registration
from exchanges.events.recurrence import next_dates
from messaging.models import Notification, Participant
from tests.exchanges.events.fields import days_ahead, local, publish
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def members(quartier, n):
    people = [UserFactory.create() for _ in range(n)]
    for person in people:
        MembershipFactory.create(quartier=quartier, user=person)
    return people


def told(user, kind):
    return Notification.objects.filter(user=user, kind=kind).count()


def first_day(event):
    return next_dates(event, event.starts_at - datetime.timedelta(hours=1), 1)[0].date


def test_publishing_opens_the_thread_and_the_feed_entry(quartier, alice):
    event = publish(quartier, alice)
    assert event.conversation is not None
    assert list(Participant.objects.filter(conversation=event.conversation).values_list(
        "user_id", flat=True)) == [alice.pk]  # fmt: skip
    entry = event.feed_entries.get()
    assert entry.kind == kinds.FEED_EVENT and entry.is_visible


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"ends_at": local(days_ahead(10), 13)}, "ends_at", "A gathering ends after it starts."),
        ({"capacity": 0}, "capacity", "From 1 to 500 places, or empty for no limit."),
        ({"capacity": 501}, "capacity", "From 1 to 500 places, or empty for no limit."),
        ({"day": days_ahead(-2)}, "starts_at", "Choose a date to come."),
        ({"address": "  "}, "address", "Say where: choose a place, or type an address."),
        ({"title": ""}, "title", "This field cannot be blank."),
        ({"repeat": "daily"}, "repeat", "Choose how often it takes place."),
        (
            {"repeat": "weekly", "repeat_until": days_ahead(3)},
            "repeat_until",
            "The last date comes after the first one.",
        ),
        ({"repeat": "weekly", "interval": 13}, "interval", "Every 1 to 12 weeks or months."),
        (
            {"repeat": "weekly", "ends_at": local(days_ahead(12), 17)},
            "ends_at",
            "A repeating gathering lasts at most a day.",
        ),
        ({"status": "cancelled"}, "status", "This cannot be changed."),
    ],
)
def test_bad_input_is_refused_in_words_and_nothing_is_written(
    quartier, alice, overrides, field, message
):
    with pytest.raises(ValidationError) as refused:
        publish(quartier, alice, **overrides)
    assert message in refused.value.message_dict[field]
    assert not Event.objects.exists()


def test_an_outsider_cannot_publish(quartier, dave):
    with pytest.raises(PermissionDenied):
        publish(quartier, dave)


def test_registering_takes_a_place_then_the_waiting_list(quartier, alice):
    event = publish(quartier, alice, capacity=2)
    bob, claire, dan = members(quartier, 3)
    day = first_day(event)

    first = services.event_register(event=event, member=bob, day=day)
    second = services.event_register(event=event, member=claire, day=day)
    third = services.event_register(event=event, member=dan, day=day)

    assert [first.status, second.status, third.status] == ["registered", "registered", "waiting"]
    occurrence = Occurrence.objects.get(event=event, date=day)
    assert occurrence.taken == 2 and occurrence.capacity == 2
    assert told(bob, kinds.EVENT_REGISTERED) == 1
    assert told(dan, kinds.EVENT_WAITING) == 1
    assert told(alice, kinds.EVENT_NEW_REGISTRATION) == 2
    thread = set(Participant.objects.filter(conversation=event.conversation).values_list(
        "user_id", flat=True))  # fmt: skip
    assert thread == {alice.pk, bob.pk, claire.pk}


@pytest.mark.parametrize("offset", [1, 2])
def test_registering_for_a_day_that_is_not_a_date_is_refused(quartier, alice, bob, offset):
    event = publish(quartier, alice, repeat="weekly")
    with pytest.raises(ValidationError) as refused:
        services.event_register(
            event=event, member=bob, day=first_day(event) + datetime.timedelta(days=offset)
        )
    assert "does not take place on" in refused.value.messages[0]
    assert not Occurrence.objects.exists()


def test_registering_twice_or_for_a_past_date_is_refused(quartier, alice, bob):
    event = publish(quartier, alice, repeat="weekly")
    day = first_day(event)
    services.event_register(event=event, member=bob, day=day)
    with pytest.raises(ValidationError, match="already registered for this date"):
        services.event_register(event=event, member=bob, day=day)
    assert Occurrence.objects.get().taken == 1
    Event.objects.filter(pk=event.pk).update(
        starts_at=event.starts_at - datetime.timedelta(days=14),
        ends_at=event.ends_at - datetime.timedelta(days=14),
    )
    event.refresh_from_db()
    with pytest.raises(ValidationError, match="already started"):
        services.event_register(event=event, member=bob, day=first_day(event))


def test_no_registration_needed_is_said(quartier, alice, bob):
    event = publish(quartier, alice, registration=False)
    assert event.capacity is None
    with pytest.raises(ValidationError, match="just come"):
        services.event_register(event=event, member=bob, day=first_day(event))


def test_cancelling_moves_the_first_waiting_up_and_tells_them(quartier, alice):
    event = publish(quartier, alice, capacity=1)
    bob, claire, dan = members(quartier, 3)
    day = first_day(event)
    kept = services.event_register(event=event, member=bob, day=day)
    services.event_register(event=event, member=claire, day=day)
    services.event_register(event=event, member=dan, day=day)

    services.registration_cancel(registration=kept, actor=bob)

    statuses = dict(Registration.objects.values_list("member_id", "status"))
    assert statuses == {bob.pk: "cancelled", claire.pk: "registered", dan.pk: "waiting"}
    moved = Registration.objects.get(member=claire)
    assert moved.moved_up_at is not None
    assert told(claire, kinds.EVENT_MOVED_UP) == 1 and told(dan, kinds.EVENT_MOVED_UP) == 0
    note = Notification.objects.get(user=claire, kind=kinds.EVENT_MOVED_UP)
    assert note.title == f"Repair café, {day:%d/%m/%Y}"
    assert note.url == f"{event.get_absolute_url()}#date-{day.isoformat()}"
    assert Occurrence.objects.get().taken == 1
    assert not Participant.objects.filter(conversation=event.conversation, user=bob).exists()
    assert Participant.objects.filter(conversation=event.conversation, user=claire).exists()
    with pytest.raises(ValidationError, match="already cancelled"):
        services.registration_cancel(registration=kept, actor=bob)
    with pytest.raises(PermissionDenied):
        services.registration_cancel(registration=moved, actor=dan)


def test_capacity_is_copied_to_dates_to_come_never_below_the_registered(quartier, alice):
    event = publish(quartier, alice, capacity=3, repeat="weekly")
    bob, claire, dan = members(quartier, 3)
    day = first_day(event)
    for person in (bob, claire, dan):
        services.event_register(event=event, member=person, day=day)

    with pytest.raises(ValidationError) as refused:
        services.event_edit(event=event, actor=alice, capacity=2)
    assert refused.value.message_dict["capacity"][0].startswith(
        "3 people are already registered on"
    )
    event.refresh_from_db()
    assert event.capacity == 3 and Occurrence.objects.get().capacity == 3

    services.event_edit(event=event, actor=alice, capacity=5)
    assert Occurrence.objects.get().capacity == 5


def test_the_first_registration_for_a_date_copies_the_capacity_saved_meanwhile(quartier, alice):
    """The page read the gathering with 12 places; its organiser saved 2 before the button was
    pressed: the date made by that registration has 2 places, not the 12 read before."""
    event = publish(quartier, alice, capacity=12, repeat="weekly")
    bob, claire, dan = members(quartier, 3)
    day = first_day(event)
    read_by_the_page = Event.objects.get(pk=event.pk)
    services.event_edit(event=event, actor=alice, capacity=2)

    for person in (bob, claire, dan):
        services.event_register(event=read_by_the_page, member=person, day=day)

    occurrence = Occurrence.objects.get()
    assert occurrence.capacity == 2 and occurrence.taken == 2
    assert Registration.objects.get(member=dan).status == "waiting"


def test_more_places_move_the_waiting_up(quartier, alice):
    event = publish(quartier, alice, capacity=1)
    bob, claire = members(quartier, 2)
    day = first_day(event)
    services.event_register(event=event, member=bob, day=day)
    services.event_register(event=event, member=claire, day=day)
    services.event_edit(event=event, actor=alice, capacity=2)
    assert Registration.objects.get(member=claire).status == "registered"
    assert told(claire, kinds.EVENT_MOVED_UP) == 1


def test_a_date_off_cancels_its_registrations_and_tells_them(quartier, alice, bob):
    event = publish(quartier, alice, repeat="weekly")
    day = first_day(event)
    services.event_register(event=event, member=bob, day=day)

    services.exception_add(event=event, actor=alice, day=day)

    assert EventException.objects.filter(event=event, date=day).exists()
    assert Registration.objects.get().status == "cancelled"
    assert Occurrence.objects.get().taken == 0
    assert told(bob, kinds.EVENT_DATE_OFF) == 1
    with pytest.raises(ValidationError, match="does not take place"):
        services.event_register(event=event, member=bob, day=day)
    with pytest.raises(ValidationError, match="does not take place"):
        services.exception_add(event=event, actor=alice, day=day)
    services.exception_remove(event=event, actor=alice, day=day)
    assert services.event_register(event=event, member=bob, day=day).status == "registered"


def test_moving_the_event_cancels_the_dates_that_are_gone(quartier, alice, bob):
    event = publish(quartier, alice, repeat="weekly")
    day = first_day(event)
    services.event_register(event=event, member=bob, day=day)
    later = day + datetime.timedelta(days=1)
    services.event_edit(
        event=event, actor=alice, starts_at=local(later, 10), ends_at=local(later, 12)
    )
    assert Registration.objects.get().status == "cancelled"
    assert told(bob, kinds.EVENT_CHANGED) == 1


def test_a_new_time_is_carried_to_the_dates_registered_for(quartier, alice, bob):
    event = publish(quartier, alice, repeat="weekly")
    day = first_day(event)
    services.event_register(event=event, member=bob, day=day)
    services.event_edit(event=event, actor=alice, starts_at=local(day, 15), ends_at=local(day, 18))
    occurrence = Occurrence.objects.get()
    assert occurrence.starts_at == local(day, 15) and occurrence.ends_at == local(day, 18)
    assert Registration.objects.get().status == "registered"
    assert told(bob, kinds.EVENT_CHANGED) == 1


def test_a_coordinator_cancels_and_the_registered_are_told(quartier, alice, bob, carol):
    event = publish(quartier, alice, repeat="weekly")
    services.event_register(event=event, member=bob, day=first_day(event))
    with pytest.raises(PermissionDenied):
        services.event_cancel(event=event, actor=bob)
    services.event_cancel(event=event, actor=carol)
    event.refresh_from_db()
    assert event.is_cancelled and not event.feed_entries.get().is_visible
    assert Registration.objects.get().status == "cancelled"
    assert told(bob, kinds.EVENT_CANCELLED) == 1
    with pytest.raises(ValidationError, match="cancelled"):
        services.event_register(event=event, member=bob, day=first_day(event))


def test_only_the_organiser_edits(quartier, alice, bob):
    event = publish(quartier, alice)
    with pytest.raises(PermissionDenied):
        services.event_edit(event=event, actor=bob, title="Mine")


def test_registration_stays_needed_while_neighbours_are_registered(quartier, alice, bob):
    event = publish(quartier, alice)
    services.event_register(event=event, member=bob, day=first_day(event))
    with pytest.raises(ValidationError) as refused:
        services.event_edit(event=event, actor=alice, registration=False)
    assert "registration" in refused.value.message_dict
    event.refresh_from_db()
    assert event.registration and event.capacity == 12
