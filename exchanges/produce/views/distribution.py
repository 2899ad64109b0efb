"""What coordinators need at the close and at the distribution: the reports (totals per
producer, the pick-up list, packing), their files, a member's order changed after the close,
weights, and payments.

Every page reads the cycle once through `reports.load` (a fixed number of queries, however many
orders), and groups it in memory. What was just done on a card (a weight, a pick-up, an order
changed, a payment) is said in that card, where the page opens."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from exchanges.produce import exports, reports, selectors, services
from exchanges.produce.exports import common, stored
from exchanges.produce.forms import OrderForm, PaymentForm, WeightForm, cents_to_euros
from exchanges.produce.models import Order, OrderCycle, OrderLine, Payment, Producer
from exchanges.produce.views import files
from exchanges.produce.views.common import Note, Notes, say_at
from exchanges.produce.views.detail import lines_of, totals
from neighbourhood.http import AuthenticatedHttpRequest
from neighbourhood.pages import add_service_errors, back, in_site_timezone, posted
from neighbourhood.templatetags.voisinage import euros


@dataclass(frozen=True)
class LineView:
    """A line of the pick-up list, with the form to weigh it if it is sold by weight."""

    line: OrderLine
    weight_form: WeightForm | None


@dataclass(frozen=True)
class PickUpView:
    pickup: reports.PickUp
    lines: list[LineView]
    notes: list[Note] = field(default_factory=list)  # what was just done on this card


@login_required
@in_site_timezone
def reports_page(request: AuthenticatedHttpRequest, cycle_id: int) -> HttpResponse:
    cycle = selectors.get_cycle_for_coordinator(user=request.user, cycle_id=cycle_id)
    return render_reports(request, cycle)


def render_reports(
    request: AuthenticatedHttpRequest,
    cycle: OrderCycle,
    *,
    weight_form: WeightForm | None = None,
    weighed_line: int | None = None,
    status: int = 200,
) -> HttpResponse:
    """The three reports; a refused weight comes back bound, next to its line."""
    data = reports.load(cycle)
    notes = Notes(request)
    pickups = [
        PickUpView(
            pickup,
            [
                LineView(
                    line,
                    weight_form if line.pk == weighed_line else _weight_form(line),
                )
                for line in pickup.lines
            ],
            notes.at(f"order-{pickup.order.pk}") if pickup.order is not None else [],
        )
        for pickup in reports.pickup_list(data)
    ]
    orders = [view.pickup.order for view in pickups if view.pickup.order is not None]
    return render(
        request,
        "exchanges/produce/reports.html",
        {
            "cycle": cycle,
            "totals": reports.producer_totals(data),
            "pickups": pickups,
            "orders": orders,
            "picked_up": sum(1 for order in orders if order.picked_up_at),
            "baskets": len(data.baskets),
            "packing": reports.packing(data),
            "volunteers": sorted(reports.volunteers_by_role(data).items()),
            "messages": notes.on_top(),
        },
        status=status,
    )


@login_required
@in_site_timezone
def report_export(
    request: AuthenticatedHttpRequest, cycle_id: int, report: str, fmt: str
) -> HttpResponse:
    """The report's file as the cycle now is, streamed from storage; not built yet, its build
    is queued and a page says it is being prepared (202, `Retry-After`), refreshing itself to
    the file."""
    cycle = selectors.get_cycle_for_coordinator(user=request.user, cycle_id=cycle_id)
    if report not in exports.REPORTS or fmt not in stored.FORMATS:
        raise Http404
    language = translation.get_language() or "fr"
    file = stored.StoredFile.current("cycle", cycle.pk, report, fmt, language)
    title = common.report_title(report)
    return files.stored_file(
        request,
        file,
        files.Download(
            filename=common.filename(report, cycle, fmt),
            title=title,
            heading=f"{title} · {cycle.title}",
            back_url=reverse("produce:reports", args=[cycle.pk]),
            back_label=_("Back to the reports"),
        ),
    )


@login_required
@in_site_timezone
def line_weight(request: AuthenticatedHttpRequest, cycle_id: int, line_id: int) -> HttpResponse:
    cycle = selectors.get_cycle_for_coordinator(user=request.user, cycle_id=cycle_id)
    line = selectors.get_line_in(cycle=cycle, line_id=line_id)
    fallback = _reports_url(cycle, line.order_id)
    if request.method != "POST":
        return redirect(fallback)
    form = WeightForm(request.POST, auto_id=f"weight-{line.pk}-%s")
    if form.is_valid():
        try:
            services.line_set_weight(
                line=line, actor=request.user, weight_grams=form.cleaned_data["weight_grams"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            say_at(
                request,
                f"order-{line.order_id}",
                _("%(product)s for %(member)s: %(grams)s g, %(amount)s.")
                % {
                    "product": line.offer.product.name,
                    "member": line.order.member.public_name,
                    "grams": line.weight_grams,
                    "amount": euros(line.amount_cents),
                },
            )
            return redirect(back(request, fallback))
    return render_reports(request, cycle, weight_form=form, weighed_line=line.pk, status=400)


@login_required
@in_site_timezone
def order_manage(request: AuthenticatedHttpRequest, cycle_id: int, order_id: int) -> HttpResponse:
    cycle = selectors.get_cycle_for_coordinator(user=request.user, cycle_id=cycle_id)
    order = selectors.get_order_in(cycle=cycle, order_id=order_id)
    fallback = _reports_url(cycle, order.pk)
    if request.method == "POST" and request.POST.get("action") == "picked_up":
        return _mark_picked_up(request, order, fallback)
    form = _order_form(request, cycle, order)
    result = None
    if request.method == "POST" and form.is_valid():
        # After the close only a coordinator changes an order: the service knows the actor.
        result = services.order_replace(
            cycle=cycle, member=order.member, quantities=form.quantities(), actor=request.user
        )
        if not result.refused:
            saved = _("The order of %(member)s is saved.") % {"member": order.member.public_name}
            if result.order is None:  # emptied: it has no card any more
                messages.success(request, saved)
                return redirect(_reports_url(cycle))
            say_at(request, f"order-{order.pk}", saved)
            return redirect(fallback)
        form = _order_form(request, cycle, order)
        form.is_valid()
        form.add_refusals(result.refused)
    lines = list(form.lines.values())
    return render(
        request,
        "exchanges/produce/order_manage.html",
        {"cycle": cycle, "order": order, "form": form, "result": result, **totals(lines)},
        status=400 if form.is_bound else 200,
    )


@login_required
@in_site_timezone
def payments(request: AuthenticatedHttpRequest, cycle_id: int) -> HttpResponse:
    cycle = selectors.get_cycle_for_coordinator(user=request.user, cycle_id=cycle_id)
    bound: PaymentForm | None = None
    if request.method == "POST":
        order_id, producer_id = request.POST.get("order", ""), request.POST.get("producer", "")
        if not (order_id.isdigit() and producer_id.isdigit()):
            return HttpResponseBadRequest()
        order = selectors.get_order_in(cycle=cycle, order_id=int(order_id))
        producer = selectors.get_producer_for_member(
            user=request.user, producer_id=int(producer_id)
        )
        bound = PaymentForm(request.POST, auto_id=_payment_id(order.pk, producer.pk))
        if bound.is_valid():
            try:
                services.payment_record(
                    order=order, producer=producer, actor=request.user, **bound.service_fields()
                )
            except ValidationError as error:
                add_service_errors(bound, bound.renamed(error))
            else:
                place = _payment_place(order.pk, producer.pk)
                say_at(
                    request,
                    place,
                    _("The payment of %(member)s to %(farm)s is saved.")
                    % {"member": order.member.public_name, "farm": producer.farm_name},
                )
                url = reverse("produce:payments", kwargs={"cycle_id": cycle.pk})
                return redirect(f"{url}#{place}")
    data = reports.load(cycle)
    notes = Notes(request)
    cards = _payment_cards(data, bound, notes)
    placed = any(row.form is bound for card in cards for row in card.rows)
    return render(
        request,
        "exchanges/produce/payments.html",
        {
            "cycle": cycle,
            "cards": cards,
            "owed": reports.owed_per_producer(data),
            # A refusal for a producer the member ordered nothing from has no card: it shows on top.
            "stray": bound if bound is not None and not placed else None,
            "messages": notes.on_top(),
        },
        status=400 if bound is not None else 200,
    )


@dataclass(frozen=True)
class PaymentRow:
    """What one member owes one producer for their order, and the form to record it."""

    producer: Producer
    amount_cents: int
    to_weigh: bool  # some of it is not weighed yet: the amount is not final
    payment: Payment | None
    form: PaymentForm
    notes: list[Note] = field(default_factory=list)  # what was just recorded


@dataclass(frozen=True)
class PaymentCard:
    pickup: reports.PickUp
    rows: list[PaymentRow]


def _payment_cards(
    data: reports.Lines, bound: PaymentForm | None, notes: Notes
) -> list[PaymentCard]:
    cards = []
    for pickup in reports.pickup_list(data):
        if pickup.order is None:  # contract baskets only: paid by the subscription's plan
            continue
        owed: dict[int, int] = defaultdict(int)
        to_weigh: set[int] = set()
        producers: dict[int, Producer] = {}
        for line in pickup.lines:
            producer = line.offer.product.producer
            producers[producer.pk] = producer
            if line.amount_cents is None:
                to_weigh.add(producer.pk)
            owed[producer.pk] += line.amount_cents or 0
        paid = {payment.producer_id: payment for payment in pickup.payments}
        rows = []
        for producer in sorted(producers.values(), key=lambda p: p.farm_name.lower()):
            payment = paid.get(producer.pk)
            form = bound if _is_for(bound, pickup.order, producer) else None
            if form is None:
                form = _payment_form(pickup.order, producer, payment, owed[producer.pk])
            rows.append(
                PaymentRow(
                    producer,
                    owed[producer.pk],
                    producer.pk in to_weigh,
                    payment,
                    form,
                    notes.at(_payment_place(pickup.order.pk, producer.pk)),
                )
            )
        cards.append(PaymentCard(pickup, rows))
    return cards


def _payment_form(
    order: Order, producer: Producer, payment: Payment | None, owed_cents: int
) -> PaymentForm:
    initial: dict[str, object] = {
        "order": order.pk,
        "producer": producer.pk,
        "amount": cents_to_euros(owed_cents),
    }
    if payment is not None:
        initial |= {
            "method": payment.method,
            "cheque_number": payment.cheque_number,
            "amount": cents_to_euros(payment.amount_cents),
            "status": payment.status,
        }
    return PaymentForm(initial=initial, auto_id=_payment_id(order.pk, producer.pk))


def _is_for(form: PaymentForm | None, order: Order, producer: Producer) -> bool:
    if form is None:
        return False
    return (form.data.get("order"), form.data.get("producer")) == (str(order.pk), str(producer.pk))


def _payment_place(order_id: int, producer_id: int) -> str:
    """The id of a member's payment to a producer on the page: where it opens once saved."""
    return f"pay-{order_id}-{producer_id}"


