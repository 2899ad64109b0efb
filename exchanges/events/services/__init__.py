"""Every write to gatherings: the organiser's (`publishing`) and the registrations
(`registrations`); the day-before reminders (`reminders`). Callers use
``from exchanges.events import services`` and ``services.event_create(...)``."""

from exchanges.events.services.publishing import (
    EDITABLE,
    event_cancel,
    event_create,
    event_edit,
    exception_add,
    exception_remove,
)
from exchanges.events.services.registrations import (
    event_register,
    occurrence_for,
    registration_cancel,
)
from exchanges.events.services.reminders import registration_remind, reminders_due

__all__ = [
    "EDITABLE",
    "event_cancel",
    "event_create",
    "event_edit",
    "event_register",
    "exception_add",
    "exception_remove",
    "occurrence_for",
    "registration_cancel",
    "registration_remind",
    "reminders_due",
]
