from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.sites.shortcuts import get_current_site
from django.http import HttpRequest
from django.utils import translation

from messaging.services import email_queue


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        # A new resident keeps the language they signed up in.
        language = translation.get_language() or "fr"
        user.language = "en" if language.startswith("en") else "fr"
        return super().save_user(request, user, form, commit)

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        # Rendered now, in the language of this request; delivered by Celery after the commit,
        # so a slow or failing mail server never makes a sign-up page hang or fail.
        request = self.request
        full_context = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
        } | context
        email_queue(message=self.render_mail(template_prefix, email, full_context))
