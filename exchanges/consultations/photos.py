"""Consultations carry photos (the place a bench would go, the bakers' stalls): seen where the
consultation is seen, added and removed by whoever may change it. Registered with
neighbourhood.photos in ConsultationsConfig.ready."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from exchanges.consultations.access import get_consultation_for_member
from exchanges.consultations.models import Consultation
from exchanges.consultations.services.documents import may_manage_documents
from neighbourhood.accounts.models import User
from neighbourhood.photos.subjects import register_photo_subject


def consultation_for_reading(*, user: User, subject_id: int) -> Consultation:
    return get_consultation_for_member(user=user, consultation_id=subject_id)


def consultation_for_editing(*, user: User, subject_id: int) -> Consultation:
    """Its coordinators (the opener of a proposal too), until it is withdrawn."""
    consultation = get_consultation_for_member(user=user, consultation_id=subject_id)
    if not may_manage_documents(consultation=consultation, user=user):
        raise PermissionDenied(_("Only a coordinator of this quartier can do this."))
    return consultation


def register_photo_subjects() -> None:
    register_photo_subject(
        "consultation",
        Consultation,
        find_for_editing=consultation_for_editing,
        find_for_reading=consultation_for_reading,
    )
