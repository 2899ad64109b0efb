from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "exchanges.events"
    label = "events"
    verbose_name = _("Gatherings")

    def ready(self) -> None:
        # Imported here, once the models are loaded.
        from exchanges.events import calendar, kinds

        kinds.register_kinds()
        calendar.register_sections()
