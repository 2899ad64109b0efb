"""Consultations carry photos (the place a bench would go, the bakers' stalls): seen where the
consultation is seen, added and removed by whoever may change it. Registered with
neighbourhood.photos in ConsultationsConfig.ready."""

from __future__ import annotations

from exchanges.consultations.access import get_consultation_for_member, require_document_manager
from exchanges.consultations.models import Consultation
from neighbourhood.accounts.models import User
from neighbourhood.photos.subjects import register_photo_subject


def consultation_for_reading(*, user: User, subject_id: int) -> Consultation:
    return get_consultation_for_member(user=user, consultation_id=subject_id)


def consultation_for_editing(*, user: User, subject_id: int) -> Consultation:
    """Its coordinators (the opener of a proposal too), until it is withdrawn."""
    consultation = get_consultation_for_member(user=user, consultation_id=subject_id)
    require_document_manager(consultation=consultation, user=user)
    return consultation


def register_photo_subjects() -> None:
    register_photo_subject(
        "consultation",
        Consultation,
        find_for_editing=consultation_for_editing,
        find_for_reading=consultation_for_reading,
    )
