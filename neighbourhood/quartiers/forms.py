from django import forms
from django.utils.translation import gettext_lazy as _

from neighbourhood.quartiers.models import Membership, Quartier


class QuartierForm(forms.ModelForm):
    class Meta:
        model = Quartier
        fields = ["name", "slug", "description", "latitude", "longitude", "radius_km", "policy"]
        help_texts = {
            "slug": _("Lower-case letters, digits and hyphens, for example “croix-rousse”."),
            "latitude": _("Pick the centre on the map, or type it (for example 45.7745)."),
            "longitude": _("For example 4.8320."),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "latitude": forms.NumberInput(attrs={"step": "any"}),
            "longitude": forms.NumberInput(attrs={"step": "any"}),
            "radius_km": forms.NumberInput(attrs={"step": "0.1"}),
            "policy": forms.RadioSelect,
        }


class QuartierEditForm(QuartierForm):
    class Meta(QuartierForm.Meta):
        fields = ["name", "description", "latitude", "longitude", "radius_km", "policy"]


class QuartierSearchForm(forms.Form):
    q = forms.CharField(label=_("Name"), max_length=100, required=False)
    latitude = forms.FloatField(label=_("Latitude"), min_value=-90, max_value=90, required=False)
    longitude = forms.FloatField(
        label=_("Longitude"), min_value=-180, max_value=180, required=False
    )
    within_km = forms.FloatField(
        label=_("Within (km)"), min_value=0.5, max_value=100, initial=10, required=False
    )

    def clean(self) -> dict:
        data = super().clean() or {}
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            raise forms.ValidationError(_("Give both the latitude and the longitude, or neither."))
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
