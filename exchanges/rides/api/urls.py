from django.urls import path

from exchanges.rides.api.views import bookings, mine, points, requests, rides, trips

urlpatterns = [
    path(
        "quartiers/<slug:slug>/meeting-points/",
        points.MeetingPointListView.as_view(),
        name="meeting_points",
    ),
    path(
        "quartiers/<slug:slug>/meeting-points/<int:point_id>/",
        points.MeetingPointDetailView.as_view(),
        name="meeting_point",
    ),
    path("quartiers/<slug:slug>/rides/", rides.QuartierRideListView.as_view(), name="rides"),
    path(
        "quartiers/<slug:slug>/rides/search/",
        rides.RideSearchView.as_view(),
        name="ride_search",
    ),
    path(
        "quartiers/<slug:slug>/ride-requests/",
        requests.QuartierRideRequestListView.as_view(),
        name="ride_requests",
    ),
    path("rides/<int:ride_id>/", rides.RideDetailView.as_view(), name="ride"),
    path("rides/<int:ride_id>/cancel/", rides.RideCancelView.as_view(), name="ride_cancel"),
    path(
        "rides/<int:ride_id>/dates/cancel/",
        trips.TripCancelView.as_view(),
        name="ride_trip_cancel",
    ),
    path(
        "rides/<int:ride_id>/departures/",
        trips.RideDeparturesView.as_view(),
        name="ride_departures",
    ),
    path(
        "rides/<int:ride_id>/requests/",
        rides.RideMatchingRequestsView.as_view(),
        name="ride_matching_requests",
    ),
    path(
        "rides/<int:ride_id>/bookings/",
        bookings.RideBookingsView.as_view(),
        name="ride_bookings",
    ),
    path("bookings/<int:booking_id>/", bookings.BookingDetailView.as_view(), name="booking"),
    path(
        "bookings/<int:booking_id>/accept/",
        bookings.BookingAcceptView.as_view(),
        name="booking_accept",
    ),
    path(
        "bookings/<int:booking_id>/decline/",
        bookings.BookingDeclineView.as_view(),
        name="booking_decline",
    ),
    path(
        "bookings/<int:booking_id>/cancel/",
        bookings.BookingCancelView.as_view(),
        name="booking_cancel",
    ),
    path(
        "ride-requests/<int:request_id>/",
        requests.RideRequestDetailView.as_view(),
        name="ride_request",
    ),
    path(
        "ride-requests/<int:request_id>/close/",
        requests.RideRequestCloseView.as_view(),
        name="ride_request_close",
    ),
    path(
        "ride-requests/<int:request_id>/rides/",
        requests.RideRequestRidesView.as_view(),
        name="ride_request_rides",
    ),
    path("me/rides/", mine.MyRidesView.as_view(), name="my_rides"),
    path(
        "me/rides/calendar/",
        mine.MyRideCalendarView.as_view(),
        name="my_ride_calendar",
    ),
]
