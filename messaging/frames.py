"""What a client may send on the socket, read in one place (the contract is docs/realtime.md).

A frame is read in steps, each refusing with its own error code: its size, its depth (counted
on the text, before the JSON decoder, which would recurse and could exhaust the stack), JSON,
an object, a known ``type``, then the fields of that type, checked by one small serializer per
action. Field types are strict: ``"conversation": "12"`` or ``"body": ["x"]`` are refused, not
coerced. The consumer only sends what `read_frame` returns, or the `FrameError` it raises.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from rest_framework import serializers

from neighbourhood.api import MAX_ID, flat_messages
from neighbourhood.json_body import too_deep

# The largest action is a message: 4,000 characters, each at most 12 characters once escaped as
# a surrogate pair (\ud83d\ude00), with room for the other fields.
MAX_FRAME_CHARACTERS = 64 * 1024
# The deepest action ("notifications.read") is two levels deep; a little room for extra fields
# a client adds, which are ignored.
MAX_FRAME_DEPTH = 8
# As many ids as the API takes in one "mark read" (its NotificationsReadSerializer).
MAX_READ_IDS = 500
# A `ref` is echoed only when it is short text: nothing a client sends is echoed at length.
MAX_REF_LENGTH = 64


class Code:
    """The ``code`` of an ``error`` event (docs/realtime.md lists them)."""

    NOT_JSON = "not_json"
    TOO_LARGE = "too_large"
    TOO_DEEP = "too_deep"
    NOT_AN_OBJECT = "not_an_object"
    UNKNOWN_TYPE = "unknown_type"
    INVALID = "invalid"
    NOT_FOUND = "not_found"
    REFUSED = "refused"
    UNAVAILABLE = "unavailable"


@dataclass
class FrameError(Exception):
    """A frame refused: the consumer answers with an ``error`` event and stays open."""

    code: str
    detail: str
    ref: str | None = None
    fields: dict[str, list[str]] = field(default_factory=dict)

    def event(self) -> dict[str, Any]:
        event: dict[str, Any] = {
            "type": "error",
            "code": self.code,
            "detail": self.detail,
            "ref": self.ref,
        }
        if self.fields:
            event["fields"] = self.fields
        return event


# --- strict fields ------------------------------------------------------------------------------


class WholeNumberField(serializers.IntegerField):
    """A JSON integer, nothing else: not "12", not 12.0, not true; and one the database can
    hold (a larger one would fail in PostgreSQL, not here)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> int:
        if type(data) is not int:
            self.fail("invalid")
        return int(super().to_internal_value(data))


class TextField(serializers.CharField):
    """A JSON string, nothing else: not a number, a list or an object."""

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return str(super().to_internal_value(data))


class ClientIdField(serializers.UUIDField):
    """A UUID written as JSON text (a UUIDField alone takes a number too)."""

    def to_internal_value(self, data: Any) -> uuid.UUID:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


# --- one schema per action ----------------------------------------------------------------------


class PingFrame(serializers.Serializer):
    pass


class MessageSendFrame(serializers.Serializer):
    conversation = WholeNumberField(min_value=1)
    # Empty and too long bodies are refused by the service, in the words of the pages.
    body = TextField(allow_blank=True, trim_whitespace=False)
    client_id = ClientIdField(required=False, allow_null=True, default=None)


class ReadFrame(serializers.Serializer):
    conversation = WholeNumberField(min_value=1)
    last_read_id = WholeNumberField(min_value=0)


class TypingFrame(serializers.Serializer):
    conversation = WholeNumberField(min_value=1)


class NotificationsReadFrame(serializers.Serializer):
    # Left out (or null): all of them.
    ids = serializers.ListField(
        child=WholeNumberField(min_value=1),
        max_length=MAX_READ_IDS,
        required=False,
        allow_null=True,
        default=None,
    )


SCHEMAS: dict[str, type[serializers.Serializer]] = {
    "ping": PingFrame,
    "message.send": MessageSendFrame,
    "read": ReadFrame,
    "typing": TypingFrame,
    "notifications.read": NotificationsReadFrame,
}


@dataclass(frozen=True)
class Frame:
    type: str
    data: dict[str, Any]
    ref: str | None


# --- reading ------------------------------------------------------------------------------------


def ref_of(content: Any) -> str | None:
    """The client's own id of a frame, echoed in the answer so that it knows which one failed."""
    if not isinstance(content, dict):
        return None
    ref = content.get("client_id")
    return ref if isinstance(ref, str) and len(ref) <= MAX_REF_LENGTH else None


def read_frame(text: str | None) -> Frame:
    """The frame a client sent, checked; FrameError (with a detail in the active language) for
    anything else."""
    if text is None:  # a binary frame
        raise FrameError(Code.NOT_JSON, _("The socket reads JSON text only."))
    if len(text) > MAX_FRAME_CHARACTERS:
        raise FrameError(Code.TOO_LARGE, _("This message is too large for the socket."))
    # Counted on the text, before the decoder, as the API counts a body (neighbourhood.json_body).
    if too_deep(text.encode(), limit=MAX_FRAME_DEPTH):
        raise FrameError(Code.TOO_DEEP, _("This message is nested too deeply."))
    try:
        content = json.loads(text)
    except (ValueError, RecursionError):
        raise FrameError(Code.NOT_JSON, _("The socket reads JSON text only.")) from None
    ref = ref_of(content)
    if not isinstance(content, dict):
        raise FrameError(Code.NOT_AN_OBJECT, _("Send a JSON object with a “type”."))
    kind = content.get("type")
    if not isinstance(kind, str) or kind not in SCHEMAS:
        raise FrameError(Code.UNKNOWN_TYPE, _("Unknown message type."), ref)
    serializer = SCHEMAS[kind](data=content)
    if not serializer.is_valid():
        fields = {
            name: list(dict.fromkeys(str(message) for message in flat_messages(errors)))
            for name, errors in serializer.errors.items()
        }
        detail = " ".join(f"{name}: {' '.join(messages)}" for name, messages in fields.items())
        raise FrameError(Code.INVALID, _("Malformed message.") + " " + detail, ref, fields)
    return Frame(type=kind, data=dict(serializer.validated_data), ref=ref)
