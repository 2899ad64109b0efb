"""Gatherings' pages, under /events/."""

from django.urls import path

from exchanges.events.views import events, organising

app_name = "events"

urlpatterns = [
    path("mine/", events.event_mine, name="mine"),
    path("in/<slug:slug>/", events.event_list, name="list"),
    path("in/<slug:slug>/new/", organising.event_create, name="create"),
    path("<int:event_id>/", events.event_detail, name="detail"),
    path("<int:event_id>/register/", events.event_register, name="register"),
    path("<int:event_id>/edit/", organising.event_edit, name="edit"),
    path("<int:event_id>/cancel/", organising.event_cancel, name="cancel"),
    path("<int:event_id>/dates-off/", organising.dates_off, name="dates_off"),
    path("<int:event_id>/dates-off/back/", organising.date_back, name="date_back"),
    path("<int:event_id>/attendance/<str:day>/", organising.attendance, name="attendance"),
    path(
        "registrations/<int:registration_id>/cancel/",
        events.registration_cancel,
        name="registration_cancel",
    ),
]
