"""A cycle's page: the distribution, the member's order (a form while orders are open, read
only after), the volunteers, and for coordinators what they do with the cycle.

A refused line comes back next to its quantity with its reason, status 400, and the lines that
could be served are saved: the page is rendered again from the database, with what the member
typed in the boxes but in a refused one, which shows what is saved of it. What the member just
did (an order saved, a role taken) is said where the page opens: under "Your order", in the
role's card."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from exchanges.produce import selectors, services
from exchanges.produce.forms import OrderForm, ReopenForm
from exchanges.produce.models import Order, OrderCycle, OrderLine, VolunteerRole
from exchanges.produce.views.common import Note, Notes, refusal, say_at
from neighbourhood.accounts.models import User
from neighbourhood.http import AuthenticatedHttpRequest
from neighbourhood.pages import Question, ask_first, in_site_timezone
from neighbourhood.quartiers import selectors as quartiers


@dataclass(frozen=True)
class RoleView:
    role: VolunteerRole
    people: list[User]
    is_mine: bool
    notes: list[Note] = field(default_factory=list)  # what was just done here

    @property
    def missing(self) -> int:
        return max(0, self.role.places - len(self.people))


@login_required
@in_site_timezone
def cycle_detail(request: AuthenticatedHttpRequest, cycle_id: int) -> HttpResponse:
    cycle = selectors.get_cycle_for_member(user=request.user, cycle_id=cycle_id)
    return render_detail(request, cycle)


def render_detail(
    request: AuthenticatedHttpRequest,
    cycle: OrderCycle,
    *,
    status: int = 200,
    order_form: OrderForm | None = None,
    result: services.OrderResult | None = None,
    order_error: str = "",
    reopen_form: ReopenForm | None = None,
) -> HttpResponse:
    """The cycle's page; a refused order or reopening comes back bound, in its place."""
    user = request.user
    is_coordinator = quartiers.is_coordinator(user=user, quartier=cycle.quartier)
    state = cycle.state
    offers = selectors.offers_of(cycle=cycle)
    order = selectors.order_of(cycle=cycle, member=user)
    lines = lines_of(order)
    if order_form is None and state == OrderCycle.State.OPEN:
        order_form = OrderForm(offers=offers, lines=lines)
    if reopen_form is None and is_coordinator and state == OrderCycle.State.CLOSED:
        reopen_form = ReopenForm()
    chat = cycle.conversation if order is not None or is_coordinator else None
    notes = Notes(request)
    roles = roles_of(cycle, user, notes)
    order_notes = notes.at("order")
    return render(
        request,
        "exchanges/produce/cycle_detail.html",
        {
            "cycle": cycle,
            "state": state,
            "is_coordinator": is_coordinator,
            "offers": offers,
            "order": order,
            "lines": lines,
            **totals(lines),
            "order_form": order_form,
            "result": result,
            "order_error": order_error,
            "order_notes": order_notes,
            "roles": roles,
            "reopen_form": reopen_form,
            "chat_url": chat.get_absolute_url() if chat is not None else "",
            "messages": notes.on_top(),
        },
        status=status,
    )


@login_required
@in_site_timezone
def order_edit(request: AuthenticatedHttpRequest, cycle_id: int) -> HttpResponse:
    cycle = selectors.get_cycle_for_member(user=request.user, cycle_id=cycle_id)
    if request.method != "POST":
        return redirect(cycle)
    form = posted_order(request, cycle, request.user)
    if not form.is_valid():
        return render_detail(request, cycle, order_form=form, status=400)
    try:
        result = services.order_replace(
            cycle=cycle, member=request.user, quantities=form.quantities()
        )
    except ValidationError as error:
        return render_detail(request, cycle, order_error=refusal(error), status=400)
    if result.refused:
        # The stock left and the lines saved have changed: the form is built again from them.
        form = posted_order(request, cycle, request.user)
        form.is_valid()
        form.add_refusals(result.refused)
        return render_detail(request, cycle, order_form=form, result=result, status=400)
    if result.order is None:
        say_at(request, "order", _("Your order is empty: nothing is ordered."))
    else:
        say_at(request, "order", _("Your order is saved. You can change it until orders close."))
    return redirect(_at_order(cycle))


@login_required
@in_site_timezone
def order_cancel(request: AuthenticatedHttpRequest, cycle_id: int) -> HttpResponse:
    cycle = selectors.get_cycle_for_member(user=request.user, cycle_id=cycle_id)
    order = selectors.order_of(cycle=cycle, member=request.user)
    if order is None:
        say_at(request, "order", _("You have no order in this cycle."), level=messages.INFO)
        return redirect(_at_order(cycle))
    question = Question(
        title=_("Cancel your order for “%(title)s”?") % {"title": cycle.title},
        text=_("Every product of your order goes back to the stock."),
        yes=_("Yes, cancel my order"),
        back=_at_order(cycle),
    )
    if asked := ask_first(request, question):
        return asked
    try:
        services.order_cancel(order=order, actor=request.user)
    except ValidationError as error:
        say_at(request, "order", refusal(error), level=messages.ERROR)
    else:
        say_at(request, "order", _("Your order is cancelled."))
    return redirect(_at_order(cycle))


@login_required
@in_site_timezone
def volunteer(request: AuthenticatedHttpRequest, cycle_id: int, role_id: int) -> HttpResponse:
    cycle = selectors.get_cycle_for_member(user=request.user, cycle_id=cycle_id)
    role = selectors.get_role_in(cycle=cycle, role_id=role_id)
    if request.method != "POST":
        return redirect(cycle)
    action = request.POST.get("action")
    # The page opens at the role's card, and says there what was done.
    place = f"role-{role.pk}"
    try:
        if action == "join":
            services.volunteer_sign_up(role=role, member=request.user)
            say_at(
                request, place, _("Thank you! You are down for “%(role)s”.") % {"role": role.name}
            )
        elif action == "leave":
            services.volunteer_withdraw(role=role, member=request.user)
            say_at(
                request, place, _("You are no longer down for “%(role)s”.") % {"role": role.name}
            )
        else:
            return HttpResponseBadRequest()
    except ValidationError as error:
        say_at(request, place, refusal(error), level=messages.ERROR)
    return redirect(f"{cycle.get_absolute_url()}#{place}")


def posted_order(request: AuthenticatedHttpRequest, cycle: OrderCycle, member: User) -> OrderForm:
    """The quantities posted, on the offers and lines as they are now."""
    order = selectors.order_of(cycle=cycle, member=member)
    return OrderForm(request.POST, offers=selectors.offers_of(cycle=cycle), lines=lines_of(order))


def lines_of(order: Order | None) -> list[OrderLine]:
    return list(order.lines.all()) if order is not None else []


def totals(lines: list[OrderLine]) -> dict[str, Any]:
    """What the lines cost so far, and whether some are still to be weighed."""
    return {
        "total_cents": sum(line.amount_cents or 0 for line in lines),
        "to_weigh": sum(1 for line in lines if line.amount_cents is None),
    }


def roles_of(cycle: OrderCycle, user: User, notes: Notes) -> list[RoleView]:
    views = []
    for role in selectors.roles_of(cycle=cycle):
        people = [volunteer.member for volunteer in role.volunteers.all()]
        is_mine = any(p.pk == user.pk for p in people)
        views.append(RoleView(role, people, is_mine, notes.at(f"role-{role.pk}")))
    return views


def _at_order(cycle: OrderCycle) -> str:
    """The cycle's page, opened at "Your order", where what was done with it is said."""
    return f"{cycle.get_absolute_url()}#order"
