"""Absences from the contract's distributions: a member (or their relais) marks a date they
take a basket on; the basket goes to a named neighbour, is offered to the quartier (the first
member who asks takes it), or is given to a partner association.

- Before the deadline (`absence_deadline_hours` before the distribution starts) an absence is
  free and may be cancelled; after it, marking one spends one of the contract's `jokers`,
  counted under the contract's row lock (`subscriptions.lock`), and is refused in words when
  none is left. A distribution that has started takes no absence.
- An offered basket is taken by one guarded `UPDATE … WHERE taken_by IS NULL`: of two members
  asking at once, exactly one gets it; the subscriber cannot take their own. An absence is
  cancelled by one guarded `DELETE` that spares a basket taken: a cancel and a take at once
  never both succeed.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from exchanges.produce import baskets, kinds
from exchanges.produce.models import Absence, ContractDate, Subscription
from exchanges.produce.services import report_state
from exchanges.produce.services.subscriptions import lock
from messaging import services as messaging
from neighbourhood.accounts.models import User
from neighbourhood.quartiers.selectors import is_member, member_users
from neighbourhood.relais import acting

ASSOCIATION_MAX = 120


@transaction.atomic
def absence_mark(
    *,
    subscription: Subscription,
    date: ContractDate,
    actor: User,
    fate: str,
    neighbour: User | None = None,
    association: str = "",
) -> Absence:
    """Marks the member away on `date`; `neighbour` for a basket given, `association` (a
    name) for one given to a partner association."""
    contract = subscription.contract
    quartier = contract.producer.quartier
    if actor.pk != subscription.member_id:
        raise PermissionDenied(_("Only the subscriber marks their absences."))
    if subscription.status != Subscription.Status.ACTIVE:
        raise ValidationError(_("Only an active subscription takes baskets."), code="inactive")
    if date.contract_id != contract.pk or date.date not in baskets.subscription_dates(subscription):
        raise ValidationError({"date": [_("You take no basket on this date.")]})
    now = timezone.now()
    if baskets.starts_at(date) <= now:
        raise ValidationError({"date": [_("This distribution has already started.")]})
    association = association.strip()
    if fate not in Absence.Fate.values:
        raise ValidationError({"fate": [_("Say what becomes of your basket.")]})
    if fate == Absence.Fate.NEIGHBOUR:
        if neighbour is None:
            raise ValidationError({"neighbour": [_("Choose the neighbour who takes it.")]})
        if neighbour.pk == subscription.member_id:
            raise ValidationError({"neighbour": [_("Give your basket to someone else.")]})
        if not is_member(user=neighbour, quartier=quartier):
            raise ValidationError({"neighbour": [_("Choose a member of this quartier.")]})
    else:
        neighbour = None
    if fate == Absence.Fate.ASSOCIATION:
        if not association:
            raise ValidationError({"association": [_("Name the association.")]})
        if len(association) > ASSOCIATION_MAX:
            raise ValidationError(
                {"association": [_("At most %(most)s characters.") % {"most": ASSOCIATION_MAX}]}
            )
    else:
        association = ""
    lock(contract)  # jokers are counted under the contract's lock
    joker = baskets.deadline(date) <= now
    if joker and baskets.jokers_spent(subscription) >= contract.jokers:
        raise ValidationError(
            _(
                "The deadline for this date has passed and you have no joker left: "
                "ask the referent of the contract."
            ),
            code="no_joker",
        )
    absence = Absence(
        subscription=subscription,
        date=date,
        fate=fate,
        taken_by=neighbour,
        association=association,
        joker=joker,
        recorded_by=acting.relais_for(actor=actor),
        created_at=now,
    )
    try:
        with transaction.atomic():
            absence.save()
    except IntegrityError as error:
        raise ValidationError(
            {"date": [_("You have already marked this date.")]}, code="twice"
        ) from error
    report_state.cycle_changed(date.cycle_id)
    _tell_on_mark(absence)
    acting.record(actor=actor, verb=acting.Verb.ABSENCE_MARKED, target=absence)
    return absence


@transaction.atomic
def absence_cancel(*, absence: Absence, actor: User) -> None:
    """The member will be there after all: before the deadline only, and not once someone
    took the basket offered. The neighbour it was given to is told."""
    if actor.pk != absence.subscription.member_id:
        raise PermissionDenied(_("Only the subscriber cancels their absences."))
    if baskets.deadline(absence.date) <= timezone.now():
        raise ValidationError(
            _("The deadline for this date has passed: the absence stays."), code="late"
        )
    # One guarded DELETE (nothing cascades from an absence): a `basket_take` committed first
    # leaves no row to delete, one committed after finds none to take.
    deleted, _by_model = (
        Absence.objects.filter(pk=absence.pk)
        .exclude(fate=Absence.Fate.OFFERED, taken_by__isnull=False)
        .delete()
    )
    if not deleted:
        raise ValidationError(
            _("A neighbour has already taken your basket: ask them first."), code="taken"
        )
    report_state.cycle_changed(absence.date.cycle_id)
    if absence.fate == Absence.Fate.NEIGHBOUR and absence.taken_by is not None:
        messaging.notifications_create(
            users=[absence.taken_by],
            kind=kinds.BASKET_TAKEN_BACK,
            actor=absence.subscription.member,
            title=basket_title(absence),
            url=_cycle_url(absence),
        )


@transaction.atomic
def basket_take(*, absence: Absence, actor: User) -> Absence:
    """`actor` takes a basket offered in their quartier: the first to ask gets it."""
    subscription = absence.subscription
    if not is_member(user=actor, quartier=subscription.contract.producer.quartier):
        raise PermissionDenied(_("Only members of this quartier take a basket offered."))
    if absence.fate != Absence.Fate.OFFERED:
        raise ValidationError(_("This basket is not offered."), code="not_offered")
    if actor.pk == subscription.member_id:
        raise ValidationError(_("This is your own basket."), code="own")
    if baskets.starts_at(absence.date) <= timezone.now():
        raise ValidationError(_("This distribution has already started."), code="past")
    taken = Absence.objects.filter(
        pk=absence.pk, fate=Absence.Fate.OFFERED, taken_by__isnull=True
    ).update(taken_by=actor)
    if not taken:
        raise ValidationError(_("Someone has already taken this basket."), code="taken")
    absence.taken_by = actor
    report_state.cycle_changed(absence.date.cycle_id)
    messaging.notifications_create(
        users=[subscription.subscriber],
        kind=kinds.BASKET_TAKEN,
        actor=actor,
        title=basket_title(absence),
        url=subscription_absences_url(subscription),
    )
    acting.record(actor=actor, verb=acting.Verb.BASKET_TAKEN, target=absence)
    return absence


def _tell_on_mark(absence: Absence) -> None:
    subscription = absence.subscription
    quartier = subscription.contract.producer.quartier
    if absence.fate == Absence.Fate.NEIGHBOUR and absence.taken_by is not None:
        users: list[User] = [absence.taken_by]
        kind = kinds.BASKET_GIVEN
    elif absence.fate == Absence.Fate.OFFERED:
        users = list(member_users(quartier_id=quartier.pk).exclude(pk=subscription.subscriber.pk))
        kind = kinds.BASKET_OFFERED
    else:
        return
    messaging.notifications_create(
        users=users,
        kind=kind,
        actor=subscription.member,
        title=basket_title(absence),
        url=baskets_url(quartier.slug) if kind == kinds.BASKET_OFFERED else _cycle_url(absence),
    )


def basket_title(absence: Absence) -> str:
    """ "Grand panier, Légumes — saison, jeudi 6 mars"."""
    return _("%(size)s, %(contract)s, %(day)s") % {
        "size": absence.subscription.size.name,
        "contract": absence.subscription.contract.title,
        "day": date_format(absence.date.date, "l j F"),
    }


def baskets_url(slug: str) -> str:
    return reverse("produce:baskets", kwargs={"slug": slug})


def subscription_absences_url(subscription: Subscription) -> str:
    return reverse("produce:absences", kwargs={"subscription_id": subscription.pk})


def _cycle_url(absence: Absence) -> str:
    assert absence.date.cycle is not None  # a date with a basket has its cycle
    return absence.date.cycle.get_absolute_url()


def absences_withdraw(subscription: Subscription) -> None:
    """An active subscription ended: its absences for distributions to come go, and the
    neighbour named, or whoever took the basket offered, hears it will not come."""
    now = timezone.now()
    coming = [
        absence
        for absence in Absence.objects.filter(subscription=subscription)
        .select_related("date__cycle", "date__contract", "taken_by", "subscription__size")
        .order_by("date__date")
        if baskets.starts_at(absence.date) > now
    ]
    for absence in coming:
        if absence.taken_by is not None:
            messaging.notifications_create(
                users=[absence.taken_by],
                kind=kinds.BASKET_WITHDRAWN,
                actor=None,
                title=basket_title(absence),
                url=_cycle_url(absence),
            )
    Absence.objects.filter(pk__in=[absence.pk for absence in coming]).delete()
