"""The author's writes: publishing a request or an offer of a hand, changing it, calling it off,
saying it is done. Each keeps the feed entry in step, in the same transaction."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from exchanges.aid import kinds
from exchanges.aid.models import CoupDeMain, HelpOffer
from exchanges.aid.models.help import MAX_HELPERS
from exchanges.aid.services.help.common import (
    chosen_helpers,
    lock,
    notify,
    require_author,
    require_live,
    sync_feed,
    touch,
)
from exchanges.aid.services.help.timing import Errors, check_timing
from messaging import services as messaging
from neighbourhood.accounts.models import User
from neighbourhood.photos.services import photos_delete_for
from neighbourhood.quartiers.models import Membership, Quartier
from neighbourhood.quartiers.selectors import is_member
from neighbourhood.relais import acting

HELP_EDITABLE = [
    "category",
    "title",
    "description",
    "timing",
    "starts_at",
    "ends_at",
    "weekdays",
    "weekly_time",
    "place_label",
    "helpers_needed",
]


@transaction.atomic
def help_publish(*, quartier: Quartier, author: User, kind: str, **fields: Any) -> CoupDeMain:
    """Asks for a hand (``kind`` request) or offers one (``kind`` offer). A request opens its
    thread; an urgent one (today or tomorrow) tells at once the members who offer a hand of
    the same category."""
    if not is_member(user=author, quartier=quartier):
        raise PermissionDenied(_("Only members of this quartier can publish in it."))
    now = timezone.now()
    coup = CoupDeMain(quartier=quartier, author=author, created_at=now, updated_at=now)
    errors: Errors = {}
    if kind not in CoupDeMain.Kind.values:
        errors["kind"] = [_("Choose whether you need a hand or offer one.")]
    coup.kind = kind
    _apply(coup, fields, errors, now)
    if errors:
        raise ValidationError(errors)
    coup.save()
    if coup.is_request:
        coup.conversation = messaging.conversation_open(
            quartier=quartier, title=coup.title, subject=coup, participants=[], started_by=author
        )
        coup.save(update_fields=["conversation"])
    sync_feed(coup)
    acting.record(actor=author, verb=acting.Verb.HELP_ASKED, target=coup, summary=coup.title)
    # Told once, at publication; one that becomes urgent later is at the top of the lists.
    if coup.is_urgent_at(now):
        notify(offerers_of(coup), kinds.HELP_URGENT, author, coup)
    return coup


def offerers_of(coup: CoupDeMain) -> list[User]:
    """The active members of the quartier with an open offer of the request's category, but its
    author: one query."""
    offers = CoupDeMain.objects.filter(
        author=OuterRef("pk"),
        quartier=coup.quartier,
        kind=CoupDeMain.Kind.OFFER,
        status=CoupDeMain.Status.OPEN,
        category=coup.category,
    )
    members = Membership.objects.filter(
        user=OuterRef("pk"), quartier=coup.quartier, status=Membership.Status.ACTIVE
    )
    return list(
        User.objects.filter(Exists(offers), Exists(members), is_active=True)
        .exclude(pk=coup.author_id)
        .order_by("pk")
    )


@transaction.atomic
def help_edit(*, coup: CoupDeMain, actor: User, **fields: Any) -> CoupDeMain:
    """What, when, where and how many: never fewer helpers than those already chosen."""
    require_author(coup, actor)
    lock(coup)
    require_live(coup)
    errors: Errors = {}
    _apply(coup, fields, errors, timezone.now(), started_ok=True)
    if not errors and coup.helpers_needed < coup.helpers_taken:
        errors["helpers_needed"] = [
            ngettext(
                "%(count)d helper is already chosen.",
                "%(count)d helpers are already chosen.",
                coup.helpers_taken,
            )
            % {"count": coup.helpers_taken}
        ]
    if errors:
        raise ValidationError(errors)
    if coup.is_request:
        full = coup.helpers_taken >= coup.helpers_needed
        coup.status = CoupDeMain.Status.FULL if full else CoupDeMain.Status.OPEN
    coup.updated_at = timezone.now()
    coup.save()
    sync_feed(coup)
    acting.record(actor=actor, verb=acting.Verb.HELP_EDITED, target=coup, summary=coup.title)
    return coup


@transaction.atomic
def help_cancel(*, coup: CoupDeMain, actor: User) -> CoupDeMain:
    """Calls it off: the chosen helpers are told, and it leaves the feed. Its page stays, saying
    it is cancelled, without its photos: they are deleted (their files once committed)."""
    require_author(coup, actor)
    lock(coup)
    require_live(coup)
    coup.status = CoupDeMain.Status.CANCELLED
    touch(coup, "status")
    photos_delete_for(subject=coup)
    _decline_waiting(coup, actor)
    notify(chosen_helpers(coup), kinds.HELP_CANCELLED, actor, coup)
    sync_feed(coup)
    acting.record(actor=actor, verb=acting.Verb.HELP_CANCELLED, target=coup, summary=coup.title)
    return coup


@transaction.atomic
def help_done(*, coup: CoupDeMain, actor: User) -> CoupDeMain:
    """The asker says it is done; the chosen helpers are told, and thanks may follow. The offers
    still waiting for an answer are declined, and their helpers told they are not needed."""
    require_author(coup, actor)
    lock(coup)
    if not coup.is_request:
        raise ValidationError(_("Only a request for a hand can be done."))
    require_live(coup)
    now = timezone.now()
    coup.status, coup.done_at = CoupDeMain.Status.DONE, now
    touch(coup, "status", "done_at")
    _decline_waiting(coup, actor)
    notify(chosen_helpers(coup), kinds.HELP_DONE, actor, coup)
    sync_feed(coup)
    acting.record(actor=actor, verb=acting.Verb.HELP_DONE, target=coup, summary=coup.title)
    return coup


def _decline_waiting(coup: CoupDeMain, actor: User) -> None:
    """Once it is closed, the offers of help nobody answered are declined, their helpers told."""
    waiting = HelpOffer.objects.filter(coup_de_main=coup, status=HelpOffer.Status.PROPOSED)
    helpers = [offer.helper for offer in waiting.select_related("helper").order_by("pk")]
    waiting.update(status=HelpOffer.Status.DECLINED, decided_at=timezone.now())
    notify(helpers, kinds.HELP_NOT_NEEDED, actor, coup)


def _apply(
    coup: CoupDeMain,
    fields: dict[str, Any],
    errors: Errors,
    now: datetime.datetime,
    *,
    started_ok: bool = False,
) -> None:
    unknown = set(fields) - set(HELP_EDITABLE)
    if unknown:
        errors.update({name: [_("This cannot be changed.")] for name in sorted(unknown)})
    for name in HELP_EDITABLE:
        if name in fields:
            setattr(coup, name, fields[name])
    coup.title = (coup.title or "").strip()
    coup.description = (coup.description or "").strip()
    coup.place_label = (coup.place_label or "").strip()
    if not coup.is_request:
        coup.helpers_needed = 1
    elif not isinstance(coup.helpers_needed, int) or not (1 <= coup.helpers_needed <= MAX_HELPERS):
        errors.setdefault("helpers_needed", []).append(
            _("Ask for 1 to %(count)d helpers.") % {"count": MAX_HELPERS}
        )
    check_timing(coup, now, errors, started_ok=started_ok)
    try:
        coup.full_clean(
            exclude=["quartier", "author", "conversation", "helpers_needed", "kind"],
            validate_constraints=False,
            validate_unique=False,
        )
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            if name not in errors:
                errors.setdefault(name, []).extend(messages)
