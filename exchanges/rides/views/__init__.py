"""Pages of carpooling: plain forms posted without JavaScript, then a redirect.

Every ride is fetched through `get_ride_for_member`, every request through
`get_request_for_member` and every booking through `get_booking_for_party` (404 for outsiders);
the services decide the rest (403 for what only the driver, the passenger or a coordinator may
do). Times show in the site's timezone (`in_site_timezone`), whoever looks; the calendar feed speaks
its owner's language.

By subject: `lists` (what there is to find), `publishing` (rides, requests, meeting points),
`rides` (a ride's and a request's pages), `bookings` (seats), `calendar` (the feed), and
`common` for what they share. `exchanges/rides/urls.py` names them all from here.
"""

from exchanges.rides.views.bookings import (
    booking_accept,
    booking_cancel,
    booking_decline,
    booking_request,
)
from exchanges.rides.views.calendar import calendar_feed, calendar_settings
from exchanges.rides.views.lists import my_rides, ride_list, ride_search
from exchanges.rides.views.publishing import (
    meeting_point_delete,
    meeting_points,
    request_create,
    ride_create,
    ride_edit,
)
from exchanges.rides.views.rides import (
    request_close,
    request_detail,
    ride_cancel,
    ride_detail,
    trip_cancel,
)

__all__ = [
    "booking_accept",
    "booking_cancel",
    "booking_decline",
    "booking_request",
    "calendar_feed",
    "calendar_settings",
    "meeting_point_delete",
    "meeting_points",
    "my_rides",
    "request_close",
    "request_create",
    "request_detail",
    "ride_cancel",
    "ride_create",
    "ride_detail",
    "ride_edit",
    "ride_list",
    "ride_search",
    "trip_cancel",
]
