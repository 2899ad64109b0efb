from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuartiersConfig(AppConfig):
    name = "neighbourhood.quartiers"
    label = "quartiers"
    verbose_name = _("Quartiers")
