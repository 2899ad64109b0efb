"""A member subscribes to a contract and follows their subscription; the contract's followers
see its subscribers and waiting list; coordinators end subscriptions and write down the
instalments as they are handed over. Who sees what is `exchanges.produce.subscribers`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from exchanges.produce import baskets, selectors, services, subscribers
from exchanges.produce.forms.subscriptions import InstalmentForm, SubscribeForm
from exchanges.produce.models import Contract, InstalmentState, Payment, Subscription
from exchanges.produce.services import subscriptions as subscribing
from neighbourhood.http import AuthenticatedHttpRequest
from neighbourhood.pages import Question, act, add_service_errors, ask_first, in_site_timezone
from neighbourhood.quartiers.selectors import is_coordinator, member_users


@login_required
@in_site_timezone
@require_http_methods(["GET", "POST"])
def subscribe(request: AuthenticatedHttpRequest, contract_id: int) -> HttpResponse:
    """The form, then "check and confirm" (the total and the plan, nothing stored yet), then
    the subscription saved. A coordinator may enter a member's paper contract."""
    contract = selectors.get_contract_for_member(user=request.user, contract_id=contract_id)
    coordinator = is_coordinator(user=request.user, quartier=contract.producer.quartier)
    # A coordinator entering a paper contract may go back to the season's start.
    since = contract.starts_on if coordinator else subscribing.first_open_date(contract)
    form = SubscribeForm(
        request.POST if request.method == "POST" else None,
        contract=contract,
        sizes=list(contract.sizes.all()),
        dates=baskets.contract_dates(contract.pk, since=since),
        members=list(
            member_users(quartier_id=contract.producer.quartier_id).order_by("display_name", "pk")
        )
        if coordinator
        else None,
    )
    context = {
        "contract": contract,
        "form": form,
        "coordinator": coordinator,
        "full": contract.shares_left == 0,
    }
    if request.method == "POST" and request.POST.get("change") and form.is_valid():
        return render(request, "exchanges/produce/subscribe.html", context)
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        member = form.subscriber(request.user)
        try:
            if request.POST.get("confirmed") != "yes":
                starts_on, total, plan = subscribing.quote(
                    contract=contract, coordinator=coordinator, **fields
                )
                rows = [(i.due_month, Payment.Method(i.method).label, i.amount_cents) for i in plan]
                context |= {
                    "member": member,
                    "size": fields["size"],
                    "shares": fields["shares"],
                    "total": total,
                    "plan": rows,
                    "starts_on": starts_on,
                }
                return render(request, "exchanges/produce/subscribe_check.html", context)
            subscription = services.subscription_create(
                contract=contract,
                member=member,
                actor=request.user,
                accepted_terms=form.cleaned_data["accepted_terms"],
                **fields,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if subscription.status == Subscription.Status.WAITING:
                messages.warning(
                    request,
                    _("The contract is full: you are on the waiting list, number %(rank)s.")
                    % {"rank": subscribing.waiting_position(subscription)},
                )
            else:
                messages.success(request, _("You are subscribed."))
            return redirect(subscription)
    return render(
        request,
        "exchanges/produce/subscribe.html",
        context,
        status=400 if form.is_bound else 200,
    )


@login_required
@in_site_timezone
def subscription_detail(request: AuthenticatedHttpRequest, subscription_id: int) -> HttpResponse:
    subscription = subscribers.get_subscription_for_viewer(
        user=request.user, subscription_id=subscription_id
    )
    return render(
        request,
        "exchanges/produce/subscription.html",
        {
            "subscription": subscription,
            "contract": subscription.contract,
            "position": subscribing.waiting_position(subscription),
            "baskets": baskets.subscription_dates(subscription),
            "instalments": list(subscription.instalments.order_by("position")),
            "coordinator": is_coordinator(
                user=request.user, quartier=subscription.contract.producer.quartier
            ),
        },
    )


@login_required
@in_site_timezone
@require_http_methods(["GET", "POST"])
def subscription_end(request: AuthenticatedHttpRequest, subscription_id: int) -> HttpResponse:
    """The member leaves the waiting list; a coordinator ends any subscription (the next
    waiting moves up)."""
    subscription = subscribers.get_subscription_for_viewer(
        user=request.user, subscription_id=subscription_id
    )
    waiting = subscription.status == Subscription.Status.WAITING
    question = Question(
        title=_("Leave the waiting list?") if waiting else _("End this subscription?"),
        yes=_("Yes, leave the list") if waiting else _("Yes, end it"),
        back=subscription.get_absolute_url(),
        text=_("%(member)s · %(contract)s")
        % {"member": subscription.member_name, "contract": subscription.contract.title},
    )
    if (asked := ask_first(request, question)) is not None:
        return asked
    return act(
        request,
        lambda: services.subscription_end(subscription=subscription, actor=request.user),
        _("You left the waiting list.") if waiting else _("The subscription is ended."),
        subscription.get_absolute_url(),
    )


@login_required
@in_site_timezone
def contract_subscriptions(request: AuthenticatedHttpRequest, contract_id: int) -> HttpResponse:
    """Every subscriber, their size, shares, total and instalments; the waiting list in order."""
    contract = subscribers.get_contract_for_follower(user=request.user, contract_id=contract_id)
    return render(
        request,
        "exchanges/produce/contract_subscriptions.html",
        {
            "contract": contract,
            "lists": subscribers.subscriptions_of(contract),
            "coordinator": is_coordinator(user=request.user, quartier=contract.producer.quartier),
            "states": InstalmentState.choices,
        },
    )


@login_required
@in_site_timezone
@require_POST
def instalment_record(request: AuthenticatedHttpRequest, instalment_id: int) -> HttpResponse:
    """A coordinator writes down a cheque's number and bank, and how far it went."""
    instalment = subscribers.get_instalment_for_viewer(
        user=request.user, instalment_id=instalment_id
    )
    contract: Contract = instalment.subscription.contract
    fallback = (
        f"{redirect('produce:contract_subscriptions', contract_id=contract.pk).url}"
        f"#instalment-{instalment.pk}"
    )
    form = InstalmentForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect(fallback)
    return act(
        request,
        lambda: services.instalment_update(
            instalment=instalment, actor=request.user, **form.cleaned_data
        ),
        _("The instalment is saved."),
        fallback,
    )


@login_required
@in_site_timezone
def my_contracts(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "exchanges/produce/my_contracts.html",
        {"subscriptions": list(subscribers.my_subscriptions(user=request.user))},
    )
