"""The digest's pages: the resident's choice, and the one-click unsubscribe link of each mail."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from messaging.digests import tokens
from messaging.digests.preferences import (
    digest_preference_of,
    digest_preference_set,
)
from messaging.digests.preferences import (
    digest_unsubscribe as unsubscribe_user,
)
from messaging.models import DigestPreference
from neighbourhood.http import AuthenticatedHttpRequest
from neighbourhood.pages import add_service_errors, posted

HOURS = [(hour, f"{hour:02d}:00") for hour in range(24)]


class DigestPreferenceForm(forms.Form):
    frequency = forms.ChoiceField(
        label=gettext_lazy("How often"),
        choices=DigestPreference.Frequency.choices,
        widget=forms.RadioSelect,
    )
    weekday = forms.TypedChoiceField(
        label=gettext_lazy("Day (for a weekly digest)"),
        choices=DigestPreference.Weekday.choices,
        coerce=int,
        required=False,  # a daily digest has no day: the one saved is kept for later
        empty_value=None,
    )
    hour = forms.TypedChoiceField(label=gettext_lazy("Hour"), choices=HOURS, coerce=int)


@login_required
@require_http_methods(["GET", "POST"])
def digest_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    current = digest_preference_of(user=request.user)
    form = DigestPreferenceForm(
        posted(request),
        initial={"frequency": current.frequency, "weekday": current.weekday, "hour": current.hour},
    )
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data
        if chosen["weekday"] is None:
            chosen["weekday"] = current.weekday
        try:
            digest_preference_set(user=request.user, **chosen)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your choice is saved."))
            return redirect("messaging:digest_settings")
    return render(
        request,
        "messaging/digest_settings.html",
        {"form": form, "timezone": request.user.timezone},
        status=400 if form.is_bound else 200,
    )


# Mail programs send the one-click unsubscribe of RFC 8058 as a POST without cookies nor CSRF
# token: the signed token in the address is what proves the request comes from the mail.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def digest_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button (link checkers and previews follow links: a GET changes nothing);
    POST, from that button or straight from the mail program, stops the digest."""
    try:
        user = tokens.user_of(token)
    except signing.SignatureExpired:
        return _bad_link(request, _("This link is too old. Sign in to choose what you receive."))
    except signing.BadSignature:
        return _bad_link(request, _("This link is not valid. Sign in to choose what you receive."))
    # In the resident's language, whatever the browser that opened the mail asks for.
    with translation.override(user.language):
        if request.method == "POST":
            unsubscribe_user(user=user)
            return render(request, "messaging/digest_unsubscribed.html", {"resident": user})
        return render(request, "messaging/digest_unsubscribe.html", {"resident": user})


def _bad_link(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "messaging/digest_bad_link.html", {"message": message}, status=400)
