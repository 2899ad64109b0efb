from django.urls import include, path

from exchanges.rides.api.views import bookings, mine, points, requests, rides, trips

quartier = [
    path("rides/", rides.QuartierRideListView.as_view(), name="rides"),
    path("rides/search/", rides.RideSearchView.as_view(), name="ride_search"),
    path("ride-requests/", requests.QuartierRideRequestListView.as_view(), name="ride_requests"),
    path("meeting-points/", points.MeetingPointListView.as_view(), name="meeting_points"),
    path(
        "meeting-points/<int:point_id>/",
        points.MeetingPointDetailView.as_view(),
        name="meeting_point",
    ),
]

ride = [
    path("", rides.RideDetailView.as_view(), name="ride"),
    path("cancel/", rides.RideCancelView.as_view(), name="ride_cancel"),
    path("dates/cancel/", trips.TripCancelView.as_view(), name="ride_trip_cancel"),
    path("departures/", trips.RideDeparturesView.as_view(), name="ride_departures"),
    path("requests/", rides.RideMatchingRequestsView.as_view(), name="ride_matching_requests"),
    path("bookings/", bookings.RideBookingsView.as_view(), name="ride_bookings"),
]

booking = [
    path("", bookings.BookingDetailView.as_view(), name="booking"),
    path("accept/", bookings.BookingAcceptView.as_view(), name="booking_accept"),
    path("decline/", bookings.BookingDeclineView.as_view(), name="booking_decline"),
    path("cancel/", bookings.BookingCancelView.as_view(), name="booking_cancel"),
]

ride_request = [
    path("", requests.RideRequestDetailView.as_view(), name="ride_request"),
    path("close/", requests.RideRequestCloseView.as_view(), name="ride_request_close"),
    path("rides/", requests.RideRequestRidesView.as_view(), name="ride_request_rides"),
]

urlpatterns = [
    path("quartiers/<slug:slug>/", include(quartier)),
    path("rides/<int:ride_id>/", include(ride)),
    path("bookings/<int:booking_id>/", include(booking)),
    path("ride-requests/<int:request_id>/", include(ride_request)),
    path("me/rides/", mine.MyRidesView.as_view(), name="my_rides"),
    path("me/rides/calendar/", mine.MyRideCalendarView.as_view(), name="my_ride_calendar"),
]
