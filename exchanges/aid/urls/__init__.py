"""Mutual aid's pages: coups de main under /help/, objects to lend or give under /objects/."""

from django.urls import include, path

from exchanges.aid.urls import help, objects

app_name = "aid"

urlpatterns = [
    path("help/", include(help.urlpatterns)),
    path("objects/", include(objects.urlpatterns)),
]
