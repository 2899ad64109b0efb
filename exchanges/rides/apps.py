from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RidesConfig(AppConfig):
    name = "exchanges.rides"
    label = "rides"
    verbose_name = _("Carpool")

    def ready(self) -> None:
        # Imported here, once the models are loaded: the digest reads them.
        from exchanges.rides import calendar, digest, kinds, sheet
        from exchanges.rides.forms.places import meeting_point_places
        from neighbourhood.places.sources import register_place_source

        kinds.register_kinds()
        digest.register_sections()
        sheet.register_sheet_sections()
        calendar.register_section()
        # Words that name a meeting point find it first, before any address.
        register_place_source(meeting_point_places)
