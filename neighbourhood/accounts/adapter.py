from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest
from django.utils import translation


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        # A new resident keeps the language they signed up in.
        language = translation.get_language() or "fr"
        user.language = "en" if language.startswith("en") else "fr"
        return super().save_user(request, user, form, commit)
