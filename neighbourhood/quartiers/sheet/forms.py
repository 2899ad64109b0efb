from django import forms
from django.utils.translation import gettext_lazy as _

from neighbourhood.accounts.models import Language


class CodeForm(forms.Form):
    c = forms.CharField(
        label=_("Code of an item of the sheet"),
        help_text=_("A letter and a number, for example E-42."),
        max_length=20,
    )


class SheetLanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the sheet"), choices=Language.choices)
