from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProduceConfig(AppConfig):
    name = "exchanges.produce"
    label = "produce"
    verbose_name = _("Farm produce (AMAP)")

    def ready(self) -> None:
        # Imported here, once the models are loaded: the digest reads them.
        from exchanges.produce import calendar, digest, kinds, sheet

        kinds.register_kinds()
        digest.register_sections()
        sheet.register_sheet_sections()
        calendar.register_section()
