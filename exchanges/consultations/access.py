"""The access helpers every page, endpoint and task of consultations goes through.

- An outsider (not an active member of the quartier) gets a 404 for every consultation, its
  options, documents, results and exports, whatever its state. The one exception is a public
  survey (``audience = public_link``), which anyone signed in reaches through its secret link
  (`get_consultation_by_link`), never through its id.
- A proposal waiting for a coordinator, and a withdrawn consultation, are seen only by the member
  who opened it and the quartier's coordinators (404 for other members).
- A member who may see it but not do this gets a 403 (`get_consultation_for_coordinator`).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from exchanges.consultations.models import Consultation
from neighbourhood.accounts.models import User
from neighbourhood.quartiers.models import Membership, Quartier
from neighbourhood.quartiers.selectors import (
    is_coordinator,
    is_member,
    member_of_quartier,
    require_coordinator,
)

APPROVED = Consultation.Status.APPROVED


def _coordinates_quartier(user: User) -> Exists:
    return Exists(
        Membership.objects.filter(
            quartier_id=OuterRef("quartier_id"),
            user_id=user.pk,
            role=Membership.Role.COORDINATOR,
            status=Membership.Status.ACTIVE,
        )
    )


def visible_consultations(*, user: User) -> QuerySet[Consultation]:
    """What ``user`` may see in their quartiers: the approved consultations, and the proposals
    and withdrawn ones they opened or coordinate."""
    if not user.is_authenticated:
        return Consultation.objects.none()
    return (
        Consultation.objects.filter(member_of_quartier(user, "quartier_id"))
        .filter(Q(status=APPROVED) | Q(opened_by=user) | _coordinates_quartier(user))
        .select_related("quartier", "opened_by", "conversation")
    )


def get_consultation_for_member(*, user: User, consultation_id: int) -> Consultation:
    try:
        return visible_consultations(user=user).get(pk=consultation_id)
    except Consultation.DoesNotExist:
        raise Http404 from None


def get_consultation_for_coordinator(*, user: User, consultation_id: int) -> Consultation:
    """As `get_consultation_for_member`, and a 403 for a member who does not coordinate its
    quartier."""
    consultation = get_consultation_for_member(user=user, consultation_id=consultation_id)
    require_coordinator(user=user, quartier=consultation.quartier)
    return consultation


def require_may_propose(*, user: User, quartier: Quartier) -> None:
    """403 unless a member who does not coordinate may open a consultation here: a proposal,
    where the quartier lets members propose (a coordinator may always open one)."""
    if not (quartier.members_open_consultations and is_member(user=user, quartier=quartier)):
        raise PermissionDenied(_("Only a coordinator of this quartier can open a consultation."))


def is_own_proposal(*, consultation: Consultation, user: User) -> bool:
    return (
        consultation.status == Consultation.Status.PROPOSED and consultation.opened_by_id == user.pk
    )


def get_consultation_for_editor(*, user: User, consultation_id: int) -> Consultation:
    """As `get_consultation_for_member`, and a 403 unless ``user`` coordinates its quartier or
    opened it and it is still a proposal: who changes a consultation, or declines (takes back)
    a proposal."""
    consultation = get_consultation_for_member(user=user, consultation_id=consultation_id)
    if not is_own_proposal(consultation=consultation, user=user):
        require_coordinator(user=user, quartier=consultation.quartier)
    return consultation


def may_manage_documents(*, consultation: Consultation, user: User) -> bool:
    """Who adds and removes documents and photos: the quartier's coordinators, and the opener
    of a proposal; no one once it is withdrawn."""
    if consultation.status == Consultation.Status.WITHDRAWN:
        return False
    if is_own_proposal(consultation=consultation, user=user):
        return True
    return is_coordinator(user=user, quartier=consultation.quartier)


def require_document_manager(*, consultation: Consultation, user: User) -> None:
    """403 unless ``user`` may manage the consultation's documents and photos."""
    if not may_manage_documents(consultation=consultation, user=user):
        raise PermissionDenied(_("Only a coordinator of this quartier can do this."))


def get_consultation_by_link(*, user: User, token: str) -> Consultation:
    """A public survey, for anyone signed in who has its link; 404 for any other token, for a
    consultation that is not a public survey, and for one not approved."""
    if not user.is_authenticated:
        raise Http404
    try:
        return Consultation.objects.select_related("quartier", "opened_by", "conversation").get(
            public_token=token,
            audience=Consultation.Audience.PUBLIC_LINK,
            status=APPROVED,
        )
    except Consultation.DoesNotExist:
        raise Http404 from None


def may_take_part(*, user: User, consultation: Consultation) -> bool:
    """Who may vote: the quartier's members; for a public survey, anyone signed in."""
    if not user.is_authenticated or consultation.status != APPROVED:
        return False
    if consultation.audience == Consultation.Audience.PUBLIC_LINK:
        return True
    return Membership.objects.filter(
        quartier_id=consultation.quartier_id, user=user, status=Membership.Status.ACTIVE
    ).exists()
