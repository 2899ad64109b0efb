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
from exchanges.produce.models.cycles import site_moment
from exchanges.produce.services import report_state
from exchanges.produce.services.access import require_coordinator
from exchanges.produce.services.cycles import has_offers, publish_cycle
from exchanges.produce.services.signing import sync_contract_feed
from exchanges.produce.services.subscriptions import lock, waiting_move_up
from neighbourhood.accounts.models import User
from neighbourhood.quartiers.models import Quartier
from neighbourhood.quartiers.selectors import is_member

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
SIZE_NAME_AT_MOST = 60
PRICE_AT_MOST = 1_000_000
# What a coordinator may change once members have subscribed: not the season's dates nor the
# sizes and their prices, which the subscriptions' totals were computed from.
ALWAYS_CHANGED = [
    "title",
    "description",
    "terms",
    "referent",
    "jokers",
    "absence_deadline_hours",
    "capacity",
    "signing_opens_at",
    "signing_closes_at",
]


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
    _save_sizes(contract, sizes)
    _make_dates(contract, dates_off)
    return contract


def _save_sizes(contract: Contract, sizes: Sequence[Size]) -> None:
    ShareSize.objects.filter(contract=contract).delete()
    ShareSize.objects.bulk_create(
        ShareSize(
            contract=contract,
            name=size.name.strip(),
            price_cents=size.price_cents,
            every=size.every,
        )
        for size in sizes
    )


def _make_dates(contract: Contract, dates_off: Iterable[datetime.date]) -> None:
    """The contract's dates from the quartier's distribution days (those of a season changed
    before anyone subscribed are made again)."""
    quartier = contract.producer.quartier
    days = {day.weekday: day for day in DistributionDay.objects.filter(quartier=quartier)}
    if not days:
        raise ValidationError(
            _("Set the quartier's distribution days first: a contract's dates come from them.")
        )
    dates_off = set(dates_off)
    dates = season_dates(
        starts_on=contract.starts_on, ends_on=contract.ends_on, weekdays=days, dates_off=dates_off
    )
    strays = dates_off - {date for date, _off in dates}
    if strays:
        raise ValidationError(
            {
                "dates_off": [
                    _("%(date)s is not one of the season's distributions.")
                    % {"date": date_format(min(strays), "SHORT_DATE_FORMAT")}
                ]
            }
        )
    if not any(not off for _date, off in dates):
        raise ValidationError(_("This season has no distribution on the quartier's days."))
    report_state.contract_changed(contract.pk)  # the cycles it leaves
    ContractDate.objects.filter(contract=contract).delete()
    ContractDate.objects.bulk_create(
        ContractDate(
            contract=contract,
            date=date,
            off=off,
            cycle=None if off else distribution_on(quartier, days[date.weekday()], date, contract),
        )
        for date, off in dates
    )
    report_state.contract_changed(contract.pk)  # the cycles it comes to


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
    quartier = contract.producer.quartier
    if contract.referent is not None and not is_member(user=contract.referent, quartier=quartier):
        errors["referent"] = [_("The referent is a member of the quartier.")]
    if not sizes:
        errors["sizes"] = [_("Give at least one share size and its price.")]
    names = [size.name.strip().lower() for size in sizes]
    if any(not name for name in names) or len(set(names)) != len(names):
        errors.setdefault("sizes", []).append(_("Each share size has a name of its own."))
    if any(len(name) > SIZE_NAME_AT_MOST for name in names):
        errors.setdefault("sizes", []).append(_("A share size's name is 60 characters at most."))
    if any(not 0 < size.price_cents <= PRICE_AT_MOST for size in sizes):
        errors.setdefault("sizes", []).append(
            _("Each share size has a price per distribution, from 0.01 to 10,000 euros.")
        )
    if any(size.every not in ShareSize.Every.values for size in sizes):
        errors.setdefault("sizes", []).append(
            _("A share is taken at every distribution, or every other one.")
        )
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
    closes_at = site_moment(date, day.starts_at) - datetime.timedelta(
        hours=contract.absence_deadline_hours
    )
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


def is_subscribed(contract: Contract) -> bool:
    """Someone has subscribed (even on the waiting list, even ended since): the season's
    dates and the sizes with their prices are then fixed."""
    return contract.subscriptions.exists()


