from django.apps import AppConfig


class NeighbourhoodConfig(AppConfig):
    """The project package as an app: its template tags and its management commands."""

    name = "neighbourhood"
    verbose_name = "Voisinage"
