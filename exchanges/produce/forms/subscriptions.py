"""Subscribing to a contract, read into what `services.subscription_create` takes: a size, a
number of shares, the first basket's date, and a plan: N even instalments, or the member's own
amounts per month (rows left empty are ignored). A coordinator entering a paper contract
chooses the member too. The rules (the total, a plan adding up) are the service's.
"""

from __future__ import annotations

import datetime
from typing import Any, cast

from django import forms
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from exchanges.produce.forms.common import EurosField, count_input, euros_to_cents
from exchanges.produce.models import Contract, InstalmentState, Payment, ShareSize
from exchanges.produce.services import money
from neighbourhood.accounts.models import User
from neighbourhood.templatetags.voisinage import euros

ROWS = money.MAX_INSTALMENTS
EVEN, CUSTOM = "even", "custom"


def months_between(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    months: list[datetime.date] = []
    month = money.first_of_month(first)
    while month <= last and len(months) < 24:
        months.append(month)
        month = money.add_months(month, 1)
    return months


class SubscribeForm(forms.Form):
    member = forms.TypedChoiceField(
        label=gettext_lazy("Subscriber"), coerce=int, required=False, choices=()
    )
    size = forms.TypedChoiceField(
        label=gettext_lazy("Share"), coerce=int, widget=forms.RadioSelect, choices=()
    )
    shares = forms.IntegerField(
        label=gettext_lazy("Number of shares"), min_value=1, initial=1, widget=count_input(min=1)
    )
    starts_on = forms.TypedChoiceField(
        label=gettext_lazy("First basket"), coerce=datetime.date.fromisoformat, choices=()
    )
    plan_kind = forms.ChoiceField(
        label=gettext_lazy("How to pay"),
        widget=forms.RadioSelect,
        initial=EVEN,
        choices=[
            (EVEN, gettext_lazy("Equal instalments, one a month")),
            (CUSTOM, gettext_lazy("My own amounts, month by month")),
        ],
    )
    instalments = forms.TypedChoiceField(
        label=gettext_lazy("Number of instalments"),
        coerce=int,
        initial=1,
        choices=[(count, str(count)) for count in range(1, ROWS + 1)],
    )
    method = forms.ChoiceField(
        label=gettext_lazy("Paid by"), choices=Payment.Method.choices, initial="cheque"
    )
    accepted_terms = forms.BooleanField(
        label=gettext_lazy("I have read the contract's terms and accept them"),
        error_messages={"required": gettext_lazy("Read and accept the contract's terms.")},
    )

    def __init__(
        self,
        *args: Any,
        contract: Contract,
        sizes: list[ShareSize],
        dates: list[datetime.date],
        members: list[User] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.contract, self.sizes = contract, {size.pk: size for size in sizes}
        first = dates[0] if dates else contract.starts_on
        if sizes:
            self.fields["size"].initial = sizes[0].pk
        self.choices("size", [(size.pk, self.size_label(size, dates)) for size in sizes])
        self.choices(
            "starts_on",
            [(date.isoformat(), formats.date_format(date, "l j F Y")) for date in dates],
        )
        self.fields["shares"].widget.attrs["max"] = contract.capacity
        if members is None:
            del self.fields["member"]
        else:
            self.choices(
                "member", [("", _("Myself"))] + [(user.pk, user.public_name) for user in members]
            )
            self.members = {user.pk: user for user in members}
        months = [
            (month.isoformat(), formats.date_format(month, "F Y"))
            for month in months_between(min(first, contract.starts_on), contract.ends_on)
        ]
        for row in range(1, ROWS + 1):
            self.fields[f"month_{row}"] = forms.ChoiceField(
                label=_("Month"), required=False, choices=[("", "—"), *months]
            )
            self.fields[f"amount_{row}"] = EurosField(
                label=_("Amount in euros"), required=False, min_value=0
            )
            self.fields[f"method_{row}"] = forms.ChoiceField(
                label=_("Paid by"), required=False, choices=Payment.Method.choices
            )

    def choices(self, name: str, choices: list[tuple[Any, str]]) -> None:
        cast(forms.ChoiceField, self.fields[name]).choices = choices

    def size_label(self, size: ShareSize, dates: list[datetime.date]) -> str:
        price = money.price_from(
            dates,
            starts_on=dates[0] if dates else self.contract.starts_on,
            price_cents=size.price_cents,
            every=size.every,
        )
        return _("%(name)s: %(price)s a distribution, %(season)s for %(baskets)s baskets") % {
            "name": size.name,
            "price": euros(size.price_cents),
            "season": euros(price.total_cents),
            "baskets": price.baskets,
        }

    def rows(self) -> list[tuple[int, forms.BoundField, forms.BoundField, forms.BoundField]]:
        return [
            (row, self[f"month_{row}"], self[f"amount_{row}"], self[f"method_{row}"])
            for row in range(1, ROWS + 1)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("plan_kind") != CUSTOM:
            return data
        plan = []
        for row in range(1, ROWS + 1):
            month, amount = data.get(f"month_{row}"), data.get(f"amount_{row}")
            if not month and amount is None:
                continue  # a row left empty
            if not month:
                self.add_error(f"month_{row}", _("Choose the month this amount is cashed in."))
            elif amount is None:
                self.add_error(f"amount_{row}", _("Type the amount cashed this month."))
            else:
                cents = euros_to_cents(amount) or 0
                method = data.get(f"method_{row}") or Payment.Method.CHEQUE
                plan.append(money.Planned(cents, datetime.date.fromisoformat(month), method))
        if not plan and not self.errors:
            self.add_error("plan_kind", _("Type at least one amount, or choose equal instalments."))
        data["plan"] = plan
        return data

    def kept(self) -> list[tuple[str, str]]:
        """What was typed, posted again unchanged by the "check and confirm" page."""
        return [
            (name, value)
            for name in self.fields
            for value in self.data.getlist(name)  # type: ignore[attr-defined]
            if value != ""
        ]

    def service_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        custom = data["plan_kind"] == CUSTOM
        return {
            "size": self.sizes[data["size"]],
            "shares": data["shares"],
            "starts_on": data["starts_on"],
            "plan": data["plan"] if custom else None,
            "instalments": data["instalments"],
            "method": data["method"],
        }

    def subscriber(self, actor: User) -> User:
        chosen = self.cleaned_data.get("member")
        return self.members[chosen] if chosen else actor


class InstalmentForm(forms.Form):
    """What a coordinator writes down as an instalment is handed over."""

    state = forms.ChoiceField(label=gettext_lazy("State"), choices=InstalmentState.choices)
    cheque_number = forms.CharField(
        label=gettext_lazy("Cheque number"), max_length=30, required=False
    )
    bank = forms.CharField(label=gettext_lazy("Bank"), max_length=60, required=False)
