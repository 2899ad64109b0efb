from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RelaisConfig(AppConfig):
    name = "neighbourhood.relais"
    label = "relais"
    verbose_name = _("Relais")
