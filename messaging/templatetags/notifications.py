from django import template

from messaging import kinds
from messaging.models import Notification

register = template.Library()


@register.filter
def sentence(notification: Notification) -> str:
    """How the notifications page tells it: each kind's own words (`messaging.kinds`)."""
    return kinds.sentence(notification)
