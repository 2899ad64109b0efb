from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "exchanges.events"
    label = "events"
    verbose_name = _("Gatherings")

    def ready(self) -> None:
        # Imported here, once the models are loaded.
        from exchanges.events import calendar, digest, kinds, photos, places, sheet

        kinds.register_kinds()
        calendar.register_sections()
        digest.register_sections()
        sheet.register_sheet_sections()
        photos.register_photo_subjects()
        places.register_gatherings()
