"""Reads of farm produce, and the access helpers every page and endpoint goes through: 404 for
anyone who is not an active member of the quartier, 403 for members on coordinators' pages."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from exchanges.produce.models import (
    Contract,
    ContractDate,
    CycleProduct,
    DistributionDay,
    Order,
    OrderCycle,
    OrderLine,
    Producer,
    Product,
    ShareSize,
    Volunteer,
    VolunteerRole,
)
from neighbourhood.accounts.models import User
from neighbourhood.quartiers.models import Quartier
from neighbourhood.quartiers.selectors import (
    active_quartier_ids,
    get_quartier_for_coordinator,
    is_coordinator,
    require_coordinator,
)


def get_cycle_for_member(*, user: User, cycle_id: int) -> OrderCycle:
    if not user.is_authenticated:
        raise Http404
    try:
        return OrderCycle.objects.select_related("quartier", "conversation").get(
            pk=cycle_id, quartier_id__in=active_quartier_ids(user_id=user.pk)
        )
    except OrderCycle.DoesNotExist:
        raise Http404 from None


def get_cycle_for_coordinator(*, user: User, cycle_id: int) -> OrderCycle:
    cycle = get_cycle_for_member(user=user, cycle_id=cycle_id)
    require_coordinator(user=user, quartier=cycle.quartier)
    return cycle


def get_producer_for_member(*, user: User, producer_id: int) -> Producer:
    if not user.is_authenticated:
        raise Http404
    try:
        return Producer.objects.select_related("quartier", "account").get(
            pk=producer_id, quartier_id__in=active_quartier_ids(user_id=user.pk)
        )
    except Producer.DoesNotExist:
        raise Http404 from None


def get_product_for_member(*, user: User, product_id: int) -> Product:
    if not user.is_authenticated:
        raise Http404
    try:
        return Product.objects.select_related("producer__quartier", "producer__account").get(
            pk=product_id, producer__quartier_id__in=active_quartier_ids(user_id=user.pk)
        )
    except Product.DoesNotExist:
        raise Http404 from None


def get_producer_for_coordinator(*, user: User, producer_id: int) -> Producer:
    """As `get_producer_for_member`, and a 403 for a member who does not coordinate."""
    producer = get_producer_for_member(user=user, producer_id=producer_id)
    require_coordinator(user=user, quartier=producer.quartier)
    return producer


def get_producer_for_manager(*, user: User, producer_id: int) -> Producer:
    """As `get_producer_for_member`, and a 403 for anyone but a coordinator or the producer's
    own account."""
    producer = get_producer_for_member(user=user, producer_id=producer_id)
    require_producer_manager(producer, user)
    return producer


def get_product_for_manager(*, user: User, product_id: int) -> Product:
    """As `get_product_for_member`, and a 403 for anyone but a coordinator or the producer's
    own account."""
    product = get_product_for_member(user=user, product_id=product_id)
    require_producer_manager(product.producer, user)
    return product


def require_producer_manager(producer: Producer, actor: User) -> None:
    """403 unless the actor coordinates the producer's quartier or is the producer's account:
    the check every change to a producer's products makes."""
    if producer.account_id != actor.pk:
        require_coordinator(user=actor, quartier=producer.quartier)


def can_manage_producer(*, user: User, producer: Producer) -> bool:
    return producer.account_id == user.pk or is_coordinator(user=user, quartier=producer.quartier)


def get_order_in(*, cycle: OrderCycle, order_id: int) -> Order:
    try:
        return Order.objects.select_related("member", "cycle__quartier").get(
            cycle=cycle, pk=order_id
        )
    except Order.DoesNotExist:
        raise Http404 from None


def get_line_in(*, cycle: OrderCycle, line_id: int) -> OrderLine:
    try:
        return OrderLine.objects.select_related(
            "order__cycle__quartier", "offer__product__producer"
        ).get(order__cycle=cycle, pk=line_id)
    except OrderLine.DoesNotExist:
        raise Http404 from None


def get_role_in(*, cycle: OrderCycle, role_id: int) -> VolunteerRole:
    try:
        return VolunteerRole.objects.select_related("cycle__quartier").get(cycle=cycle, pk=role_id)
    except VolunteerRole.DoesNotExist:
        raise Http404 from None


def get_order_for_coordinator(*, user: User, cycle_id: int, order_id: int) -> Order:
    """A member's order in the cycle, for a coordinator (a member gets a 403)."""
    cycle = get_cycle_for_coordinator(user=user, cycle_id=cycle_id)
    return get_order_in(cycle=cycle, order_id=order_id)


def get_payee_for_coordinator(
    *, user: User, cycle_id: int, order_id: int, producer_id: int
) -> tuple[Order, Producer]:
    """An order of the cycle and a producer it pays, for a coordinator."""
    order = get_order_for_coordinator(user=user, cycle_id=cycle_id, order_id=order_id)
    return order, get_producer_for_member(user=user, producer_id=producer_id)


def get_line_for_coordinator(*, user: User, cycle_id: int, line_id: int) -> OrderLine:
    """A line of an order in the cycle, for a coordinator."""
    cycle = get_cycle_for_coordinator(user=user, cycle_id=cycle_id)
    return get_line_in(cycle=cycle, line_id=line_id)


def get_role_for_member(*, user: User, cycle_id: int, role_id: int) -> VolunteerRole:
    """A volunteer role of the cycle, for a member of its quartier."""
    cycle = get_cycle_for_member(user=user, cycle_id=cycle_id)
    return get_role_in(cycle=cycle, role_id=role_id)


