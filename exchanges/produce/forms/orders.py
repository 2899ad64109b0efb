"""A member's order (one quantity a product offered), and what coordinators type at the
distribution: a weight, a payment."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils import formats
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from exchanges.produce.forms.common import EurosField, count_input, euros_to_cents
from exchanges.produce.models import CycleProduct, OrderLine, Payment
from neighbourhood.pages import ServiceForm


@dataclass(frozen=True)
class OrderRow:
    """A product offered, the member's quantity of it, and their line if they have one."""

    offer: CycleProduct
    field: forms.BoundField
    line: OrderLine | None


class OrderForm(forms.Form):
    """One quantity a product offered (0: none). The rules (stock, limits, the clock) are the
    service's: it refuses a line with its reason, which the page shows next to that line."""

    def __init__(
        self, *args: Any, offers: list[CycleProduct], lines: list[OrderLine], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.offers = offers
        self.lines = {line.offer_id: line for line in lines}
        for offer in offers:
            line = self.lines.get(offer.pk)
            # For the running total: a line keeps the price it was ordered at.
            price = line.unit_price_cents if line is not None else offer.product.price_cents
            attrs: dict[str, Any] = {"data-price-cents": price}
            if offer.max_per_member is not None:
                attrs["max"] = offer.max_per_member
            if offer.product.is_weighed:
                attrs["data-weighed"] = "yes"
            self.fields[self.name_of(offer.pk)] = forms.IntegerField(
                label=str(offer.product),
                required=False,
                initial=line.quantity if line is not None else 0,
                widget=count_input(**attrs),
                help_text=_limits(offer),
            )

    @staticmethod
    def name_of(offer_id: int) -> str:
        return f"quantity_{offer_id}"

    def rows(self) -> list[OrderRow]:
        return [
            OrderRow(offer, self[self.name_of(offer.pk)], self.lines.get(offer.pk))
            for offer in self.offers
        ]

    def quantities(self) -> dict[int, int]:
        """Every product's quantity, an empty box meaning none."""
        return {
            offer.pk: self.cleaned_data.get(self.name_of(offer.pk)) or 0 for offer in self.offers
        }

    @property
    def decimal_separator(self) -> str:
        """For the running total (static/js/produce.js): amounts written as the page writes them."""
        return str(formats.get_format("DECIMAL_SEPARATOR"))

    def add_refusals(self, refused: dict[int, str]) -> None:
        """Each line the service refused, with its reason and what was asked, next to its
        quantity. Its box shows the quantity saved again, not the one refused: the boxes and
        their running total say what is ordered."""
        data = dict(self.data.items())  # the posted data cannot change; one value a box
        for offer_id, reason in refused.items():
            name = self.name_of(offer_id)
            if name not in self.fields:
                self.add_error(None, reason)
                continue
            asked = self.cleaned_data.get(name) or 0
            line = self.lines.get(offer_id)
            kept = line.quantity if line is not None else 0
            data[name] = str(kept)
            self.add_error(name, f"{reason} {_what_is_kept(asked, kept)}")
        self.data = data


def _what_is_kept(asked: int, kept: int) -> str:
    if kept == 0:
        return gettext("You asked for %(asked)s: none is ordered.") % {"asked": asked}
    return gettext("You asked for %(asked)s: your order keeps %(kept)s.") % {
        "asked": asked,
        "kept": kept,
    }


def _limits(offer: CycleProduct) -> str:
    """What is left of the product and how many one member may take, in words."""
    said = []
    left = offer.quantity_left
    if left is not None:
        said.append(
            ngettext("%(count)s left", "%(count)s left", left) % {"count": left}
            if left > 0
            else gettext("Sold out")
        )
    if offer.max_per_member is not None:
        said.append(
            ngettext(
                "at most %(count)s per member", "at most %(count)s per member", offer.max_per_member
            )
            % {"count": offer.max_per_member}
        )
    return " · ".join(said)


class WeightForm(ServiceForm):
    weight_grams = forms.IntegerField(label=_("Weight in grams"), widget=count_input(min=1, step=1))


class PaymentForm(ServiceForm):
    """How one member pays one producer for one order."""

    aliases = {"amount_cents": "amount"}

    order = forms.IntegerField(widget=forms.HiddenInput)
    producer = forms.IntegerField(widget=forms.HiddenInput)
    method = forms.ChoiceField(
        label=_("Paid by"), choices=Payment.Method.choices, initial=Payment.Method.CHEQUE
    )
    cheque_number = forms.CharField(
        label=_("Cheque number (for a cheque)"), max_length=30, required=False
    )
    amount = EurosField(label=_("Amount, in euros"))
    status = forms.ChoiceField(
        label=_("State"), choices=Payment.Status.choices, initial=Payment.Status.TO_PAY
    )

    def service_fields(self) -> dict[str, Any]:
        """What `services.payment_record` takes, but the order, the producer and the actor."""
        data = self.cleaned_data
        return {
            "method": data["method"],
            "status": data["status"],
            "amount_cents": euros_to_cents(data["amount"]),
            "cheque_number": data["cheque_number"],
        }
