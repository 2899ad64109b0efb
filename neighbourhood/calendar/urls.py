"""The quartier's calendar pages and its public feeds (the `.ics` and the news)."""

from django.urls import path  # noqa: F401

app_name = "calendar"

urlpatterns: list = []
