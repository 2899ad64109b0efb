"""Consultations' pages, under /consultations/."""

from django.urls import URLPattern

app_name = "consultations"

urlpatterns: list[URLPattern] = []
