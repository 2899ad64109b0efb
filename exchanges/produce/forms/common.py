"""What the produce forms share: euros typed as the French write them, the inputs for dates,
times and whole numbers."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms


def date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def time_input() -> forms.TimeInput:
    return forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def date_time_widget() -> forms.SplitDateTimeWidget:
    return forms.SplitDateTimeWidget(
        date_attrs={"type": "date"},
        time_attrs={"type": "time"},
        date_format="%Y-%m-%d",
        time_format="%H:%M",
    )


def count_input(**attrs: Any) -> forms.NumberInput:
    """A whole number: the phone shows its digits keyboard."""
    return forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, **attrs})


def euros_to_cents(euros: Decimal | None) -> int | None:
    return None if euros is None else int((euros * 100).to_integral_value())


def cents_to_euros(cents: int | None) -> Decimal | None:
    """Cents as euros with their two decimals, as a form shows them ("7.00", not "7")."""
    return None if cents is None else (Decimal(cents) / 100).quantize(Decimal("0.01"))


class EurosField(forms.DecimalField):
    """An amount in euros, with a point or a comma ("12,50"), and the € sign if typed."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", 9)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault(
            "widget",
            forms.NumberInput(attrs={"step": "0.01", "min": 0, "inputmode": "decimal"}),
        )
        super().__init__(**kwargs)

    # django-stubs give DecimalField the signature of IntegerField.to_python (int | None).
    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if isinstance(value, str):
            value = value.replace("€", "").replace("\u202f", "").replace(" ", "")
            value = value.replace(",", ".")
        return super().to_python(value)
