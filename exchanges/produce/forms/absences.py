"""The form to mark an absence from a contract's distribution: what becomes of the basket,
and who or which association takes it. The neighbours are choices computed once for the
page (one query however many dates carry the form)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from exchanges.produce.models import Absence
from exchanges.produce.services.absences import ASSOCIATION_MAX
from neighbourhood.accounts.models import User
from neighbourhood.quartiers.selectors import member_users


def neighbour_choices(*, quartier_id: int, member: User) -> list[tuple[str, str]]:
    """The quartier's members the basket may be given to (not the subscriber), by name."""
    people = member_users(quartier_id=quartier_id).exclude(pk=member.pk)
    return sorted(
        ((str(person.pk), person.public_name) for person in people),
        key=lambda choice: choice[1].casefold(),
    )


class AbsenceForm(forms.Form):
    date = forms.IntegerField(widget=forms.HiddenInput)
    fate = forms.ChoiceField(
        label=_("Your basket"),
        choices=Absence.Fate.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Say what becomes of your basket.")},
    )
    neighbour = forms.ChoiceField(
        label=_("The neighbour who takes it"),
        required=False,
        help_text=_("Only if you give it to a neighbour."),
    )
    association = forms.CharField(
        label=_("The partner association"),
        required=False,
        max_length=ASSOCIATION_MAX,
        help_text=_("Only if you give it to an association."),
    )

    def __init__(self, *args: Any, neighbours: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["neighbour"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Choose a neighbour")), *neighbours]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        fate = data.get("fate")
        if fate == Absence.Fate.NEIGHBOUR and not data.get("neighbour"):
            self.add_error("neighbour", ValidationError(_("Choose the neighbour who takes it.")))
        if fate == Absence.Fate.ASSOCIATION and not (data.get("association") or "").strip():
            self.add_error("association", ValidationError(_("Name the association.")))
        return data

    def chosen_neighbour(self) -> User | None:
        chosen = self.cleaned_data.get("neighbour")
        if self.cleaned_data.get("fate") != Absence.Fate.NEIGHBOUR or not chosen:
            return None
        return User.objects.filter(pk=int(chosen)).first()
