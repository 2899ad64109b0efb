"""The pages of coups de main: the quartier's list, mine, one coup de main and what its asker
and its helpers do from it, publishing and changing one. Rules live in the services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from exchanges.aid.forms.help import CoupForm, FilterForm, HelpOfferForm, ThanksForm, initial_of
from exchanges.aid.models import CoupDeMain, HelpOffer
from exchanges.aid.selectors import help as selectors
from exchanges.aid.services import help as services
from neighbourhood.http import AuthenticatedHttpRequest
from neighbourhood.pages import Question, act, add_service_errors, ask_first, in_site_timezone
from neighbourhood.photos.pages import manage_url
from neighbourhood.quartiers import selectors as quartiers

PHOTO_SUBJECT = "coup_de_main"


@login_required
@in_site_timezone
def help_list(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    quartier, membership = quartiers.get_quartier_for_member(user=request.user, slug=slug)
    form = FilterForm(request.GET or None)
    kind = category = ""
    if form.is_valid():
        kind, category = form.cleaned_data["kind"], form.cleaned_data["category"]
    coups = selectors.coup_list(quartier=quartier, kind=kind, category=category)
    return render(
        request,
        "exchanges/aid/help/list.html",
        {"quartier": quartier, "membership": membership, "form": form, "coups": coups},
    )


@login_required
@in_site_timezone
def help_mine(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "exchanges/aid/help/mine.html",
        {
            "coups": selectors.my_coups(user=request.user),
            "offers": selectors.my_offers(user=request.user),
            "memberships": list(quartiers.my_memberships(user=request.user)),
        },
    )


@login_required
@in_site_timezone
@require_http_methods(["GET", "POST"])
def help_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    quartier, _membership = quartiers.get_quartier_for_member(user=request.user, slug=slug)
    kind = request.GET.get("kind", CoupDeMain.Kind.REQUEST)
    form = CoupForm(request.POST if request.method == "POST" else None, initial={"kind": kind})
    if form.is_valid():
        try:
            coup = services.help_publish(
                quartier=quartier,
                author=request.user,
                kind=form.cleaned_data["kind"],
                **form.service_fields(),
            )
        except ValidationError as error:
            add_service_errors(form, form.renamed(error))
        else:
            messages.success(request, _("Your coup de main is published."))
            return redirect(coup)
    return render(
        request,
        "exchanges/aid/help/form.html",
        {"quartier": quartier, "form": form, "coup": None},
        status=400 if form.errors else 200,
    )


@login_required
@in_site_timezone
@require_http_methods(["GET", "POST"])
def help_edit(request: AuthenticatedHttpRequest, coup_id: int) -> HttpResponse:
    coup = selectors.get_coup_for_author(user=request.user, coup_id=coup_id)
    if request.method == "POST":
        form = CoupForm(request.POST, editing=True)
        if form.is_valid():
            try:
                services.help_edit(coup=coup, actor=request.user, **form.service_fields())
            except ValidationError as error:
                add_service_errors(form, form.renamed(error))
            else:
                messages.success(request, _("Your coup de main is changed."))
                return redirect(coup)
    else:
        form = CoupForm(initial=initial_of(coup), editing=True)
    return render(
        request,
        "exchanges/aid/help/form.html",
        {"quartier": coup.quartier, "form": form, "coup": coup},
        status=400 if form.errors else 200,
    )


@login_required
@in_site_timezone
def help_detail(request: AuthenticatedHttpRequest, coup_id: int) -> HttpResponse:
    coup = selectors.get_coup_for_member(user=request.user, coup_id=coup_id)
    return render_detail(request, coup)


def render_detail(
    request: AuthenticatedHttpRequest, coup: CoupDeMain, *, status: int = 200, **forms: Any
) -> HttpResponse:
    """The page of a coup de main; a refused form comes back bound, with its errors."""
    user = request.user
    is_author = coup.author_id == user.pk
    offers = selectors.offers_of(coup=coup, viewer=user)
    mine = next((offer for offer in offers if offer.helper_id == user.pk), None)
    thanks = selectors.thanks_of(coup=coup)
    may_offer = coup.is_request and coup.is_open and not is_author and mine is None
    may_thank = (
        coup.status == CoupDeMain.Status.DONE
        and services.may_thank(coup, user)
        and all(t.author_id != user.pk for t in thanks)
    )
    in_thread = coup.conversation is not None and selectors.may_join_thread(user=user, coup=coup)
    context = {
        "coup": coup,
        "is_author": is_author,
        "offers": offers,
        "my_offer": mine,
        "chosen": [offer for offer in offers if offer.status == HelpOffer.Status.CHOSEN],
        "thanks": thanks,
        "offer_form": forms.get("offer_form") or (HelpOfferForm() if may_offer else None),
        "thanks_form": forms.get("thanks_form") or (ThanksForm() if may_thank else None),
        "chat_url": coup.conversation.get_absolute_url() if in_thread and coup.conversation else "",
        "photos": list(coup.photos.all()),
        # Photos are added while it is still to be done (a cancelled one's are deleted).
        "photos_url": manage_url(PHOTO_SUBJECT, coup.pk) if is_author and coup.is_live else "",
    }
    return render(request, "exchanges/aid/help/detail.html", context, status=status)


@login_required
@in_site_timezone
@require_POST
def help_offer(request: AuthenticatedHttpRequest, coup_id: int) -> HttpResponse:
    coup = selectors.get_coup_for_member(user=request.user, coup_id=coup_id)
    form = HelpOfferForm(request.POST)
    if form.is_valid():
        try:
            services.help_offer(coup=coup, helper=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Thank you! The asker is told and will answer."))
            return redirect(coup)
    return render_detail(request, coup, status=400, offer_form=form)


@login_required
@in_site_timezone
@require_POST
def help_thank(request: AuthenticatedHttpRequest, coup_id: int) -> HttpResponse:
    coup = selectors.get_coup_for_member(user=request.user, coup_id=coup_id)
    form = ThanksForm(request.POST)
    if form.is_valid():
        try:
            services.help_thank(coup=coup, author=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your thanks are sent."))
            return redirect(coup)
    return render_detail(request, coup, status=400, thanks_form=form)


@login_required
@in_site_timezone
@require_http_methods(["GET", "POST"])
def help_cancel(request: AuthenticatedHttpRequest, coup_id: int) -> HttpResponse:
    coup = selectors.get_coup_for_author(user=request.user, coup_id=coup_id)
    question = Question(
        title=_("Cancel “%(title)s”?") % {"title": coup.title},
        text=_("The helpers you chose are told. This cannot be undone."),
        yes=_("Yes, cancel it"),
        back=coup.get_absolute_url(),
    )
    if asked := ask_first(request, question):
        return asked
    return act(
        request,
        lambda: services.help_cancel(coup=coup, actor=request.user),
        _("Your coup de main is cancelled."),
        coup.get_absolute_url(),
    )


@login_required
@in_site_timezone
@require_http_methods(["GET", "POST"])
def help_done(request: AuthenticatedHttpRequest, coup_id: int) -> HttpResponse:
    coup = selectors.get_coup_for_author(user=request.user, coup_id=coup_id)
    question = Question(
        title=_("Is “%(title)s” done?") % {"title": coup.title},
        text=_("It closes, and you can then thank your helpers."),
        yes=_("Yes, it is done"),
        back=coup.get_absolute_url(),
    )
    if asked := ask_first(request, question):
        return asked
    return act(
        request,
        lambda: services.help_done(coup=coup, actor=request.user),
        _("Done. You can now say thanks."),
        coup.get_absolute_url(),
    )


@login_required
@in_site_timezone
@require_POST
def help_choose(request: AuthenticatedHttpRequest, help_offer_id: int) -> HttpResponse:
    offer = selectors.get_offer_for_asker(user=request.user, help_offer_id=help_offer_id)
    return act(
        request,
        lambda: services.help_choose(offer=offer, actor=request.user),
        _("%(name)s is chosen and told.") % {"name": offer.helper.public_name},
        offer.coup_de_main.get_absolute_url(),
    )


@login_required
@in_site_timezone
@require_POST
def help_decline(request: AuthenticatedHttpRequest, help_offer_id: int) -> HttpResponse:
    offer = selectors.get_offer_for_asker(user=request.user, help_offer_id=help_offer_id)
    return act(
        request,
        lambda: services.help_decline(offer=offer, actor=request.user),
        _("The offer of %(name)s is declined.") % {"name": offer.helper.public_name},
        offer.coup_de_main.get_absolute_url(),
    )


@login_required
@in_site_timezone
@require_POST
def help_withdraw(request: AuthenticatedHttpRequest, help_offer_id: int) -> HttpResponse:
    offer = selectors.get_offer_for_helper(user=request.user, help_offer_id=help_offer_id)
    return act(
        request,
        lambda: services.help_withdraw(offer=offer, actor=request.user),
        _("You have withdrawn your offer of help. The asker is told."),
        offer.coup_de_main.get_absolute_url(),
    )