@transaction.atomic
def contract_update(
    *,
    contract: Contract,
    actor: User,
    sizes: Sequence[Size] | None = None,
    dates_off: Iterable[datetime.date] | None = None,
    **fields: Any,
) -> Contract:
    """Changes the contract. Its title, terms, referent, jokers, deadline, capacity (never
    below the shares taken) and signing window change at any time; its season, its dates off
    and its sizes with their prices only while nobody has subscribed."""
    quartier = contract.producer.quartier
    require_coordinator(user=actor, quartier=quartier)
    unknown = set(fields) - set(CONTRACT_FIELDS)
    if unknown:
        raise ValidationError({name: [_("Unknown field.")] for name in sorted(unknown)})
    lock(contract)
    changed = {name for name, value in fields.items() if getattr(contract, name) != value}
    fixed = changed - set(ALWAYS_CHANGED)
    if sizes is not None and _comparable(_current_sizes(contract)) != _comparable(sizes):
        fixed.add("sizes")
    if dates_off is not None and set(dates_off) != set(_dates_off(contract)):
        fixed.add("dates_off")
    if fixed and is_subscribed(contract):
        raise ValidationError(
            {
                name: [
                    _(
                        "Members have subscribed: the season's dates and the share sizes "
                        "with their prices are fixed."
                    )
                ]
                for name in sorted(fixed)
            }
        )
    for name, value in fields.items():
        setattr(contract, name, value)
    contract.title = (contract.title or "").strip()
    if "capacity" in fields and contract.capacity < contract.shares_taken:
        raise ValidationError(
            {
                "capacity": [
                    _("%(taken)s shares are taken: the capacity cannot be lower.")
                    % {"taken": contract.shares_taken}
                ]
            }
        )
    _check_contract(contract, sizes if sizes is not None else _current_sizes(contract))
    saved = [name for name in CONTRACT_FIELDS if name in fields]
    was_announced = contract.signing_announced_at is not None
    if "signing_opens_at" in changed and contract.signing_opens_at > timezone.now():
        contract.signing_announced_at = None  # announced again when it opens
        saved.append("signing_announced_at")
    contract.save(update_fields=saved or None)
    report_state.contract_changed(contract.pk)
    if "sizes" in fixed:
        _save_sizes(contract, sizes or [])
    if fixed & {"starts_on", "ends_on", "dates_off"}:
        if dates_off is None:  # those of the season as it now is
            season = (contract.starts_on, contract.ends_on)
            dates_off = [day for day in _dates_off(contract) if season[0] <= day <= season[1]]
        _make_dates(contract, dates_off)
    if "absence_deadline_hours" in changed:
        _close_with_absences(contract)
    if was_announced:  # its feed entry says until when, or leaves the feed until it opens
        sync_contract_feed(contract)
    if "capacity" in fields:  # more room: the waiting list moves up
        waiting_move_up(contract)
    return contract


def _close_with_absences(contract: Contract) -> None:
    """The distributions made for the contract's dates, still with nothing on offer and not
    closed yet, close when its absences do."""
    hours = datetime.timedelta(hours=contract.absence_deadline_hours)
    cycles = list(
        OrderCycle.objects.filter(
            contract_dates__contract=contract,
            close_processed_at__isnull=True,
            distribution_date__gte=timezone.localdate(),
        )
        .filter(~has_offers())
        .distinct()
    )
    for cycle in cycles:
        cycle.closes_at = cycle.distribution_starts_at - hours
        cycle.opens_at = min(cycle.opens_at, cycle.closes_at - datetime.timedelta(minutes=1))
    OrderCycle.objects.bulk_update(cycles, ["opens_at", "closes_at"])


@transaction.atomic
def contract_date_set_off(*, date: ContractDate, actor: User, off: bool) -> ContractDate:
    """A date off (no basket) or on again, while nobody has subscribed. On again, the date is
    the quartier's distribution of that day, found or made."""
    contract = date.contract
    quartier = contract.producer.quartier
    require_coordinator(user=actor, quartier=quartier)
    lock(contract)
    if is_subscribed(contract):
        raise ValidationError(
            _("Members have subscribed: the dates of this contract are fixed."), code="fixed"
        )
    date.refresh_from_db()
    if date.off == off:
        return date
    if date.cycle_id is not None:
        report_state.cycle_changed(date.cycle_id)  # the distribution it leaves
    if off:
        date.off, date.cycle = True, None
    else:
        day = DistributionDay.objects.filter(quartier=quartier, weekday=date.date.weekday()).first()
        if day is None:
            raise ValidationError(_("The quartier no longer distributes on that day of the week."))
        date.off, date.cycle = False, distribution_on(quartier, day, date.date, contract)
    date.save(update_fields=["off", "cycle"])
    if date.cycle_id is not None:
        report_state.cycle_changed(date.cycle_id)
    return date


def _comparable(sizes: Sequence[Size]) -> list[tuple[str, int, int]]:
    return sorted((size.name.strip(), size.price_cents, size.every) for size in sizes)


def _current_sizes(contract: Contract) -> list[Size]:
    return [Size(size.name, size.price_cents, size.every) for size in contract.sizes.all()]


def _dates_off(contract: Contract) -> list[datetime.date]:
    return list(contract.dates.filter(off=True).values_list("date", flat=True))
