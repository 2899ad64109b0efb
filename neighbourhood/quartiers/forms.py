import zoneinfo
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from neighbourhood.places.forms import PlaceInput, PlaceLabels
from neighbourhood.quartiers.models import Membership, Quartier

CENTRE_LABELS = PlaceLabels(
    text=_("Its centre: an address or a place’s name"),
    choice=_("Which place is the centre?"),
    help_text=_("For example “place de la Croix-Rousse, Lyon”. Members near it will find it."),
)


class QuartierForm(forms.ModelForm):
    """A quartier, its centre named in words (see `neighbourhood.places.forms`)."""

    class Meta:
        model = Quartier
        fields = ["name", "slug", "description", "radius_km", "policy"]
        help_texts = {
            "slug": _("Lower-case letters, digits and hyphens, for example “croix-rousse”."),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "radius_km": forms.NumberInput(attrs={"step": "0.1"}),
            "policy": forms.RadioSelect,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        known = self.instance.pk is not None
        labels = CENTRE_LABELS
        if known:
            labels = PlaceLabels(
                text=labels.text,
                choice=labels.choice,
                help_text=_("Left empty, the centre stays where it is."),
            )
        self.centre = PlaceInput(
            self,
            "centre",
            labels=labels,
            near=(self.instance.latitude, self.instance.longitude) if known else None,
            required=not known,
        )
        order = [name for name in self.fields if not name.startswith("centre_")]
        at = order.index("description") + 1
        self.order_fields(
            [*order[:at], "centre_label", "centre_place", "centre_query", *order[at:]]
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        candidate = self.centre.resolve(data)
        if candidate is not None:
            data["latitude"], data["longitude"] = candidate.latitude, candidate.longitude
        elif self.instance.pk is not None and not self.has_error("centre_label"):
            data["latitude"], data["longitude"] = self.instance.latitude, self.instance.longitude
        return data

    def service_fields(self) -> dict[str, Any]:
        """What `services.quartier_create` and `quartier_update` take, but for the user."""
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if not name.startswith("centre_")
        }


def timezone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


class QuartierEditForm(QuartierForm):
    timezone = forms.ChoiceField(
        label=_("Timezone"),
        choices=timezone_choices,
        help_text=_("The opening hours of the quartier’s places are read in it."),
        required=False,
    )

    class Meta(QuartierForm.Meta):
        fields = [
            "name",
            "description",
            "radius_km",
            "policy",
            "timezone",
            "members_open_consultations",
        ]
        help_texts = {
            "members_open_consultations": _(
                "A coordinator approves each proposal before it is published."
            )
        }

    def clean_timezone(self) -> str:
        """Not sent (an older page): the quartier keeps its own."""
        return self.cleaned_data.get("timezone") or self.instance.timezone


class QuartierSearchForm(forms.Form):
    q = forms.CharField(label=_("Name"), max_length=100, required=False)
    within_km = forms.FloatField(
        label=_("Within (km)"), min_value=0.5, max_value=100, initial=10, required=False
    )

    def __init__(self, *args: Any, suggest: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.near = PlaceInput(
            self,
            "near",
            labels=PlaceLabels(
                text=_("Near (optional): an address or a place’s name"),
                choice=_("Which place do you mean?"),
            ),
            required=False,
            suggest=suggest,
        )
        self.order_fields(["q", "near_label", "near_place", "near_query", "within_km"])

    def clean(self) -> dict:
        data = super().clean() or {}
        candidate = self.near.resolve(data)
        if candidate is not None:
            data["latitude"], data["longitude"] = candidate.latitude, candidate.longitude
        return data


class JoinForm(forms.Form):
    message = forms.CharField(
        label=_("A word for the coordinators (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("refuse", _("Refuse"))])


class MemberActionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[
            (Membership.Role.MEMBER, _("Make member")),
            (Membership.Role.COORDINATOR, _("Make coordinator")),
            ("remove", _("Remove")),
            ("ban", _("Ban")),
        ]
    )
