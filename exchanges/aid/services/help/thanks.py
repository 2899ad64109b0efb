"""Thanks, once a coup de main is done: from the asker to the chosen helpers, or from a chosen
helper to the asker. Once each."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from exchanges.aid import kinds
from exchanges.aid.models import CoupDeMain, HelpOffer, Thanks
from exchanges.aid.services.help.common import chosen_helpers, notify
from neighbourhood.accounts.models import User
from neighbourhood.relais import acting

THANKS_MAX_LENGTH = 500


def may_thank(coup: CoupDeMain, user: User) -> bool:
    return (
        coup.author_id == user.pk
        or HelpOffer.objects.filter(
            coup_de_main=coup, helper=user, status=HelpOffer.Status.CHOSEN
        ).exists()
    )


@transaction.atomic
def help_thank(*, coup: CoupDeMain, author: User, text: str) -> Thanks:
    if not may_thank(coup, author):
        raise PermissionDenied(_("Only the asker and the chosen helpers can say thanks here."))
    if coup.status != CoupDeMain.Status.DONE:
        raise ValidationError(_("Thanks come once the coup de main is done."))
    text = text.strip()
    if not text:
        raise ValidationError({"text": [_("Write a few words of thanks.")]})
    if len(text) > THANKS_MAX_LENGTH:
        raise ValidationError(
            {"text": [_("At most %(count)d characters.") % {"count": THANKS_MAX_LENGTH}]}
        )
    try:
        with transaction.atomic():
            thanks = Thanks.objects.create(coup_de_main=coup, author=author, text=text)
    except IntegrityError:
        raise ValidationError(_("You have already said thanks here.")) from None
    told = chosen_helpers(coup) if coup.author_id == author.pk else [coup.author]
    notify(told, kinds.HELP_THANKED, author, coup)
    acting.record(actor=author, verb=acting.Verb.HELP_THANKED, target=coup, summary=coup.title)
    return thanks
