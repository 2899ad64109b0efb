"""Order cycles: opened by a coordinator for a distribution, copied from the last one,
closed early or reopened, in the feed while they are open (`clock` announces, reminds and
closes them).

A cycle with nothing on offer (a contract's distribution, made for its baskets) is not news:
it is neither announced, nor reminded, nor in the feed, and its close mails nobody."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from exchanges.produce import kinds, mails
from exchanges.produce.models import CycleProduct, OrderCycle, Product, VolunteerRole
from exchanges.produce.services import report_state
from exchanges.produce.services.access import require_coordinator
from messaging import services as messaging
from neighbourhood.accounts.models import User
from neighbourhood.feed.services import feed_entry_sync
from neighbourhood.places.selectors import venue_named
from neighbourhood.quartiers.models import Membership, Quartier

logger = logging.getLogger(__name__)
ORDERS_OPEN_AT_MOST = datetime.timedelta(days=366)
CYCLE_FIELDS = [
    "title",
    "distribution_date",
    "distribution_start",
    "distribution_end",
    "place",
    "latitude",
    "longitude",
    "opens_at",
    "closes_at",
    "repeat",
]


@dataclass(frozen=True)
class Offer:
    """A product offered in a cycle: how many there are (None: no limit) and how many one
    member may take (None: no limit)."""

    product: Product
    quantity_available: int | None = None
    max_per_member: int | None = None


@transaction.atomic
def cycle_create(
    *,
    quartier: Quartier,
    actor: User,
    offers: list[Offer],
    roles: Sequence[tuple[str, int]] = (),
    copied_from: OrderCycle | None = None,
    **fields: Any,
) -> OrderCycle:
    require_coordinator(user=actor, quartier=quartier)
    return publish_cycle(
        quartier=quartier,
        created_by=actor,
        offers=offers,
        roles=roles,
        copied_from=copied_from,
        **fields,
    )


def publish_cycle(
    *,
    quartier: Quartier,
    created_by: User | None,
    offers: list[Offer],
    roles: Sequence[tuple[str, int]],
    copied_from: OrderCycle | None,
    checked: bool = False,
    **fields: Any,
) -> OrderCycle:
    """Saves a cycle, its offers and roles, its conversation and its feed entry. `checked`:
    the caller made the dates itself (a contract's distribution, from the quartier's
    distribution days, possibly past and with nothing on offer yet), so they are not checked
    as a coordinator's typed cycle is."""
    unknown = set(fields) - set(CYCLE_FIELDS)
    if unknown:
        raise ValidationError({name: [_("Unknown field.")] for name in sorted(unknown)})
    # A day has one distribution: a cycle opened on the day of a contract's distribution
    # (made with nothing on offer) fills that one, which keeps its baskets and volunteers.
    for_baskets = (
        None if checked else _empty_distribution(quartier, fields.get("distribution_date"))
    )
    if for_baskets is not None:
        cycle = for_baskets
        for name, value in fields.items():
            setattr(cycle, name, value)
        cycle.created_by, cycle.copied_from = created_by or cycle.created_by, copied_from
        there = set(cycle.roles.values_list("name", flat=True))
        roles = [(name, places) for name, places in roles if name.strip() not in there]
    else:
        cycle = OrderCycle(
            quartier=quartier, created_by=created_by, copied_from=copied_from, **fields
        )
    cycle.title = (cycle.title or "").strip()
    cycle.place = (cycle.place or "").strip()
    cycle.venue = venue_named(quartier=quartier, words=cycle.place)
    if cycle.venue is not None and cycle.latitude is None and cycle.venue.latitude is not None:
        cycle.latitude, cycle.longitude = cycle.venue.latitude, cycle.venue.longitude
    if not checked:
        _check_cycle(cycle, offers, roles)
    cycle.save()
    CycleProduct.objects.bulk_create(
        CycleProduct(
            cycle=cycle,
            product=offer.product,
            quantity_available=offer.quantity_available,
            max_per_member=offer.max_per_member,
        )
        for offer in offers
    )
    VolunteerRole.objects.bulk_create(
        VolunteerRole(cycle=cycle, name=name.strip(), places=places) for name, places in roles
    )
    starter = created_by or _a_coordinator(quartier)
    if starter is not None and cycle.conversation is None:
        cycle.conversation = messaging.conversation_open(
            quartier=quartier,
            title=cycle.title,
            subject=cycle,
            participants=[starter],
            started_by=starter,
        )
    cycle.save(update_fields=["conversation"])
    report_state.cycle_changed(cycle.pk)
    sync_feed(cycle)
    return cycle


