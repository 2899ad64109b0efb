from decimal import Decimal

from django import template
from django.forms import BoundField
from django.utils.formats import number_format
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag
def widget(field: BoundField) -> SafeString:
    """The field's widget, tied to its help text and its errors for screen readers."""
    described_by = []
    if field.help_text:
        described_by.append(f"{field.auto_id}_helptext")
    attrs: dict[str, str | bool] = {}
    if field.errors:
        described_by.append(f"{field.auto_id}_errors")
        attrs["aria-invalid"] = "true"
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    return field.as_widget(attrs=attrs)


@register.filter
def euros(cents: int | None) -> str:
    """An amount in cents, as a reader of the active language writes it: "12,50 €"."""
    if cents is None:
        return ""
    return f"{number_format(Decimal(cents) / 100, decimal_pos=2)} €"
