from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuartiersConfig(AppConfig):
    name = "neighbourhood.quartiers"
    label = "quartiers"
    verbose_name = _("Quartiers")

    def ready(self) -> None:
        # Imported here, once the models are loaded: the digest reads them.
        from neighbourhood.quartiers import digest, kinds

        kinds.register_kinds()
        digest.register_sections()
