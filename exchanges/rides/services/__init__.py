"""Every write to carpooling, by subject: places, rides, requests, bookings (and the seats
they take, in `seats`). Callers use `from exchanges.rides import services` and
`services.ride_create(...)`."""

from exchanges.rides.services.bookings import (
    MAX_BOOKING_DATES,
    booking_accept,
    booking_cancel,
    booking_decline,
    booking_request,
    calendar_feed_for,
    calendar_feed_renew,
)
from exchanges.rides.services.places import (
    MIN_TRIP_KM,
    Place,
    meeting_point_create,
    meeting_point_delete,
)
from exchanges.rides.services.requests import ride_request_close, ride_request_create
from exchanges.rides.services.rides import (
    MAX_CONTRIBUTION_CENTS,
    MAX_PERIOD_DAYS,
    RIDE_EDITABLE,
    ride_cancel,
    ride_create,
    ride_update,
    trip_cancel,
)

__all__ = [
    "MAX_BOOKING_DATES",
    "MAX_CONTRIBUTION_CENTS",
    "MAX_PERIOD_DAYS",
    "MIN_TRIP_KM",
    "RIDE_EDITABLE",
    "Place",
    "booking_accept",
    "booking_cancel",
    "booking_decline",
    "booking_request",
    "calendar_feed_for",
    "calendar_feed_renew",
    "meeting_point_create",
    "meeting_point_delete",
    "ride_cancel",
    "ride_create",
    "ride_request_close",
    "ride_request_create",
    "ride_update",
    "trip_cancel",
]
