"""Reads, and the access rules of the relais: who may act for whom, who may read which log.

Everything here answers 404 (or None) for anyone the rule does not name: an outsider cannot
tell a neighbour's card, consent or log from one that does not exist.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, Model, OuterRef, Q, QuerySet
from django.http import Http404

from neighbourhood.accounts.models import User
from neighbourhood.quartiers.models import Membership, Quartier
from neighbourhood.relais.models import Consent, Neighbour, ProxyAction

ACTIVE = Membership.Status.ACTIVE


def relais_quartiers(*, user: User | AnonymousUser) -> QuerySet[Quartier]:
    """The quartiers where ``user`` is an active relais."""
    if not user.is_authenticated:
        return Quartier.objects.none()
    return Quartier.objects.filter(
        memberships__user=user, memberships__status=ACTIVE, memberships__is_relais=True
    ).order_by("name", "id")


def get_relais_quartier(*, user: User, slug: str) -> Quartier:
    try:
        return relais_quartiers(user=user).get(slug=slug)
    except Quartier.DoesNotExist:
        raise Http404 from None


def running_consents() -> QuerySet[Consent]:
    """Consents that let their relais act now: not ended, the relais still a relais there since
    before the consent, the neighbour still a member there."""
    relais_role = Membership.objects.filter(
        quartier=OuterRef("quartier"),
        user=OuterRef("relais"),
        status=ACTIVE,
        is_relais=True,
        relais_since__lte=OuterRef("given_at"),
    )
    neighbour_member = Membership.objects.filter(
        quartier=OuterRef("quartier"), user=OuterRef("neighbour"), status=ACTIVE
    )
    return Consent.objects.filter(
        Exists(relais_role), Exists(neighbour_member), ended_at__isnull=True
    ).select_related("neighbour", "relais", "quartier")


def running_consent(*, relais: User, consent_id: object) -> Consent | None:
    """The consent ``relais`` may act under, or None (a stale or forged session value)."""
    if not isinstance(consent_id, int) or isinstance(consent_id, bool):
        return None
    return running_consents().filter(pk=consent_id, relais=relais).first()


def consents_held(*, relais: User) -> QuerySet[Consent]:
    return running_consents().filter(relais=relais).order_by("neighbour__display_name", "id")


def consent_between(*, relais: User, neighbour: User, quartier: Quartier) -> Consent | None:
    return running_consents().filter(relais=relais, neighbour=neighbour, quartier=quartier).first()


def has_own_login(user: User) -> bool:
    """Whether the account has an e-mail address its owner confirmed: from then on it is theirs,
    and no relais records a consent or a take-over for it. An address typed at a take-over but
    never confirmed (mistyped, perhaps) does not count: a relais can make a new code."""
    from allauth.account.models import EmailAddress

    return EmailAddress.objects.filter(user=user, verified=True).exists()


def get_neighbour_for_helper(*, user: User, neighbour_id: int) -> tuple[User, Quartier]:
    """A neighbour ``user`` may look after (take-over code, consent, log): one they hold a
    running consent of, or one of a quartier they relay or coordinate. 404 for anyone else."""
    helped_in = Quartier.objects.filter(
        Q(memberships__is_relais=True) | Q(memberships__role=Membership.Role.COORDINATOR),
        memberships__user=user,
        memberships__status=ACTIVE,
    )
    # Only while the neighbour is still a member there: someone who left keeps their phone
    # number and their log to themselves.
    still_member = Membership.objects.filter(
        quartier=OuterRef("quartier"), user=OuterRef("user"), status=ACTIVE
    )
    card = (
        Neighbour.objects.select_related("user", "quartier")
        .filter(Exists(still_member), user_id=neighbour_id, quartier__in=helped_in)
        .first()
    )
    if card is None:
        raise Http404
    return card.user, card.quartier


def neighbour_cards(*, quartier: Quartier) -> QuerySet[Neighbour]:
    return Neighbour.objects.filter(quartier=quartier).select_related("user", "opened_by")


def consents_of(*, neighbour: User) -> QuerySet[Consent]:
    return Consent.objects.filter(neighbour=neighbour).select_related("relais", "quartier")


def log_of_neighbour(*, neighbour: User, limit: int = 200) -> list[ProxyAction]:
    return list(
        ProxyAction.objects.filter(neighbour=neighbour).select_related("quartier", "neighbour")[
            :limit
        ]
    )


def log_of_quartier(*, quartier: Quartier, limit: int = 200) -> list[ProxyAction]:
    return list(ProxyAction.objects.filter(quartier=quartier).select_related("neighbour")[:limit])


# The verbs that write the object itself, which its page attributes ("posted by Marc for Mme
# Petit"). What a relais does to it later (a change, a cancellation, a photo) is in the log only.
AUTHORING_VERBS = frozenset(
    {
        ProxyAction.Verb.ACCOUNT_OPENED,
        ProxyAction.Verb.CONSENT_RECORDED,
        ProxyAction.Verb.TAKEOVER_CODE,
        ProxyAction.Verb.SWAP_POSTED,
        ProxyAction.Verb.RIDE_OFFERED,
        ProxyAction.Verb.RIDE_ASKED,
        ProxyAction.Verb.SEAT_REQUESTED,
        ProxyAction.Verb.ORDER_PLACED,
        ProxyAction.Verb.HELP_ASKED,
        ProxyAction.Verb.HELP_OFFERED,
        ProxyAction.Verb.MESSAGE_SENT,
        ProxyAction.Verb.ITEM_PUBLISHED,
        ProxyAction.Verb.LOAN_ASKED,
        ProxyAction.Verb.GIFT_ASKED,
        ProxyAction.Verb.EVENT_PUBLISHED,
        ProxyAction.Verb.EVENT_REGISTERED,
    }
)


def attributions(objects: Iterable[Model]) -> dict[tuple[int, int], ProxyAction]:
    """The proxy action behind each object that a relais wrote for someone, in one query,
    keyed by (content type id, object id)."""
    objects = [obj for obj in objects if obj is not None]
    if not objects:
        return {}
    wanted = Q()
    for model, ids in _ids_by_model(objects).items():
        content_type = ContentType.objects.get_for_model(model)
        wanted |= Q(target_type=content_type, target_id__in=ids)
    rows = (
        ProxyAction.objects.filter(wanted, verb__in=AUTHORING_VERBS)
        .select_related("neighbour")
        .order_by("created_at", "id")
    )
    return {
        (row.target_type_id, row.target_id): row
        for row in rows
        if row.target_type_id is not None and row.target_id is not None
    }


def attribution(obj: Model) -> ProxyAction | None:
    content_type = ContentType.objects.get_for_model(obj)
    return attributions([obj]).get((content_type.pk, obj.pk))


def _ids_by_model(objects: list[Model]) -> dict[type[Model], list[int]]:
    grouped: dict[type[Model], list[int]] = {}
    for obj in objects:
        grouped.setdefault(type(obj), []).append(obj.pk)
    return grouped
