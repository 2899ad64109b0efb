"""Consultations in the API: /api/v1/quartiers/<slug>/consultations/, /api/v1/consultations/…"""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
