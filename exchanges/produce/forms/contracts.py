"""A seasonal contract, as a coordinator types it: the season, the signing window, the farm's
capacity, the terms, three rows of share sizes (a row left empty is ignored) and the dates off,
one a line."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from exchanges.produce.forms.common import (
    EurosField,
    cents_to_euros,
    count_input,
    date_input,
    date_time_widget,
    euros_to_cents,
)
from exchanges.produce.forms.cycles import _label_inputs
from exchanges.produce.models import Contract, Producer, ShareSize
from exchanges.produce.services.contracts import CONTRACT_FIELDS, Size
from neighbourhood.accounts.models import User
from neighbourhood.pages import ServiceForm
from neighbourhood.quartiers import selectors as quartiers
from neighbourhood.quartiers.models import Quartier

SIZE_ROWS = 3
DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d/%m/%y", "%d-%m-%Y"]


@dataclass(frozen=True)
class SizeRow:
    name: forms.BoundField
    price: forms.BoundField
    every: forms.BoundField


def parse_dates(text: str) -> list[datetime.date]:
    """Dates one a line (14/08/2026 or 2026-08-14); a line that is not one is refused."""
    dates = []
    for line in text.splitlines():
        words = line.strip()
        if not words:
            continue
        for date_format in DATE_FORMATS:
            try:
                dates.append(datetime.datetime.strptime(words, date_format).date())
                break
            except ValueError:
                continue
        else:
            raise forms.ValidationError(
                gettext("“%(line)s” is not a date: write it as 14/08/2026.") % {"line": words[:40]}
            )
    return dates


class ContractForm(ServiceForm):
    producer = forms.ModelChoiceField(
        label=_("Producer"), queryset=Producer.objects.none(), empty_label=None
    )
    title = forms.CharField(
        label=_("Title"), max_length=120, help_text=_("For example: Vegetables, summer 2026.")
    )
    description = forms.CharField(
        label=_("What a share holds (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    starts_on = forms.DateField(label=_("Season starts"), widget=date_input())
    ends_on = forms.DateField(label=_("Season ends"), widget=date_input())
    signing_opens_at = forms.SplitDateTimeField(
        label=_("Signing opens"),
        widget=date_time_widget(),
        help_text=_("Members are told when it opens."),
    )
    signing_closes_at = forms.SplitDateTimeField(
        label=_("Signing closes"), widget=date_time_widget()
    )
    capacity = forms.IntegerField(
        label=_("Shares the farm can serve"),
        min_value=1,
        max_value=10000,
        widget=count_input(min=1),
        help_text=_("When they are all taken, newcomers go on a waiting list."),
    )
    referent = forms.ModelChoiceField(
        label=_("Referent (optional)"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("None"),
        help_text=_("The member who follows the producer for the AMAP."),
    )
    terms = forms.CharField(
        label=_("Terms (the AMAP charter)"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Shown to each member, who accepts them when subscribing."),
    )
    jokers = forms.IntegerField(
        label=_("Absences allowed after the deadline (jokers)"),
        min_value=0,
        max_value=50,
        initial=0,
        widget=count_input(),
    )
    absence_deadline_hours = forms.IntegerField(
        label=_("Absences are marked at least this many hours before"),
        min_value=0,
        max_value=720,
        initial=48,
        widget=count_input(),
    )
    # Never shown as an input: it carries the service's refusals of the share sizes, shown at
    # the top of their group (whose id is the field's).
    sizes = forms.Field(label=_("Share sizes"), required=False)
    dates_off = forms.CharField(
        label=_("Dates off (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Distributions of the season without baskets, one date a line, for example 14/08/2026."
        ),
    )

    def __init__(
        self,
        *args: Any,
        quartier: Quartier,
        contract: Contract | None = None,
        fixed: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _label_inputs(self.fields["signing_opens_at"])
        _label_inputs(self.fields["signing_closes_at"])
        producer = self.fields["producer"]
        referent = self.fields["referent"]
        assert isinstance(producer, forms.ModelChoiceField)
        assert isinstance(referent, forms.ModelChoiceField)
        producer.queryset = Producer.objects.filter(quartier=quartier).order_by("farm_name", "id")
        members = quartiers.member_list(quartier=quartier).values("user_id")
        referent.queryset = User.objects.filter(pk__in=members).order_by("display_name", "email")
        self.rows = max(SIZE_ROWS, contract.sizes.count() if contract else 0)
        for n in range(self.rows):
            number = {"number": n + 1}
            self.fields[f"size_{n}_name"] = forms.CharField(
                label=gettext("Share %(number)s") % number, max_length=60, required=False
            )
            self.fields[f"size_{n}_price"] = EurosField(
                label=gettext("Price per distribution in euros, share %(number)s") % number,
                required=False,
            )
            self.fields[f"size_{n}_every"] = forms.TypedChoiceField(
                label=gettext("Taken, share %(number)s") % number,
                choices=ShareSize.Every.choices,
                coerce=int,
                initial=ShareSize.Every.EVERY_DATE,
            )
        if contract is not None:
            # The producer stays; the dates off are changed one by one below the form.
            del self.fields["producer"], self.fields["dates_off"]
        self.fixed = fixed
        if fixed:
            for name in self.fields:
                if name in ("starts_on", "ends_on") or name.startswith("size_"):
                    self.fields[name].disabled = True

    def size_rows(self) -> list[SizeRow]:
        return [
            SizeRow(self[f"size_{n}_name"], self[f"size_{n}_price"], self[f"size_{n}_every"])
            for n in range(self.rows)
        ]

    def clean_dates_off(self) -> list[datetime.date]:
        return parse_dates(self.cleaned_data.get("dates_off") or "")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for n in range(self.rows):
            name = (data.get(f"size_{n}_name") or "").strip()
            price = data.get(f"size_{n}_price")
            if name and price is None and f"size_{n}_price" not in self.errors:
                self.add_error(f"size_{n}_price", gettext("Give this share's price."))
            if not name and price is not None:
                self.add_error(f"size_{n}_name", gettext("Give this share a name."))
        return data

    def service_sizes(self) -> list[Size]:
        data = self.cleaned_data
        sizes = []
        for n in range(self.rows):
            name = (data.get(f"size_{n}_name") or "").strip()
            if name:
                price = euros_to_cents(data[f"size_{n}_price"])
                sizes.append(Size(name, price or 0, data[f"size_{n}_every"]))
        return sizes

    def service_fields(self) -> dict[str, Any]:
        """What `contract_create` and `contract_update` take, but the sizes and dates off."""
        return {name: self.cleaned_data[name] for name in CONTRACT_FIELDS}


def contract_initial(contract: Contract) -> dict[str, Any]:
    initial: dict[str, Any] = {
        "title": contract.title,
        "description": contract.description,
        "starts_on": contract.starts_on,
        "ends_on": contract.ends_on,
        "signing_opens_at": contract.signing_opens_at,
        "signing_closes_at": contract.signing_closes_at,
        "capacity": contract.capacity,
        "referent": contract.referent_id,
        "terms": contract.terms,
        "jokers": contract.jokers,
        "absence_deadline_hours": contract.absence_deadline_hours,
    }
    for n, size in enumerate(contract.sizes.order_by("price_cents", "id")):
        initial[f"size_{n}_name"] = size.name
        initial[f"size_{n}_price"] = cents_to_euros(size.price_cents)
        initial[f"size_{n}_every"] = size.every
    return initial