def _empty_distribution(quartier: Quartier, day: object) -> OrderCycle | None:
    """The quartier's distribution of `day` made for a contract, with nothing on offer yet."""
    if not isinstance(day, datetime.date):
        return None
    return (
        OrderCycle.objects.filter(
            quartier=quartier, distribution_date=day, contract_dates__isnull=False
        )
        .filter(~has_offers())
        .order_by("id")
        .first()
    )


@transaction.atomic
def cycle_copy(*, cycle: OrderCycle, actor: User, **fields: Any) -> OrderCycle:
    """The next cycle like this one: same products, limits and roles, one period later (a
    week, or two for a fortnightly cycle), unless ``fields`` say otherwise."""
    require_coordinator(user=actor, quartier=cycle.quartier)
    return next_of(cycle, created_by=actor, **fields)


def next_of(cycle: OrderCycle, *, created_by: User | None, **fields: Any) -> OrderCycle:
    step = datetime.timedelta(days=14 if cycle.repeat == OrderCycle.Repeat.FORTNIGHTLY else 7)
    values: dict[str, Any] = {
        "title": cycle.title,
        "distribution_date": cycle.distribution_date + step,
        "distribution_start": cycle.distribution_start,
        "distribution_end": cycle.distribution_end,
        "place": cycle.place,
        "latitude": cycle.latitude,
        "longitude": cycle.longitude,
        "opens_at": cycle.opens_at + step,
        "closes_at": cycle.closes_at + step,
        "repeat": cycle.repeat,
    } | fields
    offers = [
        Offer(offer.product, offer.quantity_available, offer.max_per_member)
        for offer in cycle.offers.select_related("product__producer")
        if offer.is_available
    ]
    roles = [(role.name, role.places) for role in cycle.roles.all()]
    return publish_cycle(
        quartier=cycle.quartier,
        created_by=created_by,
        offers=offers,
        roles=roles,
        copied_from=cycle,
        **values,
    )


@transaction.atomic
def cycle_close_early(*, cycle: OrderCycle, actor: User) -> OrderCycle:
    require_coordinator(user=actor, quartier=cycle.quartier)
    if cycle.state != OrderCycle.State.OPEN:
        raise ValidationError(_("Only an open cycle can be closed."))
    cycle.closed_early_at = timezone.now()
    cycle.save(update_fields=["closed_early_at"])
    sync_feed(cycle)
    return cycle


@transaction.atomic
def cycle_reopen(*, cycle: OrderCycle, actor: User, closes_at: datetime.datetime) -> OrderCycle:
    """Orders open again until ``closes_at``, which must come before the distribution; the
    close will be processed (and mailed) again."""
    require_coordinator(user=actor, quartier=cycle.quartier)
    now = timezone.now()
    if cycle.state_at(now) == OrderCycle.State.DISTRIBUTED:
        raise ValidationError(_("The distribution is over: this cycle cannot reopen."))
    if not now < closes_at <= cycle.distribution_starts_at:
        raise ValidationError(
            {"closes_at": [_("Choose a new close between now and the distribution.")]}
        )
    cycle.closed_early_at = None
    cycle.closes_at = closes_at
    cycle.opens_at = min(cycle.opens_at, now)
    cycle.close_processed_at = None
    cycle.closing_reminded_at = None
    cycle.save(
        update_fields=[
            "closed_early_at",
            "closes_at",
            "opens_at",
            "close_processed_at",
            "closing_reminded_at",
        ]
    )
    sync_feed(cycle)
    return cycle


