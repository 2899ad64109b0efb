"""Gatherings in the API: /api/v1/quartiers/<slug>/events/, /api/v1/events/<id>/…"""

from django.urls import path

from exchanges.events.api import views

urlpatterns = [
    path("quartiers/<slug:slug>/events/", views.QuartierEventListView.as_view(), name="events"),
    path("events/<int:event_id>/", views.EventDetailView.as_view(), name="event"),
    path("events/<int:event_id>/cancel/", views.EventCancelView.as_view(), name="event_cancel"),
    path(
        "events/<int:event_id>/dates-off/",
        views.EventDatesOffView.as_view(),
        name="event_dates_off",
    ),
    path(
        "events/<int:event_id>/dates-off/back/",
        views.EventDateBackView.as_view(),
        name="event_date_back",
    ),
    path(
        "events/<int:event_id>/registrations/",
        views.EventRegisterView.as_view(),
        name="event_register",
    ),
    path(
        "events/<int:event_id>/attendance/",
        views.AttendanceView.as_view(),
        name="event_attendance",
    ),
    path(
        "event-registrations/<int:registration_id>/cancel/",
        views.RegistrationCancelView.as_view(),
        name="event_registration_cancel",
    ),
    path(
        "me/event-registrations/",
        views.MyRegistrationsView.as_view(),
        name="my_event_registrations",
    ),
]
