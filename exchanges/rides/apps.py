from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RidesConfig(AppConfig):
    name = "exchanges.rides"
    label = "rides"
    verbose_name = _("Carpool")

    def ready(self) -> None:
        # Imported here, once the models are loaded: the digest reads them.
        from exchanges.rides import digest, sheet

        digest.register_sections()
        sheet.register_sheet_sections()
