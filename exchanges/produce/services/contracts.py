"""Seasonal contracts: a coordinator creates one for a farm and a season, with its share
sizes; its dates are made from the quartier's distribution days, less the dates off, and each
date that is not off is the quartier's order cycle of that day (made when there is none), so
baskets and ordered products meet on one pick-up list and the cycle's volunteer roles serve
both."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from exchanges.produce.models import (
    Contract,
    ContractDate,
    DistributionDay,
    OrderCycle,
    Producer,
    ShareSize,
    VolunteerRole,
)
from exchanges.produce.services.access import require_coordinator
from exchanges.produce.services.cycles import publish_cycle
from neighbourhood.accounts.models import User
from neighbourhood.quartiers.models import Quartier

CONTRACT_FIELDS = [
    "title",
    "description",
    "starts_on",
    "ends_on",
    "signing_opens_at",
    "signing_closes_at",
    "capacity",
    "referent",
    "terms",
    "jokers",
    "absence_deadline_hours",
]
SEASON_AT_MOST = datetime.timedelta(days=366)


@dataclass(frozen=True)
class Size:
    name: str
    price_cents: int
    every: int = ShareSize.Every.EVERY_DATE


def season_dates(
    *,
    starts_on: datetime.date,
    ends_on: datetime.date,
    weekdays: Iterable[int],
    dates_off: Iterable[datetime.date] = (),
) -> list[tuple[datetime.date, bool]]:
    """Each date of the season on one of `weekdays`, with whether it is off."""
    days, off = set(weekdays), set(dates_off)
    span = (ends_on - starts_on).days + 1
    every_day = (starts_on + datetime.timedelta(days=n) for n in range(max(span, 0)))
    return [(date, date in off) for date in every_day if date.weekday() in days]


@transaction.atomic
def contract_create(
    *,
    producer: Producer,
    actor: User,
    sizes: Sequence[Size],
    dates_off: Iterable[datetime.date] = (),
    **fields: Any,
) -> Contract:
    """The contract, its sizes, and its dates from every distribution day of the quartier."""
    quartier = producer.quartier
    require_coordinator(user=actor, quartier=quartier)
    unknown = set(fields) - set(CONTRACT_FIELDS)
    if unknown:
        raise ValidationError({name: [_("Unknown field.")] for name in sorted(unknown)})
    contract = Contract(producer=producer, created_by=actor, **fields)
    contract.title = (contract.title or "").strip()
    _check_contract(contract, sizes)
    contract.save()
    ShareSize.objects.bulk_create(
        ShareSize(
            contract=contract,
            name=size.name.strip(),
            price_cents=size.price_cents,
            every=size.every,
        )
        for size in sizes
    )
    days = {day.weekday: day for day in DistributionDay.objects.filter(quartier=quartier)}
    if not days:
        raise ValidationError(
            _("Set the quartier's distribution days first: a contract's dates come from them.")
        )
    dates = season_dates(
        starts_on=contract.starts_on, ends_on=contract.ends_on, weekdays=days, dates_off=dates_off
    )
    if not any(not off for _date, off in dates):
        raise ValidationError(_("This season has no distribution on the quartier's days."))
    ContractDate.objects.bulk_create(
        ContractDate(
            contract=contract,
            date=date,
            off=off,
            cycle=None if off else distribution_on(quartier, days[date.weekday()], date, contract),
        )
        for date, off in dates
    )
    return contract


def _check_contract(contract: Contract, sizes: Sequence[Size]) -> None:
    errors: dict[str, list[str]] = {}
    if not contract.title:
        errors["title"] = [_("Give the contract a title.")]
    if contract.starts_on and contract.ends_on:
        if contract.ends_on < contract.starts_on:
            errors["ends_on"] = [_("The season ends after it starts.")]
        elif contract.ends_on - contract.starts_on > SEASON_AT_MOST:
            errors["ends_on"] = [_("A season lasts a year at most.")]
    opens, closes = contract.signing_opens_at, contract.signing_closes_at
    if opens and closes and closes <= opens:
        errors["signing_closes_at"] = [_("Signing closes after it opens.")]
    if not sizes:
        errors["sizes"] = [_("Give at least one share size and its price.")]
    names = [size.name.strip().lower() for size in sizes]
    if any(not name for name in names) or len(set(names)) != len(names):
        errors.setdefault("sizes", []).append(_("Each share size has a name of its own."))
    if errors:
        raise ValidationError(errors)
    try:
        contract.full_clean(exclude=["producer", "created_by", "referent"])
    except ValidationError as error:
        raise ValidationError(error.message_dict) from error


def distribution_on(
    quartier: Quartier, day: DistributionDay, date: datetime.date, contract: Contract
) -> OrderCycle:
    """The quartier's order cycle of that date, or a new one for the distribution: its orders
    close when absences do, and it takes the roles of the quartier's last distribution."""
    existing = (
        OrderCycle.objects.filter(quartier=quartier, distribution_date=date).order_by("id").first()
    )
    if existing is not None:
        return existing
    starts = timezone.make_aware(
        datetime.datetime.combine(date, day.starts_at), timezone.get_default_timezone()
    )
    closes_at = starts - datetime.timedelta(hours=contract.absence_deadline_hours)
    opens_at = min(timezone.now(), closes_at - datetime.timedelta(minutes=1))
    return publish_cycle(
        quartier=quartier,
        created_by=contract.created_by,
        offers=[],
        roles=_roles_of_last_distribution(quartier),
        copied_from=None,
        checked=True,
        title=_("Distribution of %(date)s") % {"date": date_format(date, "l j F")},
        distribution_date=date,
        distribution_start=day.starts_at,
        distribution_end=day.ends_at,
        place=day.place,
        opens_at=opens_at,
        closes_at=closes_at,
    )


def _roles_of_last_distribution(quartier: Quartier) -> list[tuple[str, int]]:
    last = (
        OrderCycle.objects.filter(quartier=quartier, roles__isnull=False)
        .order_by("-distribution_date", "-id")
        .first()
    )
    if last is None:
        return [(_("Holding the distribution"), 2)]
    return list(VolunteerRole.objects.filter(cycle=last).values_list("name", "places"))
