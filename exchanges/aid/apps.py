from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AidConfig(AppConfig):
    name = "exchanges.aid"
    label = "aid"
    verbose_name = _("Mutual aid")

    def ready(self) -> None:
        # Imported here, once the models are loaded.
        from exchanges.aid import digest_help, kinds, sheet_help

        kinds.register_kinds()
        digest_help.register_sections()
        sheet_help.register_sheet_sections()