def producers_of(*, quartier: Quartier) -> QuerySet[Producer]:
    return (
        Producer.objects.filter(quartier=quartier)
        .select_related("account")
        .prefetch_related(Prefetch("products", queryset=Product.objects.order_by("name", "id")))
        .order_by("farm_name", "id")
    )


def products_of(*, producer: Producer) -> QuerySet[Product]:
    return producer.products.order_by("name", "id")


def active_products(*, quartier: Quartier) -> QuerySet[Product]:
    return (
        Product.objects.filter(
            producer__quartier=quartier, is_active=True, producer__is_active=True
        )
        .select_related("producer")
        .order_by("producer__farm_name", "name", "id")
    )


def cycles_of(*, quartier: Quartier, limit: int = 50) -> list[OrderCycle]:
    """Cycles still to come first (soonest first), then past ones (latest first)."""
    today = timezone.localdate()
    cycles: QuerySet[OrderCycle] = OrderCycle.objects.filter(quartier=quartier).annotate(
        order_count=Count("orders", distinct=True)
    )
    coming = list(cycles.filter(distribution_date__gte=today).order_by("distribution_date", "id"))
    past = list(cycles.filter(distribution_date__lt=today).order_by("-distribution_date", "-id"))
    return (coming + past)[:limit]


def offers_of(*, cycle: OrderCycle) -> list[CycleProduct]:
    return list(
        CycleProduct.objects.filter(cycle=cycle)
        .select_related("product__producer")
        .order_by("product__producer__farm_name", "product__name", "id")
    )


def order_of(*, cycle: OrderCycle, member: User) -> Order | None:
    return (
        Order.objects.filter(cycle=cycle, member=member)
        .prefetch_related(
            Prefetch("lines", queryset=OrderLine.objects.select_related("offer__product"))
        )
        .first()
    )


def roles_of(*, cycle: OrderCycle) -> list[VolunteerRole]:
    return list(
        VolunteerRole.objects.filter(cycle=cycle)
        .prefetch_related(
            Prefetch("volunteers", queryset=Volunteer.objects.select_related("member"))
        )
        .order_by("id")
    )


def unfilled_roles(*, cycle: OrderCycle) -> list[VolunteerRole]:
    return [role for role in roles_of(cycle=cycle) if len(role.volunteers.all()) < role.places]


def my_orders(*, user: User) -> list[Order]:
    return list(
        Order.objects.filter(member=user)
        .select_related("cycle__quartier")
        .order_by("-cycle__distribution_date", "-id")[:50]
    )


def open_cycles_in(*, quartier: Quartier) -> list[OrderCycle]:
    now = timezone.now()
    return list(
        OrderCycle.objects.filter(
            Q(closed_early_at__isnull=True) | Q(closed_early_at__gt=now),
            quartier=quartier,
            opens_at__lte=now,
            closes_at__gt=now,
        ).order_by("closes_at", "id")
    )


def open_cycles_for(*, user: User) -> list[OrderCycle]:
    now = timezone.now()
    return list(
        OrderCycle.objects.filter(
            Q(closed_early_at__isnull=True) | Q(closed_early_at__gt=now),
            quartier_id__in=active_quartier_ids(user_id=user.pk),
            opens_at__lte=now,
            closes_at__gt=now,
        )
        .select_related("quartier")
        .order_by("closes_at", "id")
    )


# --- contracts ----------------------------------------------------------------------------------


def get_contract_for_member(*, user: User, contract_id: int) -> Contract:
    if not user.is_authenticated:
        raise Http404
    try:
        return Contract.objects.select_related("producer__quartier", "referent").get(
            pk=contract_id, producer__quartier_id__in=active_quartier_ids(user_id=user.pk)
        )
    except Contract.DoesNotExist:
        raise Http404 from None


def get_contract_for_coordinator(*, user: User, contract_id: int) -> Contract:
    contract = get_contract_for_member(user=user, contract_id=contract_id)
    require_coordinator(user=user, quartier=contract.producer.quartier)
    return contract


def get_contract_date_for_coordinator(
    *, user: User, contract_id: int, date_id: int
) -> ContractDate:
    contract = get_contract_for_coordinator(user=user, contract_id=contract_id)
    try:
        return ContractDate.objects.select_related("contract__producer__quartier").get(
            contract=contract, pk=date_id
        )
    except ContractDate.DoesNotExist:
        raise Http404 from None


def get_distribution_day_for_coordinator(*, user: User, slug: str, day_id: int) -> DistributionDay:
    quartier, _membership = get_quartier_for_coordinator(user=user, slug=slug)
    try:
        return DistributionDay.objects.select_related("quartier").get(quartier=quartier, pk=day_id)
    except DistributionDay.DoesNotExist:
        raise Http404 from None


def contracts_of(*, quartier: Quartier) -> QuerySet[Contract]:
    """Latest season first, each with its producer, referent and sizes (cheapest first)."""
    return (
        Contract.objects.filter(producer__quartier=quartier)
        .select_related("producer", "referent")
        .prefetch_related(
            Prefetch("sizes", queryset=ShareSize.objects.order_by("price_cents", "id"))
        )
        .order_by("-starts_on", "title", "id")
    )


def contracts_of_producer(*, producer: Producer) -> list[Contract]:
    return list(producer.contracts.order_by("-starts_on", "title", "id"))


def dates_of(*, contract: Contract) -> list[ContractDate]:
    return list(contract.dates.order_by("date", "id"))


def distribution_days_of(*, quartier: Quartier) -> list[DistributionDay]:
    return list(
        DistributionDay.objects.filter(quartier=quartier)
        .select_related("venue")
        .order_by("weekday", "starts_at", "id")
    )
