"""The pages of objects lent or given away: the quartier's inventory, one object (its calendar
in words, the forms to borrow or take it, its owner's controls), the publish and edit forms and
"my objects and loans"."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import prefetch_related_objects
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from exchanges.aid.forms.objects import GiftForm, InventoryForm, ItemForm, LoanForm
from exchanges.aid.models import Item
from exchanges.aid.selectors import objects as selectors
from exchanges.aid.services import objects as services
from neighbourhood.http import AuthenticatedHttpRequest
from neighbourhood.pages import (
    Question,
    act,
    add_service_errors,
    ask_first,
    in_site_timezone,
    posted,
)
from neighbourhood.quartiers import selectors as quartiers


@login_required
@in_site_timezone
def inventory(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    quartier, _membership = quartiers.get_quartier_for_member(user=request.user, slug=slug)
    form = InventoryForm(request.GET or None)
    items: list[Item] = []
    searched = form.is_bound and form.is_valid()
    if searched or not form.is_bound:
        criteria = form.cleaned_data if searched else {}
        items = selectors.inventory(
            quartier=quartier,
            text=criteria.get("q", ""),
            category=criteria.get("category", ""),
            mode=criteria.get("mode", ""),
            available_on=criteria.get("available_on"),
        )
        prefetch_related_objects(items, "photos")  # each card's first photo, in one query
    return render(
        request,
        "exchanges/aid/objects/inventory.html",
        {"quartier": quartier, "form": form, "items": items, "searched": searched},
        status=400 if form.is_bound and not searched else 200,
    )


@login_required
@in_site_timezone
def item_publish(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Lend or give away, chosen first (``?mode=lend|give``); then the form of that mode."""
    quartier, _membership = quartiers.get_quartier_for_member(user=request.user, slug=slug)
    mode = request.GET.get("mode", "")
    if mode not in Item.Mode.values:
        return render(
            request,
            "exchanges/aid/objects/item_form.html",
            {"quartier": quartier, "modes": Item.Mode},
            status=400 if request.method == "POST" else 200,
        )
    form = ItemForm(posted(request), mode=mode)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.item_publish(
                quartier=quartier, owner=request.user, mode=mode, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your object is published. Your neighbours can see it."))
            return redirect(item)
    return render(
        request,
        "exchanges/aid/objects/item_form.html",
        {"form": form, "quartier": quartier, "mode": mode},
        status=400 if form.is_bound else 200,
    )


@login_required
@in_site_timezone
def item_edit(request: AuthenticatedHttpRequest, item_id: int) -> HttpResponse:
    item = selectors.get_item_for_owner(user=request.user, item_id=item_id)
    initial = {name: getattr(item, name) for name in services.ITEM_EDITABLE}
    form = ItemForm(posted(request), initial=initial, mode=item.mode)
    if request.method == "POST" and form.is_valid():
        try:
            services.item_update(item=item, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your object is updated."))
            return redirect(item)
    return render(
        request,
        "exchanges/aid/objects/item_form.html",
        {"form": form, "quartier": item.quartier, "item": item, "mode": item.mode},
        status=400 if form.is_bound else 200,
    )


@login_required
@in_site_timezone
def item_detail(request: AuthenticatedHttpRequest, item_id: int) -> HttpResponse:
    item = selectors.get_item_for_member(user=request.user, item_id=item_id)
    return render_detail(request, item)


def render_detail(
    request: AuthenticatedHttpRequest, item: Item, *, status: int = 200, **forms: Any
) -> HttpResponse:
    is_owner = item.owner_id == request.user.pk
    offered = item.status == Item.Status.AVAILABLE and not is_owner
    gifts = [] if item.is_lent else selectors.gifts_asked_of(item=item, viewer=request.user)
    # A neighbour who has asked for a gift waits for it: the form to ask is not offered again.
    may_take = offered and not item.is_lent and not gifts
    context: dict[str, Any] = {
        "item": item,
        "is_owner": is_owner,
        "calendar": selectors.item_calendar(item=item) if item.is_lent else [],
        "loans": selectors.loans_asked_of(item=item, viewer=request.user) if item.is_lent else [],
        "gifts": gifts,
        "loan_form": forms.get("loan_form") or (LoanForm() if offered and item.is_lent else None),
        "gift_form": forms.get("gift_form") or (GiftForm() if may_take else None),
    }
    return render(request, "exchanges/aid/objects/item_detail.html", context, status=status)


@login_required
@in_site_timezone
@require_POST
def item_pause(request: AuthenticatedHttpRequest, item_id: int) -> HttpResponse:
    item = selectors.get_item_for_owner(user=request.user, item_id=item_id)
    paused = request.POST.get("paused", "1") == "1"
    return act(
        request,
        lambda: services.item_pause(item=item, actor=request.user, paused=paused),
        _("Your object is paused.") if paused else _("Your object is offered again."),
        item.get_absolute_url(),
    )


@login_required
@in_site_timezone
@require_http_methods(["GET", "POST"])
def item_withdraw(request: AuthenticatedHttpRequest, item_id: int) -> HttpResponse:
    """Asks first (GET), then withdraws the object for good (POST)."""
    item = selectors.get_item_for_owner(user=request.user, item_id=item_id)
    question = Question(
        title=_("Withdraw “%(title)s” for good?") % {"title": item.title},
        text=_(
            "It leaves the inventory, the requests still waiting are called off and their "
            "askers told, and its photos are deleted. This cannot be undone."
        ),
        yes=_("Yes, withdraw it"),
        back=item.get_absolute_url(),
    )
    if asked := ask_first(request, question):
        return asked
    try:
        services.item_withdraw(item=item, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(item)
    messages.success(request, _("Your object is withdrawn."))
    return redirect("aid:my_objects")


@login_required
@in_site_timezone
def my_objects(request: AuthenticatedHttpRequest) -> HttpResponse:
    items = selectors.my_items(user=request.user)
    prefetch_related_objects(items, "photos")  # each card's first photo, in one query
    return render(
        request,
        "exchanges/aid/objects/mine.html",
        {"items": items, "mine": selectors.my_loans(user=request.user)},
    )
