"""Answers to a request: "I can help", the asker's choice, a helper withdrawing.

The places taken never exceed the helpers needed: choosing takes a place with one guarded
update (``helpers_taken = helpers_taken + 1 WHERE helpers_taken < helpers_needed``), under the
check constraint of the counter, so of many helpers chosen at once only those that fit are."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from exchanges.aid import kinds
from exchanges.aid.models import CoupDeMain, HelpOffer
from exchanges.aid.services.help.common import lock, notify, require_author, sync_feed
from messaging import services as messaging
from neighbourhood.accounts.models import User
from neighbourhood.quartiers.selectors import is_member
from neighbourhood.relais import acting

MESSAGE_MAX_LENGTH = 500


def all_places_taken(coup: CoupDeMain) -> str:
    return ngettext(
        "%(count)d helper was needed: the place is taken.",
        "%(count)d helpers were needed: all places are taken.",
        coup.helpers_needed,
    ) % {"count": coup.helpers_needed}


@transaction.atomic
def help_offer(*, coup: CoupDeMain, helper: User, message: str = "") -> HelpOffer:
    """A neighbour says "I can help" on an open request; the asker is told."""
    if not is_member(user=helper, quartier=coup.quartier):
        raise PermissionDenied(_("Only members of this quartier can offer their help."))
    if coup.author_id == helper.pk:
        raise ValidationError(_("This is your own request."))
    if not coup.is_request:
        raise ValidationError(_("This is an offer of a hand: write to its author instead."))
    lock(coup)
    if coup.status == CoupDeMain.Status.FULL:
        raise ValidationError(all_places_taken(coup))
    if coup.status != CoupDeMain.Status.OPEN:
        raise ValidationError(_("This request is closed."))
    message = message.strip()
    if len(message) > MESSAGE_MAX_LENGTH:
        raise ValidationError(
            {"message": [_("At most %(count)d characters.") % {"count": MESSAGE_MAX_LENGTH}]}
        )
    try:
        with transaction.atomic():
            offer = HelpOffer.objects.create(coup_de_main=coup, helper=helper, message=message)
    except IntegrityError:
        raise ValidationError(_("You have already offered your help here.")) from None
    notify([coup.author], kinds.HELP_OFFERED, helper, coup)
    acting.record(actor=helper, verb=acting.Verb.HELP_OFFERED, target=offer, summary=coup.title)
    return offer


@transaction.atomic
def help_choose(*, offer: HelpOffer, actor: User) -> HelpOffer:
    """The asker takes this helper: a place is taken, the last one makes the request full. The
    helper joins the thread and is told."""
    coup = offer.coup_de_main
    require_author(coup, actor)
    if HelpOffer.objects.get(pk=offer.pk).status != HelpOffer.Status.PROPOSED:
        raise ValidationError(_("This offer of help is no longer waiting for an answer."))
    now = timezone.now()
    # The coup de main's row first, then the offer's: the order every write takes them in.
    taken = CoupDeMain.objects.filter(
        pk=coup.pk,
        status=CoupDeMain.Status.OPEN,
        helpers_taken__lt=F("helpers_needed"),
    ).update(helpers_taken=F("helpers_taken") + 1, updated_at=now)
    if not taken:
        coup.refresh_from_db(fields=["status", "helpers_needed", "helpers_taken"])
        if coup.status in (CoupDeMain.Status.OPEN, CoupDeMain.Status.FULL):
            raise ValidationError(all_places_taken(coup))
        raise ValidationError(_("This request is closed."))
    decided = HelpOffer.objects.filter(pk=offer.pk, status=HelpOffer.Status.PROPOSED).update(
        status=HelpOffer.Status.CHOSEN, decided_at=now
    )
    if not decided:  # withdrawn meanwhile: the place taken above goes back with the rollback
        raise ValidationError(_("This offer of help is no longer waiting for an answer."))
    CoupDeMain.objects.filter(
        pk=coup.pk, status=CoupDeMain.Status.OPEN, helpers_taken=F("helpers_needed")
    ).update(status=CoupDeMain.Status.FULL)
    coup.refresh_from_db(fields=["status", "helpers_needed", "helpers_taken", "updated_at"])
    offer.status, offer.decided_at = HelpOffer.Status.CHOSEN, now
    if coup.conversation_id is not None:
        assert coup.conversation is not None
        messaging.conversation_add_participant(conversation=coup.conversation, user=offer.helper)
    notify([offer.helper], kinds.HELP_CHOSEN, actor, coup)
    if coup.status == CoupDeMain.Status.FULL:
        sync_feed(coup)
    acting.record(actor=actor, verb=acting.Verb.HELP_CHOSEN, target=offer, summary=coup.title)
    return offer


@transaction.atomic
def help_decline(*, offer: HelpOffer, actor: User) -> HelpOffer:
    coup = offer.coup_de_main
    require_author(coup, actor)
    now = timezone.now()
    decided = HelpOffer.objects.filter(pk=offer.pk, status=HelpOffer.Status.PROPOSED).update(
        status=HelpOffer.Status.DECLINED, decided_at=now
    )
    if not decided:
        raise ValidationError(_("This offer of help is no longer waiting for an answer."))
    offer.status, offer.decided_at = HelpOffer.Status.DECLINED, now
    notify([offer.helper], kinds.HELP_DECLINED, actor, coup)
    acting.record(actor=actor, verb=acting.Verb.HELP_DECLINED, target=offer, summary=coup.title)
    return offer


@transaction.atomic
def help_withdraw(*, offer: HelpOffer, actor: User) -> HelpOffer:
    """The helper takes back their offer. A chosen helper frees their place (a full request
    opens again) and leaves the thread; the asker is told."""
    if offer.helper_id != actor.pk:
        raise PermissionDenied(_("Only the helper who offered can withdraw."))
    coup = offer.coup_de_main
    lock(coup)
    if not coup.is_live:
        raise ValidationError(_("This request is closed."))
    was = HelpOffer.objects.select_for_update().get(pk=offer.pk).status
    if was not in (HelpOffer.Status.PROPOSED, HelpOffer.Status.CHOSEN):
        raise ValidationError(_("This offer of help is already withdrawn or declined."))
    now = timezone.now()
    HelpOffer.objects.filter(pk=offer.pk).update(status=HelpOffer.Status.WITHDRAWN, decided_at=now)
    offer.status, offer.decided_at = HelpOffer.Status.WITHDRAWN, now
    if was == HelpOffer.Status.CHOSEN:
        CoupDeMain.objects.filter(pk=coup.pk, helpers_taken__gt=0).update(
            helpers_taken=F("helpers_taken") - 1, updated_at=now
        )
        CoupDeMain.objects.filter(pk=coup.pk, status=CoupDeMain.Status.FULL).update(
            status=CoupDeMain.Status.OPEN
        )
        coup.refresh_from_db(fields=["status", "helpers_taken", "updated_at"])
        if coup.conversation is not None:
            messaging.conversation_remove_participant(
                conversation=coup.conversation, user=offer.helper
            )
        sync_feed(coup)
    notify([coup.author], kinds.HELP_WITHDRAWN, actor, coup)
    acting.record(actor=actor, verb=acting.Verb.HELP_WITHDRAWN, target=offer, summary=coup.title)
    return offer
