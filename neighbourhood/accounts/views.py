from typing import TypeVar

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.i18n import set_language as django_set_language

from neighbourhood.accounts import selectors, services
from neighbourhood.accounts.forms import EraseForm, ProfileForm, TokenForm
from neighbourhood.accounts.models import Language
from neighbourhood.http import AuthenticatedHttpRequest
from neighbourhood.pages import Question, add_service_errors, ask_first, posted
from neighbourhood.quartiers.selectors import my_memberships, my_pending_join_requests

R = TypeVar("R", bound=HttpResponseBase)


def home(request: HttpRequest) -> HttpResponse:
    context: dict[str, object] = {}
    if request.user.is_authenticated:
        context["memberships"] = my_memberships(user=request.user)
        context["pending_requests"] = my_pending_join_requests(user=request.user)
    return render(request, "home.html", context)


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, which also remembers the choice on the resident's profile."""
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in Language.values:
        services.user_set_language(user=request.user, language=language)
    return django_set_language(request)


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    initial = {
        "display_name": user.display_name,
        "bio": user.bio,
        "language": user.language,
        "timezone": user.timezone,
    }
    form = ProfileForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.profile_update(
                user=user,
                display_name=data["display_name"],
                bio=data["bio"],
                language=data["language"],
                timezone_name=data["timezone"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your profile is saved."))
            return redirect("profile")
    status = 400 if form.is_bound else 200
    return render(request, "accounts/profile.html", {"form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def token_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = TokenForm(posted(request))
    raw_key = None
    if request.method == "POST" and form.is_valid():
        _token, raw_key = services.token_create(user=request.user, name=form.cleaned_data["name"])
        form = TokenForm()
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(
        request,
        "accounts/token_list.html",
        {"form": form, "tokens": selectors.token_list(user=request.user), "raw_key": raw_key},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def token_revoke(request: AuthenticatedHttpRequest, token_id: int) -> HttpResponse:
    token = selectors.get_token_for_owner(user=request.user, token_id=token_id)
    question = Question(
        title=_("Revoke the token “%(name)s”?") % {"name": token.name},
        text=_("The programs that use it will no longer get in."),
        yes=_("Yes, revoke it"),
        back=reverse("tokens"),
    )
    if asked := ask_first(request, question):
        return asked
    services.token_revoke(token=token)
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("tokens")


def forget_browser_storage(response: R) -> R:
    """Empties what the browser kept for the site (session and local storage: the chat's messages
    not sent yet, for one) when someone signs out or is erased: on a shared computer, a public
    digital workshop, the next person signs in in the same tab. Cookies stay: the session has
    ended already."""
    response["Clear-Site-Data"] = '"storage"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def account_erase(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = EraseForm(posted(request), user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        try:
            services.user_erase(user=user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            logout(request)
            messages.success(request, _("Your account and everything you published are erased."))
            return forget_browser_storage(redirect("home"))
    status = 400 if form.is_bound else 200
    return render(request, "accounts/erase.html", {"form": form}, status=status)
