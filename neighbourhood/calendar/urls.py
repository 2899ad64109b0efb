"""The quartier's calendar pages and its public feeds (the `.ics` and the news)."""

from django.urls import path

from neighbourhood.calendar import news, views
from neighbourhood.calendar.periods import MONTH, WEEK

app_name = "calendar"

urlpatterns = [
    path("in/<slug:slug>/", views.quartier_calendar, name="quartier"),
    path(
        "in/<slug:slug>/week/<str:value>/",
        views.quartier_calendar,
        {"kind": WEEK},
        name="week",
    ),
    path(
        "in/<slug:slug>/month/<str:value>/",
        views.quartier_calendar,
        {"kind": MONTH},
        name="month",
    ),
    path("in/<slug:slug>/public.ics", views.public_feed, name="public"),
    path("in/<slug:slug>/news.atom", news.QuartierNews(), name="news"),
]
