"""What other apps' pages show of farm orders, without importing the app: the quartier page
lists the cycles open for orders."""

from django import template

from exchanges.produce.models import OrderCycle
from exchanges.produce.selectors import open_cycles_in as select_open_cycles
from neighbourhood.quartiers.models import Quartier

register = template.Library()


@register.simple_tag
def open_cycles_in(quartier: Quartier) -> list[OrderCycle]:
    return select_open_cycles(quartier=quartier)
