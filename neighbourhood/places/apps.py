from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    """The quartier's places: its directory (the EPN, the library, the repair café…), their
    opening hours, and the words that name a place (the geocoder, the place sources)."""

    name = "neighbourhood.places"
    label = "places"
    verbose_name = _("Places")
