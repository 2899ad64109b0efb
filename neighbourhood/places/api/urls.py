"""The directory in the API: /api/v1/quartiers/<slug>/places/, /api/v1/places/<id>/…"""

from django.urls import path  # noqa: F401

urlpatterns: list = []
