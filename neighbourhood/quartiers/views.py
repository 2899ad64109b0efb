import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from neighbourhood import limits
from neighbourhood.http import AuthenticatedHttpRequest
from neighbourhood.pages import Question, add_service_errors, ask_first, confirm_page, posted
from neighbourhood.places.limits import LOOKUP_WINDOW_SECONDS, lookup_allowed
from neighbourhood.quartiers import selectors, services
from neighbourhood.quartiers.forms import (
    DecisionForm,
    JoinForm,
    MemberActionForm,
    QuartierEditForm,
    QuartierForm,
    QuartierSearchForm,
)
from neighbourhood.quartiers.models import JoinRequest, Membership, Quartier


def quartier_list(request: HttpRequest) -> HttpResponse:
    query = None
    if request.GET:
        # A search by name keeps the default distance shown, ready for a search by place.
        query = request.GET.copy()
        query.setdefault("within_km", "10")
    if query is not None and query.get("near_label", "").strip() and not lookup_allowed(request):
        # Words of a place are looked up by the geocoder: at a person's pace, even signed out.
        return limits.too_many_requests(request, LOOKUP_WINDOW_SECONDS)
    form = QuartierSearchForm(query, suggest=request.user.is_authenticated)
    hits: list[selectors.QuartierHit] = []
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        hits = selectors.quartier_search(
            text=data.get("q") or "",
            latitude=data.get("latitude"),
            longitude=data.get("longitude"),
            within_km=data.get("within_km") or 10.0,
        )
    elif not form.is_bound:
        hits = selectors.quartier_search()
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(
        request, "quartiers/quartier_list.html", {"form": form, "hits": hits}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def quartier_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = QuartierForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            quartier = services.quartier_create(creator=request.user, **form.service_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your quartier is open. You are its coordinator."))
            return redirect(quartier)
    status = 400 if form.is_bound else 200
    return render(request, "quartiers/quartier_form.html", {"form": form}, status=status)


def quartier_detail(request: HttpRequest, slug: str) -> HttpResponse:
    quartier = selectors.get_quartier_public(slug=slug)
    membership = selectors.membership_for(user=request.user, quartier=quartier)
    context: dict[str, object] = {"quartier": quartier, "membership": membership}
    if membership is not None and membership.is_active:
        context["members"] = selectors.member_list(quartier=quartier)[:12]
        if membership.is_coordinator:
            context["pending_count"] = selectors.pending_join_requests(quartier=quartier).count()
    elif request.user.is_authenticated:
        context["pending_request"] = (
            selectors.my_pending_join_requests(user=request.user).filter(quartier=quartier).first()
        )
    return render(request, "quartiers/quartier_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def quartier_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    quartier, _membership = selectors.get_quartier_for_coordinator(user=request.user, slug=slug)
    # A copy, so a refused edit does not rename the quartier in the page's header.
    form = QuartierEditForm(posted(request), instance=copy.copy(quartier))
    if request.method == "POST" and form.is_valid():
        try:
            services.quartier_update(quartier=quartier, actor=request.user, **form.service_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The quartier is saved."))
            return redirect(quartier)
    status = 400 if form.is_bound else 200
    return render(
        request, "quartiers/quartier_edit.html", {"form": form, "quartier": quartier}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def quartier_join(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    quartier = selectors.get_quartier_public(slug=slug)
    form = JoinForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            result = services.quartier_join(
                quartier=quartier, user=request.user, message=form.cleaned_data["message"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if isinstance(result, JoinRequest):
                messages.success(
                    request, _("Your request is sent. A coordinator will answer it soon.")
                )
            else:
                messages.success(request, _("Welcome to %(name)s!") % {"name": quartier.name})
            return redirect(quartier)
    status = 400 if form.is_bound else 200
    return render(
        request, "quartiers/quartier_join.html", {"form": form, "quartier": quartier}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def join_request_withdraw(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    quartier = selectors.get_quartier_public(slug=slug)
    join_request = selectors.get_my_pending_join_request(user=request.user, quartier=quartier)
    question = Question(
        title=_("Withdraw your request to join %(name)s?") % {"name": quartier.name},
        text=_("The coordinators will no longer see it. You can ask again later."),
        yes=_("Yes, withdraw my request"),
        back=quartier.get_absolute_url(),
    )
    if asked := ask_first(request, question):
        return asked
    services.join_request_withdraw(join_request=join_request, user=request.user)
    messages.success(request, _("Your request to join is withdrawn."))
    return redirect(quartier)


@login_required
@require_http_methods(["GET", "POST"])
def quartier_leave(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    quartier, membership = selectors.get_quartier_for_member(user=request.user, slug=slug)
    question = Question(
        title=_("Leave %(name)s?") % {"name": quartier.name},
        text=_("You will no longer see what its members share. You can ask to join again later."),
        yes=_("Yes, leave the quartier"),
        back=quartier.get_absolute_url(),
    )
    if asked := ask_first(request, question):
        return asked
    try:
        services.membership_leave(membership=membership)
    except ValidationError as refusal:
        return confirm_page(request, question, refusal=refusal.messages[0])
    messages.success(request, _("You have left %(name)s.") % {"name": quartier.name})
    return redirect("home")


@login_required
def member_list(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    quartier, membership = selectors.get_quartier_for_member(user=request.user, slug=slug)
    return render(
        request,
        "quartiers/member_list.html",
        {
            "quartier": quartier,
            "membership": membership,
            "members": selectors.member_list(quartier=quartier),
            "action_form": MemberActionForm(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_action(request: AuthenticatedHttpRequest, slug: str, user_id: int) -> HttpResponse:
    """The members page's form comes here with GET: the page asks, then posts the action."""
    quartier, _membership = selectors.get_quartier_for_coordinator(user=request.user, slug=slug)
    target = selectors.get_membership_in(quartier=quartier, user_id=user_id)
    form = MemberActionForm(request.POST if request.method == "POST" else request.GET)
    if not form.is_valid():
        messages.error(request, _("Choose what to do."))
        return redirect("quartiers:members", slug=slug)
    action = form.cleaned_data["action"]
    if asked := ask_first(request, _member_question(quartier, target, action), keep=["action"]):
        return asked
    try:
        if action in Membership.Role.values:
            services.membership_set_role(membership=target, actor=request.user, role=action)
        else:
            services.membership_remove(membership=target, actor=request.user, ban=action == "ban")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Done: %(name)s.") % {"name": target.user.public_name})
    return redirect("quartiers:members", slug=slug)


@login_required
@require_POST
def member_relais(request: AuthenticatedHttpRequest, slug: str, user_id: int) -> HttpResponse:
    """Gives or takes back the relais role (``relais`` = "on" or "off")."""
    quartier, _membership = selectors.get_quartier_for_coordinator(user=request.user, slug=slug)
    target = selectors.get_membership_in(quartier=quartier, user_id=user_id)
    give = request.POST.get("relais") == "on"
    try:
        services.membership_set_relais(membership=target, actor=request.user, relais=give)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        name = target.user.public_name
        if give:
            messages.success(request, _("%(name)s is now a relais.") % {"name": name})
        else:
            messages.success(request, _("%(name)s is no longer a relais.") % {"name": name})
    return redirect("quartiers:members", slug=slug)


@login_required
def join_request_list(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    quartier, _membership = selectors.get_quartier_for_coordinator(user=request.user, slug=slug)
    return render(
        request,
        "quartiers/join_request_list.html",
        {
            "quartier": quartier,
            "join_requests": selectors.pending_join_requests(quartier=quartier),
        },
    )


@login_required
@require_POST
def join_request_decide(
    request: AuthenticatedHttpRequest, slug: str, request_id: int
) -> HttpResponse:
    quartier, _membership = selectors.get_quartier_for_coordinator(user=request.user, slug=slug)
    join_request = selectors.get_pending_join_request(quartier=quartier, request_id=request_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose approve or refuse."))
        return redirect("quartiers:join_requests", slug=slug)
    approve = form.cleaned_data["decision"] == "approve"
    try:
        services.join_request_decide(join_request=join_request, actor=request.user, approve=approve)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        name = join_request.user.public_name
        if join_request.status == JoinRequest.Status.WITHDRAWN:
            messages.info(request, _("%(name)s is already a member.") % {"name": name})
        elif approve:
            messages.success(request, _("%(name)s is now a member.") % {"name": name})
        else:
            messages.success(request, _("The request of %(name)s is refused.") % {"name": name})
    return redirect("quartiers:join_requests", slug=slug)


def _member_question(quartier: Quartier, target: Membership, action: str) -> Question:
    name = target.user.public_name
    back = reverse("quartiers:members", kwargs={"slug": quartier.slug})
    if action == "ban":
        return Question(
            title=_("Ban %(name)s from %(quartier)s?") % {"name": name, "quartier": quartier.name},
            text=_("They leave the quartier and cannot ask to join again."),
            yes=_("Yes, ban %(name)s") % {"name": name},
            back=back,
        )
    if action == "remove":
        return Question(
            title=_("Remove %(name)s from %(quartier)s?")
            % {"name": name, "quartier": quartier.name},
            text=_("They will no longer see what the members share. They can ask to join again."),
            yes=_("Yes, remove %(name)s") % {"name": name},
            back=back,
        )
    if action == Membership.Role.COORDINATOR:
        return Question(
            title=_("Make %(name)s a coordinator?") % {"name": name},
            text=_("Coordinators moderate the quartier and run its farm orders."),
            yes=_("Yes, make %(name)s a coordinator") % {"name": name},
            back=back,
        )
    return Question(
        title=_("Make %(name)s a plain member again?") % {"name": name},
        yes=_("Yes, make %(name)s a member") % {"name": name},
        back=back,
    )
