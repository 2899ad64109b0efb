from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SwapsConfig(AppConfig):
    name = "exchanges.swaps"
    label = "swaps"
    verbose_name = _("Knowledge swaps")
