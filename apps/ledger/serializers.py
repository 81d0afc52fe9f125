"""Query parameters and answers of the ledger's report endpoints; amounts travel as strings.

The query serializers serve the web pages too, so a range is checked in one place.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from .exports import FORMATS
from .models import Account


def _amount(**kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=settings.KONTOR_AMOUNT_DIGITS, decimal_places=2, read_only=True, **kwargs
    )


class DateRangeMixin:
    """Adds `from` (a Python keyword, hence not a class attribute) and checks it is not after the end."""

    end_field = "to"
    from_required = True

    def get_fields(self) -> dict[str, serializers.Field]:
        fields: dict[str, serializers.Field] = super().get_fields()  # type: ignore[misc]
        fields["from"] = serializers.DateField(
            required=self.from_required, help_text=_("First day of the range (YYYY-MM-DD).")
        )
        return fields

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        start, end = attrs.get("from"), attrs[self.end_field]
        if start and start > end:
            raise serializers.ValidationError({"from": _("The range starts after it ends.")}, code="invalid_range")
        return attrs


class DateRangeQuerySerializer(DateRangeMixin, serializers.Serializer):
    to = serializers.DateField(help_text=_("Last day of the range (YYYY-MM-DD)."))


class TrialBalanceQuerySerializer(DateRangeMixin, serializers.Serializer):
    end_field = "date"
    from_required = False

    date = serializers.DateField(help_text=_("Last day included (YYYY-MM-DD)."))


class BalanceSheetQuerySerializer(serializers.Serializer):
    date = serializers.DateField(help_text=_("The balance sheet date (YYYY-MM-DD)."))


class ProfitAndLossQuerySerializer(DateRangeMixin, serializers.Serializer):
    to = serializers.DateField(help_text=_("Last day of the range (YYYY-MM-DD)."))
    compare = serializers.BooleanField(
        default=False, help_text=_("Add the range of the same length just before (previous month, year...).")
    )


class GeneralLedgerQuerySerializer(DateRangeMixin, serializers.Serializer):
    to = serializers.DateField(help_text=_("Last day of the range (YYYY-MM-DD)."))
    page = serializers.IntegerField(min_value=1, default=1)
    page_size = serializers.IntegerField(min_value=1, max_value=500, default=50)


class ExportQuerySerializer(serializers.Serializer):
    """The web pages' `?export=` download switch."""

    export = serializers.ChoiceField(choices=FORMATS, required=False)


class AccountSerializer(serializers.ModelSerializer):
    default_tax_code: serializers.SlugRelatedField = serializers.SlugRelatedField(slug_field="code", read_only=True)
    # A plain string in the schema: an enum would collide with the member's `role` (drf-spectacular warns).
    role = serializers.CharField(
        read_only=True, help_text=_("What other apps post here: receivable, payable, bank, revenue... or empty.")
    )

    class Meta:
        model = Account
        fields = [
            "id",
            "code",
            "name",
            "parent",
            "type",
            "normal_side",
            "is_postable",
            "role",
            "default_tax_code",
            "currency",
            "is_active",
        ]
        read_only_fields = fields


class AccountRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Account
        fields = ["id", "code", "name", "type"]
        read_only_fields = fields


class TrialBalanceRowSerializer(serializers.Serializer):
    account = AccountRefSerializer(read_only=True)
    debit = _amount()
    credit = _amount()
    balance = _amount(help_text=_("Debit minus credit."))


class TrialBalanceSerializer(serializers.Serializer):
    from_date = serializers.DateField(read_only=True, allow_null=True)
    to_date = serializers.DateField(read_only=True)
    rows = TrialBalanceRowSerializer(many=True, read_only=True)
    total_debit = _amount()
    total_credit = _amount()


class AccountAmountSerializer(serializers.Serializer):
    account = AccountRefSerializer(read_only=True)
    amount = _amount()


class BalanceSheetSerializer(serializers.Serializer):
    at = serializers.DateField(read_only=True)
    assets = AccountAmountSerializer(many=True, read_only=True)
    liabilities = AccountAmountSerializer(many=True, read_only=True)
    equity = AccountAmountSerializer(many=True, read_only=True)
    unclosed_result = _amount(help_text=_("Income minus expenses not yet closed into retained earnings (in equity)."))
    total_assets = _amount()
    total_liabilities = _amount()
    total_equity = _amount()
    total_liabilities_and_equity = _amount()


class ComparedAmountSerializer(serializers.Serializer):
    account = AccountRefSerializer(read_only=True)
    amount = _amount()
    previous = _amount(allow_null=True)


class ResultColumnSerializer(serializers.Serializer):
    from_date = serializers.DateField(read_only=True)
    to_date = serializers.DateField(read_only=True)
    total_income = _amount()
    total_expenses = _amount()
    net_result = _amount()


class ProfitAndLossSerializer(serializers.Serializer):
    current = ResultColumnSerializer(read_only=True)
    previous = ResultColumnSerializer(read_only=True, allow_null=True)
    income = ComparedAmountSerializer(many=True, read_only=True)
    expenses = ComparedAmountSerializer(many=True, read_only=True)


class GeneralLedgerLineSerializer(serializers.Serializer):
    entry = serializers.IntegerField(source="entry_id", read_only=True)
    reference = serializers.CharField(read_only=True)
    journal = serializers.CharField(read_only=True)
    date = serializers.DateField(read_only=True)
    description = serializers.CharField(read_only=True)
    document_number = serializers.CharField(read_only=True)
    debit = _amount()
    credit = _amount()
    balance = _amount(help_text=_("Running balance, debit minus credit."))


class GeneralLedgerPageSerializer(serializers.Serializer):
    """A page of lines without a total count: counting would read every line of the range."""

    account = AccountRefSerializer(read_only=True)
    from_date = serializers.DateField(read_only=True)
    to_date = serializers.DateField(read_only=True)
    opening_balance = _amount()
    closing_balance = _amount()
    next = serializers.URLField(read_only=True, allow_null=True)
    previous = serializers.URLField(read_only=True, allow_null=True)
    results = GeneralLedgerLineSerializer(many=True, read_only=True)
