from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProduceConfig(AppConfig):
    name = "exchanges.produce"
    label = "produce"
    verbose_name = _("Farm produce (AMAP)")
