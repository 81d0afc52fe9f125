"""Input and output shapes of the journal, period and chart endpoints."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rest_framework import serializers

from .models import Chart, FiscalYear, JournalEntry, JournalLine, LedgerSettings, Period, TaxSide
from .services import LineSpec

AMOUNT = {"max_digits": 18, "decimal_places": 2, "min_value": Decimal("0"), "default": Decimal("0")}


class JournalLineSerializer(serializers.ModelSerializer):
    account = serializers.CharField(source="account.code")
    account_name = serializers.CharField(source="account.name")
    tax_code = serializers.CharField(source="tax_code.code", allow_null=True, default=None)

    class Meta:
        model = JournalLine
        fields = [
            "id", "account", "account_name", "debit", "credit", "description", "tax_code", "tax_side", "is_tax",
            "party_ref", "currency", "amount_currency", "exchange_rate",
        ]  # fmt: skip


class JournalEntrySerializer(serializers.ModelSerializer):
    journal = serializers.CharField(source="journal.code")
    reference = serializers.CharField()
    lines = JournalLineSerializer(many=True)

    class Meta:
        model = JournalEntry
        fields = [
            "id", "reference", "journal", "number", "date", "description", "document_number", "party_name",
            "party_tax_id", "state", "source_type", "source_id", "reversal_of", "posted_at", "lines",
        ]  # fmt: skip


class LineInputSerializer(serializers.Serializer):
    account = serializers.CharField(max_length=20)
    debit = serializers.DecimalField(**AMOUNT)  # type: ignore[arg-type]
    credit = serializers.DecimalField(**AMOUNT)  # type: ignore[arg-type]
    description = serializers.CharField(max_length=255, required=False, default="", allow_blank=True)
    tax_code = serializers.CharField(max_length=30, required=False, default="", allow_blank=True)
    tax_side = serializers.ChoiceField(choices=TaxSide.choices, required=False, default="", allow_blank=True)
    is_tax = serializers.BooleanField(required=False, default=False)


class EntryInputSerializer(serializers.Serializer):
    """A manual entry, posted at once (the books hold no unposted drafts from the API)."""

    date = serializers.DateField()
    journal = serializers.CharField(max_length=10, required=False, default="GJ")
    description = serializers.CharField(max_length=255, required=False, default="", allow_blank=True)
    document_number = serializers.CharField(max_length=36, required=False, default="", allow_blank=True)
    lines = LineInputSerializer(many=True, allow_empty=False)

    def line_specs(self) -> list[LineSpec]:
        return [LineSpec(**line) for line in self.validated_data["lines"]]

    def entry_fields(self) -> dict[str, Any]:
        return {key: value for key, value in self.validated_data.items() if key != "lines"}


class ReverseInputSerializer(serializers.Serializer):
    date = serializers.DateField(required=False, allow_null=True, default=None)
    reason = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)


class PeriodSerializer(serializers.ModelSerializer):
    fiscal_year: serializers.Field = serializers.StringRelatedField()

    class Meta:
        model = Period
        fields = ["id", "fiscal_year", "number", "kind", "start_date", "end_date", "status"]


class FiscalYearSerializer(serializers.ModelSerializer):
    class Meta:
        model = FiscalYear
        fields = ["id", "start_date", "end_date", "status"]


class LedgerSettingsSerializer(serializers.ModelSerializer):
    chart = serializers.ChoiceField(choices=Chart.choices)

    class Meta:
        model = LedgerSettings
        fields = ["chart"]
