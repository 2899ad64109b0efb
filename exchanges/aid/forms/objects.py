"""What a neighbour types to publish an object, ask to borrow or take it, and search the
quartier's inventory. The rules are the services'."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from exchanges.aid.models import Item, ItemCategory
from exchanges.aid.models.objects import DESCRIPTION_MAX_LENGTH, MAX_LOAN_DAYS


def date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ItemForm(forms.Form):
    """An object to lend or to give away: the mode is chosen first (it is in the page's address
    when publishing, the object's own when editing) and only its fields are shown."""

    title = forms.CharField(
        label=_("Title"),
        max_length=120,
        error_messages={"required": _("Give the object a title: what is it?")},
    )
    description = forms.CharField(
        label=_("Description (optional)"),
        max_length=DESCRIPTION_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    category = forms.ChoiceField(
        label=_("Category"), choices=[("", _("Choose a category")), *ItemCategory.choices]
    )
    condition = forms.ChoiceField(
        label=_("Condition"), choices=Item.Condition.choices, initial=Item.Condition.GOOD
    )
    collect_at = forms.CharField(
        label=_("Where to collect it (optional)"),
        max_length=200,
        required=False,
        help_text=_("For example: at my door, 12 rue Dumenge, in the evening."),
    )
    max_days = forms.IntegerField(
        label=_("Longest loan, in days (to lend)"),
        min_value=1,
        max_value=MAX_LOAN_DAYS,
        required=False,
        help_text=_("A loan from Saturday to Sunday is 2 days."),
    )
    deposit_note = forms.CharField(
        label=_("Deposit or note (optional)"), max_length=200, required=False
    )
    give_rule = forms.ChoiceField(
        label=_("Who gets it (to give away)"),
        choices=Item.GiveRule.choices,
        initial=Item.GiveRule.FIRST_ASKED,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, mode: str, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        # In words a neighbour reads, for 0 days as for 1,000 (said in the language of the page).
        too_short_or_long = gettext("A loan lasts from 1 to %(most)d days.") % {
            "most": MAX_LOAN_DAYS
        }
        if "max_days" in self.fields:
            self.fields["max_days"].error_messages.update(
                {"min_value": too_short_or_long, "max_value": too_short_or_long}
            )
        del self.fields["give_rule" if mode == Item.Mode.LEND else "max_days"]


class LoanForm(forms.Form):
    starts_on = forms.DateField(label=_("From"), widget=date_input())
    ends_on = forms.DateField(label=_("Until (included)"), widget=date_input())
    message = forms.CharField(
        label=_("A word for the owner (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class GiftForm(forms.Form):
    message = forms.CharField(
        label=_("A word for the giver (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class InventoryForm(forms.Form):
    q = forms.CharField(label=_("Words"), max_length=100, required=False)
    category = forms.ChoiceField(
        label=_("Category"),
        choices=[("", _("All categories")), *ItemCategory.choices],
        required=False,
    )
    mode = forms.ChoiceField(
        label=_("To lend or to give"),
        choices=[("", _("Both")), *Item.Mode.choices],
        required=False,
    )
    available_on = forms.DateField(
        label=_("Available on (to lend)"), required=False, widget=date_input()
    )
