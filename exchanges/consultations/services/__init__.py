"""Consultations' writes (the voting and the counting live in their own modules)."""

from exchanges.consultations.services.clock import (
    consultation_move,
    consultation_tell_last_day,
    consultations_on_last_day,
    consultations_to_move,
)
from exchanges.consultations.services.consultations import (
    consultation_approve,
    consultation_debate_join,
    consultation_decline,
    consultation_open,
    consultation_summary_update,
    consultation_update,
    consultation_withdraw,
)
from exchanges.consultations.services.documents import document_add, document_remove

__all__ = [
    "consultation_approve",
    "consultation_debate_join",
    "consultation_decline",
    "consultation_move",
    "consultation_open",
    "consultation_summary_update",
    "consultation_tell_last_day",
    "consultation_update",
    "consultation_withdraw",
    "consultations_on_last_day",
    "consultations_to_move",
    "document_add",
    "document_remove",
]
