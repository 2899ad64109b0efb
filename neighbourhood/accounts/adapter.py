from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.contrib.auth.hashers import make_password
from django.http import HttpRequest, HttpResponseBase
from django.utils import translation
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from messaging.services import email_queue
from neighbourhood import limits
from neighbourhood.quartiers.models import Membership


def quartier_names(*, email: str) -> str:
    """The quartiers of the account at ``email``, to sign its mails with ("" without one)."""
    names = (
        Membership.objects.filter(
            user__email__iexact=email, status=Membership.Status.ACTIVE, quartier__isnull=False
        )
        .order_by("quartier__name")
        .values_list("quartier__name", flat=True)
    )
    return ", ".join(names)


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        # A new resident keeps the language they signed up in, and the name they chose.
        language = translation.get_language() or "fr"
        user.language = "en" if language.startswith("en") else "fr"
        user.display_name = form.cleaned_data.get("display_name", "")
        return super().save_user(request, user, form, commit)

    def respond_email_verification_sent(
        self, request: HttpRequest, user: Any | None
    ) -> HttpResponseBase:
        if user is None:
            # allauth's sign-up for an address that already has an account (or a bot's, caught
            # by the honeypot): nothing is created, the answer is the same "check your inbox".
            # A new address costs one password hash (save_user), a good part of a second; without
            # the same work here, the delay of the answer alone would tell who has an account.
            make_password(get_random_string(32))
        return super().respond_email_verification_sent(request, user)

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        # allauth prefixes the address with the host name: reaching the site by another name
        # would give an attacker five fresh guesses. The address alone keys the limit.
        return limits.login_attempts_key(credentials.get("email", ""))

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        try:
            super().pre_authenticate(request, **credentials)
        except forms.ValidationError as error:
            if error.code != "too_many_login_attempts":
                raise
            typed = limits.login_attempts_key(credentials.get("email", ""))
            seconds = limits.retry_after(request, keys=[typed] if typed else None)
            # The login page still shows, with this message; it answers 429 with Retry-After
            # (see neighbourhood.error_pages.FriendlyErrorsMiddleware).
            request.retry_after = seconds  # type: ignore[attr-defined]
            message = _("Too many wrong passwords for this account.")
            raise forms.ValidationError(
                f"{message} {limits.when_to_retry(seconds)}", code="too_many_login_attempts"
            ) from None

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        # Rendered now, in the language of this request; delivered by Celery after the commit,
        # so a slow or failing mail server never makes a sign-up page hang or fail. Signed
        # "Voisinage" and the reader's quartiers (templates/emails/_signature.txt), never with
        # the host name allauth would take from the request.
        full_context = {
            "request": self.request,
            "email": email,
            "signature_quartier": quartier_names(email=email),
        } | context
        email_queue(message=self.render_mail(template_prefix, email, full_context))
