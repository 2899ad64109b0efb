from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RidesConfig(AppConfig):
    name = "exchanges.rides"
    label = "rides"
    verbose_name = _("Carpool")
