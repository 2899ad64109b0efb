from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AidConfig(AppConfig):
    name = "exchanges.aid"
    label = "aid"
    verbose_name = _("Mutual aid")

    def ready(self) -> None:
        # Imported here, once the models are loaded.
        from exchanges.aid import digest_help, digest_objects, kinds, sheet_help, sheet_objects

        kinds.register_kinds()
        digest_help.register_sections()
        digest_objects.register_sections()
        sheet_help.register_sheet_sections()
        sheet_objects.register_sheet_sections()
        # Photos of objects and coups de main; loans in the private calendar.
        from exchanges.aid import calendar, photos

        photos.register_photo_subjects()
        calendar.register_section()
