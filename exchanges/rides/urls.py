from django.urls import path

from exchanges.rides import views

app_name = "rides"

urlpatterns = [
    path("mine/", views.my_rides, name="mine"),
    path("calendar/", views.calendar_settings, name="calendar_settings"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar"),
    path("in/<slug:slug>/", views.ride_list, name="list"),
    path("in/<slug:slug>/new/", views.ride_create, name="create"),
    path("in/<slug:slug>/requests/new/", views.request_create, name="request_create"),
    path("in/<slug:slug>/search/", views.ride_search, name="search"),
    path("in/<slug:slug>/meeting-points/", views.meeting_points, name="meeting_points"),
    path(
        "in/<slug:slug>/meeting-points/<int:point_id>/delete/",
        views.meeting_point_delete,
        name="meeting_point_delete",
    ),
    path("<int:ride_id>/", views.ride_detail, name="detail"),
    path("<int:ride_id>/edit/", views.ride_edit, name="edit"),
    path("<int:ride_id>/cancel/", views.ride_cancel, name="cancel"),
    path("<int:ride_id>/dates/cancel/", views.trip_cancel, name="trip_cancel"),
    path("<int:ride_id>/book/", views.booking_request, name="book"),
    path("requests/<int:request_id>/", views.request_detail, name="request_detail"),
    path("requests/<int:request_id>/close/", views.request_close, name="request_close"),
    path("bookings/<int:booking_id>/accept/", views.booking_accept, name="booking_accept"),
    path("bookings/<int:booking_id>/decline/", views.booking_decline, name="booking_decline"),
    path("bookings/<int:booking_id>/cancel/", views.booking_cancel, name="booking_cancel"),
]
