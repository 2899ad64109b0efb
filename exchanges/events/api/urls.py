"""Gatherings in the API: /api/v1/quartiers/<slug>/events/, /api/v1/events/<id>/…"""

from django.urls import path  # noqa: F401

urlpatterns: list = []
