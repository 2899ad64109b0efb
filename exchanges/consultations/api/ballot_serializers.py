"""Serializers of ballots in the API: my ballot (read and cast), and the paper ballots. Types
and ranges are checked here; the rules of each method are the service's
(`services.ballots.check_marks`)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from exchanges.consultations.models import GRADES, OPEN_ANSWER_MAX_LENGTH, Via
from neighbourhood.api import FlatListField, id_field, refuse_unknown

MARKS_WORDS = (
    "One mark per option (`option`: its id). `value`: 1 for a chosen option (single choice: "
    "exactly one; approval: one or more; options not chosen may be left out); for majority "
    "judgment, every option graded from 0 (To reject) to 6 (Excellent); for a date poll, every "
    "date answered 2 (yes), 1 (if needed) or 0 (no); for an open question, no marks."
)
ANSWER_WORDS = "An open question's answer (1 to 2000 characters); empty for every other method."


class MarkSerializer(serializers.Serializer):
    option = id_field(help_text="The option's id.")
    value = serializers.IntegerField(
        min_value=0,
        max_value=GRADES - 1,
        error_messages={
            "min_value": _("A mark goes from 0 to 6."),
            "max_value": _("A mark goes from 0 to 6."),
        },
    )


class BallotInputSerializer(serializers.Serializer):
    marks = FlatListField(
        child=MarkSerializer(), required=False, default=list, max_length=50, help_text=MARKS_WORDS
    )
    answer = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=OPEN_ANSWER_MAX_LENGTH,
        trim_whitespace=True,
        help_text=ANSWER_WORDS,
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        refuse_unknown(self, attrs)
        options = [mark["option"] for mark in attrs["marks"]]
        if len(set(options)) != len(options):
            raise serializers.ValidationError({"marks": [_("An option is marked twice.")]})
        return attrs


class BallotSerializer(serializers.Serializer):
    took_part = serializers.BooleanField(
        read_only=True, help_text="Whether I took part (my ballot is counted)."
    )
    via = serializers.ChoiceField(
        choices=Via.choices,
        read_only=True,
        allow_blank=True,
        help_text="How I took part: `self` (online) or `relais`; empty if I did not.",
    )
    marks = MarkSerializer(many=True, read_only=True, help_text=MARKS_WORDS)
    answer = serializers.CharField(read_only=True, help_text=ANSWER_WORDS)
    vote_open = serializers.BooleanField(
        read_only=True, help_text="Whether ballots can be cast or changed now."
    )
    closes_at = serializers.DateTimeField(read_only=True, help_text="When the vote closes.")


class PaperBallotSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    marks = MarkSerializer(many=True, read_only=True)
    answer = serializers.CharField(read_only=True)
