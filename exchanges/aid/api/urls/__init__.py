"""Mutual aid's API: coups de main and objects, each with its own routes."""

from exchanges.aid.api.urls import help, objects

urlpatterns = [*help.urlpatterns, *objects.urlpatterns]
