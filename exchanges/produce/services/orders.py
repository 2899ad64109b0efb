"""Members' orders. Every line is checked on its own against the cycle's state, the member's
limit and the stock left; a line that cannot be served is refused with its reason and the rest
of the order is kept. Stock is taken by one conditional update of the offer, under its check
constraint: a product is never oversold, however many members buy the last units at once."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from exchanges.produce.models import CycleProduct, Order, OrderCycle, OrderLine
from exchanges.produce.services import report_state
from exchanges.produce.services.access import require_coordinator
from exchanges.produce.services.confirmations import order_confirmation_send
from messaging import services as messaging
from neighbourhood.accounts.models import User
from neighbourhood.quartiers.selectors import is_coordinator, is_member
from neighbourhood.relais import acting

MAX_QUANTITY = 1000


@dataclass
class OrderResult:
    order: Order | None
    # The lines that could not be served, by offer id, with the reason in words.
    refused: dict[int, str] = field(default_factory=dict)
    changed: int = 0


@transaction.atomic
def order_place(
    *, cycle: OrderCycle, member: User, quantities: dict[int, int], actor: User | None = None
) -> OrderResult:
    """Sets the quantities the member orders, per offer id (0 removes the line); lines not named
    stay as they are. Before the close the member changes their own order; after it, only a
    coordinator can."""
    return _place(cycle=cycle, member=member, actor=actor or member, quantities=quantities)


@transaction.atomic
def order_replace(
    *, cycle: OrderCycle, member: User, quantities: dict[int, int], actor: User | None = None
) -> OrderResult:
    """The whole order: it becomes these quantities, per offer id, and a line left out goes back
    to the stock. The order form of the page and the API's PUT both send it. Each line is served
    or refused on its own, as in `order_place`: a line refused changes nothing, so when none
    could be served nothing is stored (an empty order made to hold them is removed)."""
    return _place(
        cycle=cycle, member=member, actor=actor or member, quantities=quantities, whole=True
    )


def _place(
    *,
    cycle: OrderCycle,
    member: User,
    actor: User,
    quantities: dict[int, int],
    whole: bool = False,
) -> OrderResult:
    if actor.pk != member.pk:
        require_coordinator(user=actor, quartier=cycle.quartier)
    if not is_member(user=member, quartier=cycle.quartier):
        raise PermissionDenied(_("Only members of this quartier can order."))
    # After the close, nothing changes without a coordinator (their own order included).
    _check_state(cycle, by_coordinator=is_coordinator(user=actor, quartier=cycle.quartier))
    # One member's changes (two tabs, a double click) are made one after the other.
    order = Order.objects.select_for_update().get(pk=_order_of(cycle, member).pk)
    offers = {
        offer.pk: offer
        for offer in CycleProduct.objects.filter(cycle=cycle).select_related("product__producer")
    }
    lines = {line.offer_id: line for line in order.lines.all()}
    if whole:
        # Read under the lock: a line another tab has just added is left out too.
        quantities = dict.fromkeys(lines, 0) | quantities
    result = OrderResult(order)
    for offer_id, quantity in sorted(quantities.items()):
        refusal = _set_line(order, offers.get(offer_id), lines.get(offer_id), quantity)
        if refusal is None:
            result.changed += 1
        elif refusal:
            result.refused[offer_id] = refusal
    _settle(order, cycle, member, actor, result)
    return result


def _settle(
    order: Order, cycle: OrderCycle, member: User, actor: User, result: OrderResult
) -> None:
    """After the lines: an order left empty is removed, a changed one is dated, recorded and
    confirmed."""
    if not order.lines.exists():
        order.delete()
        result.order = None
    elif result.changed:
        order.updated_at = timezone.now()
        order.save(update_fields=["updated_at"])
        if cycle.conversation is not None:
            messaging.conversation_add_participant(conversation=cycle.conversation, user=member)
    if result.changed and result.order is not None:
        acting.record(
            actor=actor, verb=acting.Verb.ORDER_PLACED, target=result.order, summary=cycle.title
        )
    if result.changed:
        # Once per save, however many lines changed; mailed only if the transaction commits.
        order_confirmation_send(cycle=cycle, member=member, order=result.order, actor=actor)


@transaction.atomic
def order_cancel(*, order: Order, actor: User) -> None:
    """Gives every unit back to the stock and removes the order."""
    cycle = order.cycle
    if actor.pk != order.member_id:
        require_coordinator(user=actor, quartier=cycle.quartier)
    _check_state(cycle, by_coordinator=is_coordinator(user=actor, quartier=cycle.quartier))
    for line in order.lines.all():
        _give_back(line.offer_id, line.quantity)
    order.delete()


@transaction.atomic
def line_set_weight(*, line: OrderLine, actor: User, weight_grams: int) -> OrderLine:
    """At the distribution: the weight of a weighed product, which sets its price."""
    require_coordinator(user=actor, quartier=line.order.cycle.quartier)
    if not line.offer.product.is_weighed:
        raise ValidationError({"weight_grams": [_("This product is not sold by weight.")]})
    if not 1 <= weight_grams <= 100_000:
        raise ValidationError({"weight_grams": [_("Give the weight in grams, up to 100 kg.")]})
    line.weight_grams = weight_grams
    line.save(update_fields=["weight_grams"])
    report_state.cycle_changed(line.order.cycle_id)
    return line


@transaction.atomic
def order_mark_picked_up(*, order: Order, actor: User, picked_up: bool = True) -> Order:
    require_coordinator(user=actor, quartier=order.cycle.quartier)
    order.picked_up_at = timezone.now() if picked_up else None
    order.save(update_fields=["picked_up_at"])
    return order


def _check_state(cycle: OrderCycle, *, by_coordinator: bool) -> None:
    cycle.refresh_from_db(fields=["opens_at", "closes_at", "closed_early_at"])
    state = cycle.state_at(timezone.now())
    if by_coordinator or state == OrderCycle.State.OPEN:
        return
    if state == OrderCycle.State.UPCOMING:
        raise ValidationError(
            _("Orders open on %(when)s.")
            % {"when": date_format(timezone.localtime(cycle.opens_at), "DATETIME_FORMAT")}
        )
    raise ValidationError(
        _("Orders closed on %(when)s: ask a coordinator to change yours.")
        % {"when": date_format(timezone.localtime(cycle.order_deadline), "DATETIME_FORMAT")}
    )


def _order_of(cycle: OrderCycle, member: User) -> Order:
    order = Order.objects.filter(cycle=cycle, member=member).first()
    if order is not None:
        return order
    try:
        with transaction.atomic():
            return Order.objects.create(cycle=cycle, member=member)
    except IntegrityError:  # the same member ordering from two tabs at once
        return Order.objects.get(cycle=cycle, member=member)


def _set_line(
    order: Order, offer: CycleProduct | None, line: OrderLine | None, quantity: int
) -> str | None:
    """Changes one line; returns None when done, "" when nothing changed, or the reason."""
    if offer is None:
        return _("This product is not offered in this cycle.")
    if not 0 <= quantity <= MAX_QUANTITY:
        return _("Order between 0 and %(count)s.") % {"count": MAX_QUANTITY}
    current = line.quantity if line is not None else 0
    delta = quantity - current
    if delta == 0:
        return ""
    if delta > 0:
        if not offer.is_available:
            return _("This product is no longer offered.")
        if offer.max_per_member is not None and quantity > offer.max_per_member:
            return ngettext(
                "At most %(count)s per member.",
                "At most %(count)s per member.",
                offer.max_per_member,
            ) % {"count": offer.max_per_member}
        if not _take(offer.pk, delta):
            left = CycleProduct.objects.get(pk=offer.pk).quantity_left or 0
            if left <= current:
                return _("Sold out.")
            return ngettext("Only %(count)s left.", "Only %(count)s left.", left - current) % {
                "count": left - current
            }
    else:
        _give_back(offer.pk, -delta)
    if quantity == 0:
        assert line is not None
        line.delete()
    elif line is None:
        OrderLine.objects.create(
            order=order, offer=offer, quantity=quantity, unit_price_cents=offer.product.price_cents
        )
    else:
        line.quantity = quantity
        line.save(update_fields=["quantity"])
    return None


def _take(offer_id: int, quantity: int) -> bool:
    """One conditional update: it takes the units if they are left, or changes nothing."""
    return bool(
        CycleProduct.objects.filter(
            Q(quantity_available__isnull=True)
            | Q(quantity_ordered__lte=F("quantity_available") - quantity),
            pk=offer_id,
        ).update(quantity_ordered=F("quantity_ordered") + quantity)
    )


def _give_back(offer_id: int, quantity: int) -> None:
    CycleProduct.objects.filter(pk=offer_id, quantity_ordered__gte=quantity).update(
        quantity_ordered=F("quantity_ordered") - quantity
    )