@transaction.atomic
def cycle_send_reports(*, cycle: OrderCycle, actor: User) -> None:
    """The coordinator sends the producers' totals and the summary again."""
    require_coordinator(user=actor, quartier=cycle.quartier)
    if cycle.state == OrderCycle.State.UPCOMING or cycle.state == OrderCycle.State.OPEN:
        raise ValidationError(_("The totals are sent once orders are closed."))
    mails.queue_close_reports(cycle)


def has_offers() -> Exists:
    """The cycle offers something: one with nothing on offer is not news."""
    return Exists(CycleProduct.objects.filter(cycle=OuterRef("pk")))


def sync_feed(cycle: OrderCycle) -> None:
    """In the feed from the opening to the close, its title saying until when, when it offers
    something."""
    now = timezone.now()
    deadline = timezone.localtime(cycle.order_deadline, timezone.get_default_timezone())
    author = cycle.created_by or cycle.quartier.created_by
    if author is None:  # both accounts erased: the cycle goes on, out of the feed
        return
    feed_entry_sync(
        item=cycle,
        kind=kinds.FEED_CYCLE,
        quartier=cycle.quartier,
        author=author,
        title=f"{cycle.title} · → {deadline:%d/%m %H:%M}",
        summary=cycle.place,
        item_url=cycle.get_absolute_url(),
        is_published=cycle.opens_at <= now < cycle.order_deadline and cycle.offers.exists(),
        expires_at=cycle.order_deadline,
    )


def _check_cycle(cycle: OrderCycle, offers: list[Offer], roles: Sequence[tuple[str, int]]) -> None:
    errors: dict[str, list[str]] = {}
    try:
        cycle.full_clean(
            exclude=["quartier", "created_by", "copied_from", "conversation"],
            validate_constraints=False,
        )
    except ValidationError as error:
        errors.update(error.message_dict)
    if not errors:
        if cycle.closes_at <= cycle.opens_at:
            errors["closes_at"] = [_("Orders must close after they open.")]
        elif cycle.closes_at > cycle.distribution_starts_at:
            errors["closes_at"] = [_("Orders must close before the distribution.")]
        # Within a year: also keeps out dates of centuries ago, which Paris's old local mean
        # time (+00:09:21) would answer in a form that is not RFC 3339, and dates near year
        # 9999, which a copy one period later could not hold.
        if cycle.distribution_starts_at - cycle.opens_at > ORDERS_OPEN_AT_MOST:
            errors["opens_at"] = [_("Orders open at most a year before the distribution.")]
        if cycle.distribution_starts_at - timezone.now() > ORDERS_OPEN_AT_MOST:
            errors["distribution_date"] = [_("The distribution is at most a year away.")]
        if cycle.distribution_end <= cycle.distribution_start:
            errors["distribution_end"] = [_("The distribution must end after it starts.")]
        if cycle.distribution_ends_at <= timezone.now():
            errors["distribution_date"] = [_("The distribution cannot be in the past.")]
    offer_errors = errors.setdefault("offers", [])
    if not offers:
        offer_errors.append(_("Offer at least one product."))
    products = [offer.product for offer in offers]
    if any(
        p.producer.quartier_id != cycle.quartier_id or not p.is_active or not p.producer.is_active
        for p in products
    ):
        offer_errors.append(_("Offer active products of this quartier's producers."))
    if len({p.pk for p in products}) != len(products):
        offer_errors.append(_("Offer each product once."))
    if any(
        (o.quantity_available is not None and o.quantity_available < 0)
        or (o.max_per_member is not None and o.max_per_member < 1)
        for o in offers
    ):
        offer_errors.append(_("Quantities are whole numbers, limits at least 1."))
    if not offer_errors:
        del errors["offers"]
    names = [name.strip() for name, _places in roles]
    if any(not name for name in names) or len(set(names)) != len(names):
        errors["roles"] = [_("Give each role a name, once.")]
    if any(not 1 <= places <= 50 for _name, places in roles):
        errors["roles"] = [_("A role needs 1 to 50 people.")]
    if errors:
        raise ValidationError(errors)


def _a_coordinator(quartier: Quartier) -> User | None:
    return User.objects.filter(
        memberships__quartier=quartier,
        memberships__role=Membership.Role.COORDINATOR,
        memberships__status=Membership.Status.ACTIVE,
    ).first()
