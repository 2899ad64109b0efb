from django import forms
from django.utils.translation import gettext_lazy as _

from neighbourhood.accounts.models import Language


class NeighbourForm(forms.Form):
    display_name = forms.CharField(
        label=_("Name shown to neighbours"),
        max_length=80,
        help_text=_("As they wish to be called, for example “Mme Petit”."),
    )
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    postal_contact = forms.CharField(
        label=_("Postal address or where to leave a note"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices, initial="fr")
    consent = forms.BooleanField(
        label=_("They agree that I act for them on Voisinage, and that it is shown and logged."),
    )
    how = forms.CharField(
        label=_("How they gave their consent"),
        max_length=200,
        help_text=_("For example “in person at the EPN workshop, 4 December”."),
    )


class ConsentForm(forms.Form):
    consent = forms.BooleanField(
        label=_("They agree that I act for them on Voisinage, and that it is shown and logged."),
    )
    how = forms.CharField(label=_("How they gave their consent"), max_length=200)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Take-over code"),
        max_length=30,
        help_text=_("The code your relais gave you, for example ABCD-EFGH-JKMN."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class TakeoverForm(forms.Form):
    code = forms.CharField(widget=forms.HiddenInput)
    email = forms.EmailField(
        label=_("Your e-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    password1 = forms.CharField(
        label=_("Choose a password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("The same password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords are not the same."))
        return data
