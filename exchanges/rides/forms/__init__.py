"""What residents type on the carpooling pages, read into the shapes the services take: places,
aware datetimes, weekday times, cents. The rules are the services'; a form checks only what it
needs to build those shapes (a date that parses, a time for each weekday ticked).

A service names its refusals after its own arguments (``contribution_cents``, ``weekly``,
``earliest_at``); each form says under which of its fields they belong (``aliases``), so that
`neighbourhood.pages.add_service_errors` shows every refusal next to what the resident typed.

By subject: `places` (where from, where to; meeting points), `rides` (a driver's ride),
`requests` (a passenger's request, and a search), `bookings` (seats, and calling things off),
and `common` for what they share. Callers use `from exchanges.rides.forms import RideForm`.
"""

from exchanges.rides.forms.bookings import BookingForm, ReasonForm, TripCancelForm
from exchanges.rides.forms.common import cents_to_euros, euros_to_cents
from exchanges.rides.forms.places import MeetingPointForm, PlaceForm
from exchanges.rides.forms.requests import RideRequestForm, RideSearchForm
from exchanges.rides.forms.rides import (
    RideDetailsForm,
    RideEditForm,
    RideForm,
    return_ride_initial,
    ride_details_initial,
)
from neighbourhood.pages import ServiceForm

__all__ = [
    "BookingForm",
    "MeetingPointForm",
    "PlaceForm",
    "ReasonForm",
    "RideDetailsForm",
    "RideEditForm",
    "RideForm",
    "RideRequestForm",
    "RideSearchForm",
    "ServiceForm",
    "TripCancelForm",
    "cents_to_euros",
    "euros_to_cents",
    "return_ride_initial",
    "ride_details_initial",
]
