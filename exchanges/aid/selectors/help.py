"""Reads of coups de main, and the access helpers every page, endpoint and socket goes through:
an outsider gets a 404 for every coup de main and offer of help; a member who may see it but
not do this, a 403."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Q, QuerySet, TextField, Value, When
from django.db.models.functions import Cast
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from exchanges.aid.models import CoupDeMain, HelpOffer, Thanks
from exchanges.aid.models.help import local_date
from neighbourhood.accounts.models import User
from neighbourhood.quartiers.models import Quartier
from neighbourhood.quartiers.selectors import active_quartier_ids

LIST_LIMIT = 100


def _coups() -> QuerySet[CoupDeMain]:
    return CoupDeMain.objects.select_related("author", "quartier", "conversation")


def get_coup_for_member(*, user: User, coup_id: int) -> CoupDeMain:
    if not user.is_authenticated:
        raise Http404
    try:
        return _coups().get(pk=coup_id, quartier_id__in=active_quartier_ids(user_id=user.pk))
    except CoupDeMain.DoesNotExist:
        raise Http404 from None


def get_coup_for_author(*, user: User, coup_id: int) -> CoupDeMain:
    """As `get_coup_for_member`, and a 403 for a member who did not publish it."""
    coup = get_coup_for_member(user=user, coup_id=coup_id)
    if coup.author_id != user.pk:
        raise PermissionDenied(_("Only the author of this coup de main can do this."))
    return coup


def get_offer_for_member(*, user: User, help_offer_id: int) -> HelpOffer:
    """An offer of help on a coup de main of one of the user's quartiers, seen by its asker or
    its helper (anyone else: 404, as they cannot see it on the page either)."""
    if not user.is_authenticated:
        raise Http404
    try:
        return HelpOffer.objects.select_related(
            "helper",
            "coup_de_main__author",
            "coup_de_main__quartier",
            "coup_de_main__conversation",
        ).get(
            Q(helper=user) | Q(coup_de_main__author=user),
            pk=help_offer_id,
            coup_de_main__quartier_id__in=active_quartier_ids(user_id=user.pk),
        )
    except HelpOffer.DoesNotExist:
        raise Http404 from None


def get_offer_for_asker(*, user: User, help_offer_id: int) -> HelpOffer:
    """As `get_offer_for_member`, and a 403 for the helper: only the asker chooses."""
    offer = get_offer_for_member(user=user, help_offer_id=help_offer_id)
    if offer.coup_de_main.author_id != user.pk:
        raise PermissionDenied(_("Only the author of this coup de main can do this."))
    return offer


def get_offer_for_helper(*, user: User, help_offer_id: int) -> HelpOffer:
    """As `get_offer_for_member`, and a 403 for the asker: only the helper withdraws."""
    offer = get_offer_for_member(user=user, help_offer_id=help_offer_id)
    if offer.helper_id != user.pk:
        raise PermissionDenied(_("Only the helper who offered can withdraw."))
    return offer


def may_join_thread(*, user: User, coup: CoupDeMain) -> bool:
    """The thread of a request is the asker's and the chosen helpers'."""
    return (
        coup.author_id == user.pk
        or HelpOffer.objects.filter(
            coup_de_main=coup, helper=user, status=HelpOffer.Status.CHOSEN
        ).exists()
    )


def urgency(now: datetime.datetime) -> Case:
    """1 for a request that is urgent at ``now``, else 0: `CoupDeMain.is_urgent_at` in SQL.

    A weekly one's weekdays are a JSON list of the digits 0 to 6, so its text holds a digit
    exactly when the list holds that weekday (the same test on SQLite and PostgreSQL)."""
    today = local_date(now)
    zone = timezone.get_default_timezone()

    def midnight(days: int) -> datetime.datetime:
        day = today + datetime.timedelta(days=days)
        return datetime.datetime.combine(day, datetime.time(), tzinfo=zone)

    def on(day: int) -> Q:
        weekday = (today + datetime.timedelta(days=day)).weekday()
        return Q(weekdays_text__contains=str(weekday))

    tomorrow, after = midnight(1), midnight(2)
    weekly = Q(timing=CoupDeMain.Timing.WEEKLY)
    from_today = Q(starts_at__isnull=True) | Q(starts_at__lt=tomorrow)
    from_tomorrow = Q(starts_at__gte=tomorrow, starts_at__lt=after)
    urgent = Q(kind=CoupDeMain.Kind.REQUEST) & (
        (~weekly & Q(starts_at__lt=after))
        | (weekly & from_today & (on(0) | on(1)))
        | (weekly & from_tomorrow & on(1))
    )
    return Case(When(urgent, then=Value(1)), default=Value(0), output_field=IntegerField())


def with_urgency(coups: QuerySet[CoupDeMain], now: datetime.datetime) -> QuerySet[CoupDeMain]:
    return coups.alias(weekdays_text=Cast("weekdays", TextField())).alias(urgent=urgency(now))


def open_coups(
    *,
    quartier: Quartier,
    kind: str = "",
    category: str = "",
    now: datetime.datetime | None = None,
) -> QuerySet[CoupDeMain]:
    """Open coups de main still to come: requests urgent at ``now`` (now by default) first,
    then the soonest."""
    now = now or timezone.now()
    found = (
        _coups()
        .filter(quartier=quartier, status=CoupDeMain.Status.OPEN)
        .exclude(timing=CoupDeMain.Timing.AT, starts_at__lte=now)
        .exclude(ends_at__lte=now)
    )
    if kind:
        found = found.filter(kind=kind)
    if category:
        found = found.filter(category=category)
    soon_first = Case(
        When(starts_at__isnull=True, then=Value(1)), default=Value(0), output_field=IntegerField()
    )
    return with_urgency(found, now).order_by(
        "-urgent", soon_first, "starts_at", "-created_at", "-id"
    )


def coup_list(
    *, quartier: Quartier, kind: str = "", category: str = "", limit: int = LIST_LIMIT
) -> list[CoupDeMain]:
    return list(open_coups(quartier=quartier, kind=kind, category=category)[:limit])


def my_coups(*, user: User) -> list[CoupDeMain]:
    """What I asked for or offered, in my quartiers: live ones first, newest first."""
    live_first = Case(
        When(status__in=[CoupDeMain.Status.OPEN, CoupDeMain.Status.FULL], then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return list(
        _coups()
        .filter(author=user, quartier_id__in=active_quartier_ids(user_id=user.pk))
        .order_by(live_first, "-created_at", "-id")
    )


def my_offers(*, user: User) -> list[HelpOffer]:
    """The requests I said "I can help" on, in my quartiers, newest first."""
    return list(
        HelpOffer.objects.filter(
            helper=user,
            coup_de_main__quartier_id__in=active_quartier_ids(user_id=user.pk),
        )
        .select_related("coup_de_main__author", "coup_de_main__quartier")
        .order_by("-created_at", "-id")
    )


def offers_of(*, coup: CoupDeMain, viewer: User) -> list[HelpOffer]:
    """All the offers of help for the asker; the viewer's own for anyone else."""
    offers = HelpOffer.objects.filter(coup_de_main=coup).select_related("helper")
    if coup.author_id != viewer.pk:
        offers = offers.filter(helper=viewer)
    return list(offers.order_by("created_at", "id"))


def thanks_of(*, coup: CoupDeMain) -> list[Thanks]:
    return list(Thanks.objects.filter(coup_de_main=coup).select_related("author"))