def _payment_id(order_id: int, producer_id: int) -> str:
    # Several forms on one page: each form's fields need their own ids.
    return f"{_payment_place(order_id, producer_id)}-%s"


def _weight_form(line: OrderLine) -> WeightForm | None:
    if not line.offer.product.is_weighed:
        return None
    return WeightForm(initial={"weight_grams": line.weight_grams}, auto_id=f"weight-{line.pk}-%s")


def _order_form(request: AuthenticatedHttpRequest, cycle: OrderCycle, order: Order) -> OrderForm:
    current = selectors.order_of(cycle=cycle, member=order.member)
    return OrderForm(
        posted(request),
        offers=selectors.offers_of(cycle=cycle),
        lines=lines_of(current),
        auto_id="order-%s",
    )


def _mark_picked_up(request: AuthenticatedHttpRequest, order: Order, fallback: str) -> HttpResponse:
    picked_up = request.POST.get("picked_up", "1") != "0"
    services.order_mark_picked_up(order=order, actor=request.user, picked_up=picked_up)
    name = order.member.public_name
    if picked_up:
        said = _("%(member)s has picked up their order.") % {"member": name}
    else:
        said = _("%(member)s has not picked up yet.") % {"member": name}
    say_at(request, f"order-{order.pk}", said)
    return redirect(back(request, fallback))


def _reports_url(cycle: OrderCycle, order_id: int | None = None) -> str:
    url = reverse("produce:reports", kwargs={"cycle_id": cycle.pk})
    return f"{url}#order-{order_id}" if order_id is not None else url
