"""The relais's pages, the neighbour's log, the coordinators' log, and the take-over."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from neighbourhood.accounts.models import User
from neighbourhood.http import AuthenticatedHttpRequest
from neighbourhood.pages import add_service_errors, posted
from neighbourhood.quartiers import selectors as quartiers
from neighbourhood.relais import selectors, services
from neighbourhood.relais.forms import CodeForm, ConsentForm, NeighbourForm, TakeoverForm
from neighbourhood.relais.middleware import SESSION_KEY
from neighbourhood.relais.models import Consent


def _require_relais_page(user: User) -> None:
    if not selectors.relais_quartiers(user=user).exists():
        raise Http404


@login_required
def relais_home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A relais's neighbours, by quartier, and the way to open an account for a new one."""
    _require_relais_page(request.user)
    consents = list(selectors.consents_held(relais=request.user))
    return render(
        request,
        "relais/home.html",
        {"quartiers": selectors.relais_quartiers(user=request.user), "consents": consents},
    )


@login_required
@require_http_methods(["GET", "POST"])
def neighbour_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    quartier = selectors.get_relais_quartier(user=request.user, slug=slug)
    form = NeighbourForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            consent = services.neighbour_create(
                relais=request.user,
                quartier=quartier,
                display_name=data["display_name"],
                phone=data["phone"],
                postal_contact=data["postal_contact"],
                how=data["how"],
                language=data["language"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The account of %(name)s is open.") % {"name": consent.neighbour.public_name},
            )
            return redirect("relais:neighbour", neighbour_id=consent.neighbour_id)
    return render(
        request,
        "relais/neighbour_form.html",
        {"form": form, "quartier": quartier},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def neighbour_detail(request: AuthenticatedHttpRequest, neighbour_id: int) -> HttpResponse:
    """A neighbour's card for the relais or coordinators looking after them: consents, the way
    to act for them, a take-over code, the log. A form records a consent given (again)."""
    neighbour, quartier = selectors.get_neighbour_for_helper(
        user=request.user, neighbour_id=neighbour_id
    )
    mine = selectors.consent_between(relais=request.user, neighbour=neighbour, quartier=quartier)
    is_relais = selectors.relais_quartiers(user=request.user).filter(pk=quartier.pk).exists()
    form = ConsentForm(posted(request))
    if request.method == "POST" and is_relais and form.is_valid():
        try:
            services.consent_record(
                relais=request.user,
                neighbour=neighbour,
                quartier=quartier,
                how=form.cleaned_data["how"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The consent is recorded."))
            return redirect("relais:neighbour", neighbour_id=neighbour.pk)
    return render(
        request,
        "relais/neighbour_detail.html",
        {
            "neighbour": neighbour,
            "card": neighbour.neighbour_card,
            "quartier": quartier,
            "mine": mine,
            "is_relais": is_relais,
            "own_login": selectors.has_own_login(neighbour),
            "is_coordinator": quartiers.is_coordinator(user=request.user, quartier=quartier),
            "form": form,
            "consents": selectors.consents_of(neighbour=neighbour),
            "actions": selectors.log_of_neighbour(neighbour=neighbour),
        },
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
def act_start(request: AuthenticatedHttpRequest, consent_id: int) -> HttpResponse:
    consent = selectors.running_consent(relais=request.user, consent_id=consent_id)
    if consent is None:
        raise Http404
    request.session[SESSION_KEY] = consent.pk
    messages.info(
        request,
        _("You now act for %(name)s. Everything you do is shown and logged as done for them.")
        % {"name": consent.neighbour.public_name},
    )
    return redirect(consent.quartier)


@require_POST
def act_stop(request: HttpRequest) -> HttpResponse:
    consent = getattr(request, "acting_consent", None)
    request.session.pop(SESSION_KEY, None)
    if consent is not None:
        messages.info(
            request,
            _("You no longer act for %(name)s.") % {"name": consent.neighbour.public_name},
        )
        return redirect("relais:neighbour", neighbour_id=consent.neighbour_id)
    return redirect("home")


@login_required
@require_POST
def consent_withdraw(request: AuthenticatedHttpRequest, consent_id: int) -> HttpResponse:
    consent = (
        Consent.objects.select_related("neighbour", "quartier")
        .filter(pk=consent_id, ended_at__isnull=True)
        .first()
    )
    if consent is None:
        raise Http404
    try:
        services.consent_withdraw(consent=consent, actor=request.user)
    except PermissionDenied as refusal:  # the same answer as for a consent that is not there
        raise Http404 from refusal
    messages.success(request, _("The consent is withdrawn."))
    if request.user.pk == consent.neighbour_id:
        return redirect("relais:my_log")
    return redirect("relais:neighbour", neighbour_id=consent.neighbour_id)


@login_required
@require_POST
def takeover_code(request: AuthenticatedHttpRequest, neighbour_id: int) -> HttpResponse:
    """Makes a one-time take-over code and shows it once, to print or read out."""
    neighbour, quartier = selectors.get_neighbour_for_helper(
        user=request.user, neighbour_id=neighbour_id
    )
    try:
        raw = services.takeover_code_create(
            neighbour=neighbour, quartier=quartier, actor=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("relais:neighbour", neighbour_id=neighbour.pk)
    link = request.build_absolute_uri(reverse("relais:takeover") + f"?code={raw}")
    return render(
        request,
        "relais/takeover_code.html",
        {"neighbour": neighbour, "code": raw, "link": link, "days": services.TAKEOVER_DAYS},
    )


@require_http_methods(["GET", "POST"])
def takeover(request: HttpRequest) -> HttpResponse:
    """The neighbour's own page: the code first, then their e-mail and password."""
    if request.method == "POST" and "email" in request.POST:
        form: CodeForm | TakeoverForm = TakeoverForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                user = services.takeover_complete(
                    raw=data["code"], email=data["email"], password=data["password1"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                _send_verification(request, user)
                return redirect("account_email_verification_sent")
        return render(request, "relais/takeover.html", {"form": form, "step": 2}, status=400)
    form = CodeForm(request.POST if request.method == "POST" else request.GET or None)
    if form.is_bound and form.is_valid():
        try:
            code = services.takeover_code_check(raw=form.cleaned_data["code"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return render(
                request,
                "relais/takeover.html",
                {
                    "form": TakeoverForm(initial={"code": form.cleaned_data["code"]}),
                    "step": 2,
                    "neighbour": code.neighbour,
                },
            )
    status = 400 if form.is_bound else 200
    return render(request, "relais/takeover.html", {"form": form, "step": 1}, status=status)


def _send_verification(request: HttpRequest, user: User) -> None:
    from allauth.account.models import EmailAddress

    address = EmailAddress.objects.get_primary(user)
    if address is not None:
        address.send_confirmation(request, signup=True)


@login_required
def my_log(request: AuthenticatedHttpRequest) -> HttpResponse:
    """What relais did for me, and my consents: every resident may read their own."""
    return render(
        request,
        "relais/my_log.html",
        {
            "consents": selectors.consents_of(neighbour=request.user),
            "actions": selectors.log_of_neighbour(neighbour=request.user),
        },
    )


@login_required
def quartier_log(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """What relais did in a quartier, for its coordinators; 404 for anyone else."""
    quartier, membership = quartiers.get_quartier_for_member(user=request.user, slug=slug)
    if not membership.is_coordinator:
        raise Http404
    return render(
        request,
        "relais/quartier_log.html",
        {
            "quartier": quartier,
            "actions": selectors.log_of_quartier(quartier=quartier),
            "cards": selectors.neighbour_cards(quartier=quartier),
        },
    )
