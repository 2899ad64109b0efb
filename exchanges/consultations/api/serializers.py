"""Serializers of consultations in the API: what is answered, and the inputs, checked for types
on the way in (the rules themselves are the services')."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from exchanges.consultations.models import (
    MAX_OPTIONS,
    SUMMARY_MAX_LENGTH,
    Consultation,
    Option,
)
from neighbourhood.accounts.api.serializers import PersonSerializer
from neighbourhood.api import refuse_unknown

CHOICE_WORDS = _("Choose one of the choices given.")


def _choice(choices: Any, help_text: str, **kwargs: Any) -> serializers.ChoiceField:
    return serializers.ChoiceField(
        choices=choices,
        help_text=help_text,
        error_messages={"invalid_choice": CHOICE_WORDS},
        **kwargs,
    )


METHOD_WORDS = (
    "`single` (one choice), `approval` (several choices), `majority_judgment` (each option "
    "graded), `date_poll` (yes, if needed, no for each date) or `open` (a written answer)."
)
AUDIENCE_WORDS = "`members` (the quartier's) or `public_link` (anyone with the link)."
SECRECY_WORDS = "`secret` (no one sees who chose what) or `open` (names shown)."


class OptionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Option
        fields = ["id", "label", "date", "time", "position"]
        read_only_fields = fields


class ConsultationSerializer(serializers.ModelSerializer):
    quartier = serializers.CharField(source="quartier.slug", read_only=True)
    opened_by = PersonSerializer(read_only=True)
    method = _choice(Consultation.Method.choices, METHOD_WORDS, read_only=True)
    audience = _choice(Consultation.Audience.choices, AUDIENCE_WORDS, read_only=True)
    secrecy = _choice(Consultation.Secrecy.choices, SECRECY_WORDS, read_only=True)
    status = _choice(
        Consultation.Status.choices,
        "`proposed` (waiting for a coordinator), `approved` or `withdrawn`.",
        read_only=True,
    )
    phase = _choice(
        Consultation.Phase.choices,
        "`scheduled`, `information`, `debate`, `vote` or `results` (the vote closed).",
        read_only=True,
    )
    links = serializers.SerializerMethodField(help_text="Addresses to read more.")
    options = OptionSerializer(many=True, read_only=True)
    participation_count = serializers.IntegerField(
        read_only=True, help_text="How many have taken part (never who chose what)."
    )

    class Meta:
        model = Consultation
        fields = [
            "id",
            "quartier",
            "question",
            "background",
            "links",
            "method",
            "audience",
            "secrecy",
            "results_live",
            "status",
            "phase",
            "information_at",
            "debate_at",
            "vote_at",
            "results_at",
            "opened_by",
            "summary",
            "options",
            "participation_count",
            "created_at",
        ]
        read_only_fields = fields

    def get_links(self, consultation: Consultation) -> list[str]:
        return consultation.links.splitlines()


class ConsultationInputSerializer(serializers.Serializer):
    question = serializers.CharField(max_length=200)
    background = serializers.CharField(required=False, allow_blank=True, max_length=8000)
    links = serializers.CharField(
        required=False, allow_blank=True, max_length=2000, help_text="One address a line."
    )
    method = _choice(Consultation.Method.choices, METHOD_WORDS)
    audience = _choice(Consultation.Audience.choices, AUDIENCE_WORDS, required=False)
    secrecy = _choice(Consultation.Secrecy.choices, SECRECY_WORDS, required=False)
    results_live = serializers.BooleanField(required=False)
    information_at = serializers.DateTimeField()
    debate_at = serializers.DateTimeField()
    vote_at = serializers.DateTimeField()
    results_at = serializers.DateTimeField()
    options = serializers.ListField(
        child=serializers.CharField(max_length=200),
        max_length=MAX_OPTIONS * 2,
        required=False,
        help_text=(
            "The options' labels (2 to 20); for a date poll, dates as `2027-06-14` or "
            "`2027-06-14 18:00`, a label after them if wanted; none for an open question. "
            "They no longer change once the vote is open or a ballot is in."
        ),
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        return refuse_unknown(self, attrs)


class SummaryInputSerializer(serializers.Serializer):
    summary = serializers.CharField(allow_blank=True, max_length=SUMMARY_MAX_LENGTH)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        return refuse_unknown(self, attrs)
