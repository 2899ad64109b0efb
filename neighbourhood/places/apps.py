from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    """The quartier's places: its directory (the EPN, the library, the repair café…), their
    opening hours, and the words that name a place (the geocoder, the place sources)."""

    name = "neighbourhood.places"
    label = "places"
    verbose_name = _("Places")

    def ready(self) -> None:
        # Imported here, once the models are loaded.
        from neighbourhood.places import kinds, photos, sheet
        from neighbourhood.places.sources import directory_places, register_place_source

        kinds.register_kinds()
        photos.register_photo_subjects()
        sheet.register_sheet_sections()
        # The directory's places lead every place field, before the rides' meeting points.
        register_place_source(directory_places, first=True)
