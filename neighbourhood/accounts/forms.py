from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from neighbourhood.accounts.models import Language
from neighbourhood.accounts.timezones import timezone_choices


def clean_public_name(value: str) -> str:
    """A name shown to the neighbours: required, and never an e-mail address."""
    name = " ".join(value.split())
    if not name:
        raise forms.ValidationError(_("Write the name your neighbours will see."))
    if "@" in name:
        raise forms.ValidationError(
            _("Write a name, not an e-mail address: everyone in your quartier will see it.")
        )
    return name


def display_name_field() -> forms.CharField:
    return forms.CharField(
        label=_("Your name, as your neighbours will see it"),
        max_length=80,
        help_text=_(
            "For example “Marie D.” or “Marie from number 12”. Your e-mail address stays private."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )


class SignupForm(forms.Form):
    """What allauth's sign-up form asks besides the e-mail and the password
    (``ACCOUNT_SIGNUP_FORM_CLASS``); the adapter stores it (AccountAdapter.save_user)."""

    field_order = ["display_name", "email", "password1", "password2"]

    display_name = display_name_field()

    def clean_display_name(self) -> str:
        return clean_public_name(self.cleaned_data["display_name"])

    def signup(self, request: Any, user: Any) -> None:
        """allauth calls it after saving the user; the name is already saved by then."""


class ProfileForm(forms.Form):
    display_name = display_name_field()
    bio = forms.CharField(
        label=_("A few words about you"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    timezone = forms.ChoiceField(label=_("Timezone"), choices=timezone_choices)

    def clean_display_name(self) -> str:
        return clean_public_name(self.cleaned_data["display_name"])


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the token"),
        max_length=80,
        help_text=_("What it is for, for example “my phone”."),
    )


class EraseForm(forms.Form):
    password = forms.CharField(
        label=_("Your password, to confirm"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your password."))
        return password
