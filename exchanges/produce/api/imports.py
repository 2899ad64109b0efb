"""Serializers of a contract's import: the file sent, and the report returned (the lines to
create or created, every line refused with its reasons)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers


class ImportUploadSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text="The CSV (at most 1 MB and 2,000 lines; ';' or ',' between columns; UTF-8, "
        "with or without BOM, or Windows-1252). Columns: docs/amap-contracts-import.md."
    )
    dry_run = serializers.BooleanField(
        default=True,
        help_text="True (the default): only the report, nothing stored. False: everything is "
        "imported in one transaction, or nothing if any line is refused.",
    )

    def to_internal_value(self, data: Any) -> Any:
        checked = super().to_internal_value(data)
        # A form (multipart) without the field reads as false to DRF: never import by omission.
        if "dry_run" not in data:
            checked["dry_run"] = True
        return checked


class PlannedSerializer(serializers.Serializer):
    amount_cents = serializers.IntegerField()
    due_month = serializers.DateField()
    method = serializers.CharField()
    cheque_number = serializers.CharField()
    bank = serializers.CharField()


class ReadySerializer(serializers.Serializer):
    line = serializers.IntegerField(help_text="The line of the file (the header is line 1).")
    name = serializers.CharField()
    email = serializers.CharField()
    new_account = serializers.BooleanField(
        help_text="An account is opened with this e-mail, and made a member of the quartier."
    )
    size = serializers.CharField(source="size_name")
    shares = serializers.IntegerField()
    starts_on = serializers.DateField()
    baskets = serializers.IntegerField()
    total_cents = serializers.IntegerField()
    plan = PlannedSerializer(many=True)
    waiting_rank = serializers.IntegerField(
        allow_null=True, help_text="Not null: the farm is full, the line goes on the waiting list."
    )
    fee_paid = serializers.BooleanField(help_text="The year's membership is recorded as paid.")


class RefusedSerializer(serializers.Serializer):
    line = serializers.IntegerField()
    who = serializers.CharField()
    reasons = serializers.ListField(child=serializers.CharField())


class ImportReportSerializer(serializers.Serializer):
    dry_run = serializers.BooleanField()
    imported = serializers.BooleanField(
        help_text="True once every line is stored; false for a dry run or when a line is refused."
    )
    ready = ReadySerializer(many=True)
    refused = RefusedSerializer(many=True)
    columns = serializers.DictField(
        child=serializers.CharField(), help_text="Each field read, from the column named so."
    )
    ignored = serializers.ListField(child=serializers.CharField())
