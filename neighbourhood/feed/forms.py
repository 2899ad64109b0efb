from django import forms
from django.utils.translation import gettext_lazy as _

from neighbourhood.feed.kinds import filter_choices


class FeedFilterForm(forms.Form):
    """The feed's filters, sent with GET so a filtered page can be bookmarked or shared."""

    kind = forms.ChoiceField(
        label=_("Show"),
        choices=filter_choices,  # called for each form: every registered kind
        required=False,
    )
    q = forms.CharField(
        label=_("Words to look for"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    mine = forms.BooleanField(label=_("Only what I published"), required=False)
