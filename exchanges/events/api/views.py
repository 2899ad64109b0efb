"""Views of the API for gatherings: the quartier's (and publishing one), one with its next
dates, registering for a date and cancelling, mine, and a date's attendance list for its
organiser."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from exchanges.events import selectors, services
from exchanges.events.api.serializers import (
    AttendanceSerializer,
    DateInputSerializer,
    EventDetailSerializer,
    EventInputSerializer,
    RegistrationSerializer,
    UpcomingEventSerializer,
)
from exchanges.events.models import Event, Registration
from neighbourhood.api import Endpoint, QuartierEndpoint, created
from neighbourhood.http import AuthenticatedRequest


def _detail(event: Event, viewer: object) -> Event:
    """The event with its next dates, as `EventDetailSerializer` reads them."""
    event.date_rows = selectors.event_dates(event=event, viewer=viewer)  # type: ignore[attr-defined,arg-type]
    return event


class QuartierEventListView(QuartierEndpoint):
    @extend_schema(responses=UpcomingEventSerializer(many=True))
    def get(self, request: AuthenticatedRequest, slug: str) -> Response:
        """The quartier's scheduled gatherings with a date to come, each with its next date
        (a repeating one by its next date only), the soonest first."""
        rows = selectors.upcoming(quartier=self.quartier)
        for row in rows:
            row.event.next_when = row.next  # type: ignore[attr-defined]
        return Response(UpcomingEventSerializer([row.event for row in rows], many=True).data)

    @extend_schema(request=EventInputSerializer, responses={201: EventDetailSerializer})
    def post(self, request: AuthenticatedRequest, slug: str) -> Response:
        """Publishes a gathering, once or repeating (`weekly`; `monthly_weekday`: the same
        weekday of the month as the first date, the second Saturday, the last Friday;
        `monthly_day`: the same day, skipping months without it), every `interval` weeks or
        months, until `repeat_until`. At one of the quartier's places or an address. Refused in
        words: ending before it starts, capacity 0, a date past."""
        fields = self.valid(EventInputSerializer)
        event = services.event_create(quartier=self.quartier, organiser=request.user, **fields)
        event = selectors.get_event_for_member(user=request.user, event_id=event.pk)
        return created(EventDetailSerializer(_detail(event, request.user)).data)


class EventDetailView(Endpoint[Event]):
    find = selectors.get_event_for_member
    find_for = {"PATCH": selectors.get_event_for_organiser}

    @extend_schema(responses=EventDetailSerializer)
    def get(self, request: AuthenticatedRequest, event_id: int) -> Response:
        """One gathering with its next dates, each with its places left and my registration
        (and my rank on its waiting list)."""
        return Response(EventDetailSerializer(_detail(self.object, request.user)).data)

    @extend_schema(request=EventInputSerializer, responses=EventDetailSerializer)
    def patch(self, request: AuthenticatedRequest, event_id: int) -> Response:
        """The organiser changes it. Never fewer places than registered on a date to come
        (refused, naming the date); more places move the waiting up; a date registered for that
        is no longer one of its dates has its registrations cancelled; those registered are
        told of a new time or place."""
        changes = self.valid(EventInputSerializer, partial=True)
        services.event_edit(event=self.object, actor=request.user, **changes)
        event = selectors.get_event_for_member(user=request.user, event_id=event_id)
        return Response(EventDetailSerializer(_detail(event, request.user)).data)


class EventCancelView(Endpoint[Event]):
    find = selectors.get_event_for_canceller

    @extend_schema(request=None, responses=EventDetailSerializer)
    def post(self, request: AuthenticatedRequest, event_id: int) -> Response:
        """Its organiser or a coordinator cancels it: every registration for a date to come
        is cancelled, and those registered or waiting are told."""
        services.event_cancel(event=self.object, actor=request.user)
        return Response(EventDetailSerializer(_detail(self.object, request.user)).data)


class EventDatesOffView(Endpoint[Event]):
    find = selectors.get_event_for_organiser

    @extend_schema(request=DateInputSerializer, responses=EventDetailSerializer)
    def post(self, request: AuthenticatedRequest, event_id: int) -> Response:
        """The organiser takes one date to come of a repeating gathering off; those
        registered or waiting for it are cancelled and told."""
        day = self.valid(DateInputSerializer)["date"]
        services.exception_add(event=self.object, actor=request.user, day=day)
        event = selectors.get_event_for_member(user=request.user, event_id=event_id)
        return Response(EventDetailSerializer(_detail(event, request.user)).data)


class EventDateBackView(Endpoint[Event]):
    find = selectors.get_event_for_organiser

    @extend_schema(request=DateInputSerializer, responses=EventDetailSerializer)
    def post(self, request: AuthenticatedRequest, event_id: int) -> Response:
        """The organiser puts a date off back: registering for it opens again."""
        day = self.valid(DateInputSerializer)["date"]
        services.exception_remove(event=self.object, actor=request.user, day=day)
        event = selectors.get_event_for_member(user=request.user, event_id=event_id)
        return Response(EventDetailSerializer(_detail(event, request.user)).data)


class EventRegisterView(Endpoint[Event]):
    find = selectors.get_event_for_member

    @extend_schema(request=DateInputSerializer, responses={201: RegistrationSerializer})
    def post(self, request: AuthenticatedRequest, event_id: int) -> Response:
        """Registers me for one date: `registered` with a place, else `waiting` (the waiting
        list moves up by itself when someone cancels). Refused in words: no registration
        needed, not one of its dates, a date already started, twice."""
        day = self.valid(DateInputSerializer)["date"]
        registration = services.event_register(event=self.object, member=request.user, day=day)
        rank = selectors.waiting_ranks([registration]).get(registration.pk)
        registration.waiting_rank = rank  # type: ignore[attr-defined]
        return created(RegistrationSerializer(registration).data)


class RegistrationCancelView(Endpoint[Registration]):
    find = selectors.get_registration_for_member

    @extend_schema(request=None, responses=RegistrationSerializer)
    def post(self, request: AuthenticatedRequest, registration_id: int) -> Response:
        """Cancels my registration (or leaves the waiting list) before the date starts; a
        place freed goes to the first waiting, who is told."""
        registration = services.registration_cancel(registration=self.object, actor=request.user)
        return Response(RegistrationSerializer(registration).data)


class MyRegistrationsView(Endpoint[None]):
    @extend_schema(responses=RegistrationSerializer(many=True))
    def get(self, request: AuthenticatedRequest) -> Response:
        """My registrations for dates to come (registered or waiting, with my rank), the
        soonest first."""
        rows = selectors.my_registrations(user=request.user)
        for registration, rank in rows:
            registration.waiting_rank = rank  # type: ignore[attr-defined]
        return Response(RegistrationSerializer([r for r, _rank in rows], many=True).data)


class AttendanceView(Endpoint[Event]):
    find = selectors.get_event_for_organiser

    @extend_schema(parameters=[DateInputSerializer], responses=AttendanceSerializer)
    def get(self, request: AuthenticatedRequest, event_id: int) -> Response:
        """The organiser's list of one date: the registered, then the waiting in their
        order."""
        day = self.valid_query(DateInputSerializer)["date"]
        occurrence, people = selectors.attendance(event=self.object, day=day)
        return Response(
            AttendanceSerializer(
                {
                    "date": day,
                    "capacity": occurrence.capacity if occurrence else self.object.capacity,
                    "taken": occurrence.taken if occurrence else 0,
                    "people": people,
                }
            ).data
        )
