from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SwapsConfig(AppConfig):
    name = "exchanges.swaps"
    label = "swaps"
    verbose_name = _("Knowledge swaps")

    def ready(self) -> None:
        # Imported here, once the models are loaded: the digest reads them.
        from exchanges.swaps import digest, kinds, sheet

        kinds.register_kinds()
        digest.register_sections()
        sheet.register_sheet_sections()
