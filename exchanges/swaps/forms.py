from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from exchanges.swaps.models import DESCRIPTION_MAX_LENGTH, Category, Swap
from messaging.models import MESSAGE_MAX_LENGTH
from neighbourhood.quartiers.models import Membership


class SwapForm(forms.Form):
    """What a resident types to publish or edit a swap. The rules are the service's."""

    kind = forms.ChoiceField(
        label=_("What do you want to do?"),
        choices=Swap.Kind.choices,
        widget=forms.RadioSelect,
    )
    title = forms.CharField(label=_("Title"), max_length=120)
    description = forms.CharField(
        label=_("Description"),
        max_length=DESCRIPTION_MAX_LENGTH,
        help_text=_("A few sentences: your level, what you would like to do together."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    category = forms.ChoiceField(
        label=_("Category"), choices=[("", _("Choose a category")), *Category.choices]
    )
    tags = forms.CharField(
        label=_("Key words (optional)"),
        max_length=300,
        required=False,
        help_text=_("Separated by commas, for example: spanish, conversation, beginners"),
    )
    format = forms.ChoiceField(
        label=_("Format"),
        choices=Swap.Format.choices,
        initial=Swap.Format.ONE_TO_ONE,
        widget=forms.RadioSelect,
    )
    place = forms.ChoiceField(
        label=_("Where"),
        choices=Swap.Place.choices,
        initial=Swap.Place.PUBLIC,
        widget=forms.RadioSelect,
    )
    availability = forms.CharField(
        label=_("When are you available? (optional)"),
        max_length=200,
        required=False,
        help_text=_("For example: Saturday mornings, or weekdays after 5 pm."),
    )
    ends_on = forms.DateField(
        label=_("Until (optional)"),
        required=False,
        help_text=_("If you leave it empty, your swap stays up for three months."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: Any, kind: str = "", **kwargs: Any) -> None:
        """``kind`` known from the link followed: no need to ask it again."""
        super().__init__(*args, **kwargs)
        if kind:
            del self.fields["kind"]
        if kind == Swap.Kind.OFFER:
            self.fields["title"].label = _("What can you teach?")
        elif kind == Swap.Kind.REQUEST:
            self.fields["title"].label = _("What would you like to learn?")


class SwapEditForm(SwapForm):
    def __init__(self, *args: Any, swap: Swap, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "title": swap.title,
                "description": swap.description,
                "category": swap.category,
                "tags": ", ".join(swap.tags),
                "format": swap.format,
                "place": swap.place,
                "availability": swap.availability,
                "ends_on": swap.ends_on,
            },
        )
        super().__init__(*args, kind=swap.kind, **kwargs)
        self.fields["ends_on"].help_text = _(
            "If you leave it empty, the date stays as it was. To add three months, use “Renew”."
        )


class InterestForm(forms.Form):
    message = forms.CharField(
        label=_("A message for the author (optional)"),
        max_length=MESSAGE_MAX_LENGTH,
        required=False,
        help_text=_("For example, when you are free, or what you already know."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class IntroduceForm(forms.Form):
    member = forms.TypedChoiceField(label=_("Member to introduce"), coerce=int)
    message = forms.CharField(
        label=_("A message for both of them (optional)"),
        max_length=MESSAGE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, memberships: list[Membership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.memberships = {m.user_id: m for m in memberships}
        member = cast(forms.TypedChoiceField, self.fields["member"])
        member.choices = [("", _("Choose a member"))] + [
            (m.user_id, m.user.public_name) for m in memberships
        ]


class EvaluationForm(forms.Form):
    text = forms.CharField(
        label=_("How did it go?"),
        max_length=1000,
        help_text=_("A few words for your neighbours. At most 1,000 characters."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
