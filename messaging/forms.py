from django import forms
from django.utils.translation import gettext_lazy as _

from messaging.kinds import notification_kinds
from messaging.models import MESSAGE_MAX_LENGTH
from neighbourhood.accounts.models import User


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write a message first.")},
    )


class MessageSendForm(MessageForm):
    # Set by chat.js when it falls back to posting a message it may already have sent over the
    # socket: the service then stores it once. Empty without JavaScript.
    client_id = forms.UUIDField(required=False, widget=forms.HiddenInput)


class HistoryForm(forms.Form):
    """Which messages a conversation page shows: the latest, or those before or after an id.
    Links the page made itself; a changed one shows the latest messages."""

    before = forms.IntegerField(min_value=1, required=False)
    after = forms.IntegerField(min_value=1, required=False)


class MuteForm(forms.Form):
    muted = forms.BooleanField(required=False)


class DirectForm(forms.Form):
    # An unknown id is refused in the same words as someone who shares no quartier with the
    # sender: nobody learns which ids exist.
    user_id = forms.ModelChoiceField(
        queryset=User.objects.all(),
        error_messages={"invalid_choice": _("You can write only to members of your quartiers.")},
    )


class NotificationSettingsForm(forms.Form):
    by_email = forms.MultipleChoiceField(
        label=_("Also send me an e-mail right away for"),
        choices=notification_kinds.choices,  # called for each form: every registered kind
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
