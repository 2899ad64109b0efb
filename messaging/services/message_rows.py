"""The two rows every message sent writes, in SQL written once here: the message, and its
author's read marker moved to it. They run for every message of every chat, and Django spent
more CPU building these two statements than the rest of a send together (0.6 of 1.3 ms, with
cProfile and `time.process_time`); the statements are the ones Django made, each field's value
still prepared by its field, as ``save()`` does."""

from __future__ import annotations

from django.db import connection

from messaging.models import Message, Participant

# Every column of a message but its id, in the model's order: a field added to the model is
# written here too, with the value its field prepares.
_FIELDS = [field for field in Message._meta.concrete_fields if not field.primary_key]
_COLUMNS = ", ".join(field.column for field in _FIELDS)
_PLACES = ", ".join(["%s"] * len(_FIELDS))
# Names from the model, values as parameters.
_MESSAGES, _PARTICIPANTS = Message._meta.db_table, Participant._meta.db_table
_INSERT = f"INSERT INTO {_MESSAGES} ({_COLUMNS}) VALUES ({_PLACES}) RETURNING id"  # noqa: S608
_MARKER_TO_NEW = (
    f"UPDATE {_PARTICIPANTS} SET last_read_id = %s"  # noqa: S608
    " WHERE conversation_id = %s AND user_id = %s AND last_read_id < %s"
)


def message_insert(message: Message) -> None:
    """Stores ``message``, a new one, and gives it its id: what ``save()`` does for it (no
    signal listens to messages)."""
    values = [
        field.get_db_prep_save(field.pre_save(message, True), connection) for field in _FIELDS
    ]
    with connection.cursor() as cursor:
        cursor.execute(_INSERT, values)
        (message.pk,) = cursor.fetchone()
    message._state.adding = False
    message._state.db = connection.alias


def marker_advance_to_new(*, conversation_id: int, user_id: int, message_id: int) -> bool:
    """Moves a participant's read marker to ``message_id`` (never back); False when the user
    does not take part yet."""
    with connection.cursor() as cursor:
        cursor.execute(_MARKER_TO_NEW, [message_id, conversation_id, user_id, message_id])
        return cursor.rowcount > 0
