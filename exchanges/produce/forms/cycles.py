"""An order cycle, as a coordinator opens it: the distribution, when orders open and close, the
products offered (one row per product on sale) and the volunteers it needs."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from exchanges.produce.forms.common import count_input, date_input, date_time_widget, time_input
from exchanges.produce.models import OrderCycle, Product
from exchanges.produce.services import Offer
from neighbourhood.pages import ServiceForm

# Rows for volunteer roles on the form; a cycle copied from another keeps all of its own.
ROLE_ROWS = 3


def _label_inputs(field: forms.Field) -> None:
    """The legend names the moment; each of its two inputs says what it holds."""
    widget = field.widget
    assert isinstance(widget, forms.SplitDateTimeWidget)
    widget.widgets[0].attrs["aria-label"] = gettext("Date")
    widget.widgets[1].attrs["aria-label"] = gettext("Time")


@dataclass(frozen=True)
class OfferRow:
    """A product of the quartier on the form: ticked to offer it, with its two limits."""

    product: Product
    offered: forms.BoundField
    available: forms.BoundField
    max_per_member: forms.BoundField


@dataclass(frozen=True)
class RoleRow:
    name: forms.BoundField
    places: forms.BoundField


class CycleForm(ServiceForm):
    title = forms.CharField(
        label=_("Title"),
        max_length=120,
        help_text=_("For example: Thursday basket, 12 June."),
    )
    distribution_date = forms.DateField(label=_("Distribution day"), widget=date_input())
    distribution_start = forms.TimeField(
        label=pgettext_lazy("distribution", "From"), initial=datetime.time(18), widget=time_input()
    )
    distribution_end = forms.TimeField(
        label=pgettext_lazy("distribution", "To"),
        initial=datetime.time(19, 30),
        widget=time_input(),
    )
    place = forms.CharField(
        label=_("Place of the distribution"),
        max_length=200,
        help_text=_("For example: Maison des associations, 12 rue d'Austerlitz."),
    )
    opens_at = forms.SplitDateTimeField(
        label=pgettext_lazy("field", "Orders open"), widget=date_time_widget()
    )
    closes_at = forms.SplitDateTimeField(
        label=_("Orders close"),
        widget=date_time_widget(),
        help_text=_("Before the distribution: the producers then get their totals."),
    )
    repeat = forms.ChoiceField(
        label=_("Repeats"),
        choices=OrderCycle.Repeat.choices,
        initial=OrderCycle.Repeat.NONE,
        help_text=_("The next cycle is prepared a week or two later when you copy this one."),
    )
    # Never shown as inputs: they carry the service's refusals of the products offered and of
    # the roles, which the page shows at the top of their group (whose id is the field's).
    offers = forms.Field(label=_("Products offered"), required=False)
    roles = forms.Field(label=_("Volunteers"), required=False)

    def __init__(self, *args: Any, products: list[Product], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _label_inputs(self.fields["opens_at"])
        _label_inputs(self.fields["closes_at"])
        self.products = products
        for product in products:
            name = f"{product} — {product.producer}"
            self.fields[f"offer_{product.pk}"] = forms.BooleanField(
                label=gettext("Offer %(product)s") % {"product": name},
                required=False,
                initial=True,
            )
            self.fields[f"available_{product.pk}"] = forms.IntegerField(
                label=gettext("Quantity available of %(product)s") % {"product": name},
                required=False,
                min_value=0,
                widget=count_input(),
            )
            self.fields[f"max_{product.pk}"] = forms.IntegerField(
                label=gettext("At most per member, %(product)s") % {"product": name},
                required=False,
                min_value=1,
                widget=count_input(min=1),
            )
        for n in range(ROLE_ROWS):
            self.fields[f"role_{n}_name"] = forms.CharField(
                label=gettext("Role %(number)s") % {"number": n + 1},
                max_length=100,
                required=False,
            )
            self.fields[f"role_{n}_places"] = forms.IntegerField(
                label=gettext("People needed, role %(number)s") % {"number": n + 1},
                required=False,
                min_value=1,
                max_value=50,
                widget=count_input(min=1, max=50),
            )
        if not self.is_bound:
            self.initial.setdefault("role_0_name", gettext("Distribution lead"))
            self.initial.setdefault("role_0_places", 2)

    def offer_rows(self) -> list[OfferRow]:
        return [
            OfferRow(
                product,
                self[f"offer_{product.pk}"],
                self[f"available_{product.pk}"],
                self[f"max_{product.pk}"],
            )
            for product in self.products
        ]

    def role_rows(self) -> list[RoleRow]:
        return [RoleRow(self[f"role_{n}_name"], self[f"role_{n}_places"]) for n in range(ROLE_ROWS)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for n in range(ROLE_ROWS):
            name = (data.get(f"role_{n}_name") or "").strip()
            places_field = f"role_{n}_places"
            if name and data.get(places_field) is None and places_field not in self.errors:
                self.add_error(places_field, gettext("Say how many people this role needs."))
        return data

    def service_offers(self) -> list[Offer]:
        data = self.cleaned_data
        return [
            Offer(
                product,
                quantity_available=data.get(f"available_{product.pk}"),
                max_per_member=data.get(f"max_{product.pk}"),
            )
            for product in self.products
            if data.get(f"offer_{product.pk}")
        ]

    def service_roles(self) -> list[tuple[str, int]]:
        data = self.cleaned_data
        roles = []
        for n in range(ROLE_ROWS):
            name = (data.get(f"role_{n}_name") or "").strip()
            if name:
                roles.append((name, data[f"role_{n}_places"]))
        return roles

    def service_fields(self) -> dict[str, Any]:
        """What `services.cycle_create` takes, but the quartier, the actor, offers and roles."""
        names = [
            "title",
            "distribution_date",
            "distribution_start",
            "distribution_end",
            "place",
            "opens_at",
            "closes_at",
            "repeat",
        ]
        return {name: self.cleaned_data[name] for name in names}


class ReopenForm(forms.Form):
    closes_at = forms.SplitDateTimeField(label=_("Orders now close on"), widget=date_time_widget())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "reopen-%s")
        super().__init__(*args, **kwargs)
        _label_inputs(self.fields["closes_at"])
