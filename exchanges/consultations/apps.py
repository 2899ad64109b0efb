from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "exchanges.consultations"
    label = "consultations"
    verbose_name = _("Consultations")

    def ready(self) -> None:
        # Imported here, once the models are loaded.
        from exchanges.consultations import calendar, digest, kinds, photos, sheet

        kinds.register_kinds()
        calendar.register_sections()
        digest.register_sections()
        sheet.register_sheet_sections()
        photos.register_photo_subjects()
