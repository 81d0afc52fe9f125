"""Input and output shapes of the invoice API."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .models import Frequency, Invoice, InvoiceLine, RecurringAllowanceCharge, RecurringInvoice, RecurringInvoiceLine
from .selectors import invoice_totals
from .services import AllowanceChargeData, DraftData, LineData, ScheduleData
from .services.recurring import MAX_INTERVAL, SCHEDULE_FIELDS

QUANTITY = {"max_digits": 18, "decimal_places": 4}
MONEY = {"max_digits": 18, "decimal_places": 2}
PERCENT = {"max_digits": 5, "decimal_places": 2, "min_value": Decimal("0"), "max_value": Decimal("100")}
OPTIONAL = {"required": False, "allow_null": True, "default": None}


class InvoiceLineInputSerializer(serializers.Serializer):
    description = serializers.CharField(max_length=500)
    quantity = serializers.DecimalField(**QUANTITY)  # type: ignore[arg-type]
    unit_price = serializers.DecimalField(min_value=Decimal("0"), **QUANTITY)  # type: ignore[arg-type]
    unit_code = serializers.CharField(max_length=3, default="C62")
    base_quantity = serializers.DecimalField(min_value=Decimal("0.0001"), default=Decimal("1"), **QUANTITY)  # type: ignore[arg-type]
    discount = serializers.DecimalField(default=Decimal("0"), **PERCENT)  # type: ignore[arg-type]
    tax_code = serializers.CharField(max_length=30)
    product = serializers.IntegerField(required=False, allow_null=True, default=None)
    revenue_account = serializers.CharField(
        max_length=20,
        required=False,
        allow_blank=True,
        default="",
        help_text="An income account's number (e.g. 8400); leave out for the product's or the chart's account.",
    )


class AllowanceChargeInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200)
    tax_code = serializers.CharField(max_length=30)
    is_charge = serializers.BooleanField(default=False)
    amount = serializers.DecimalField(min_value=Decimal("0"), required=False, allow_null=True, default=None, **MONEY)  # type: ignore[arg-type]
    percent = serializers.DecimalField(
        max_digits=5,
        decimal_places=2,
        min_value=Decimal("0"),
        max_value=Decimal("100"),
        required=False,
        allow_null=True,
        default=None,
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if (attrs["amount"] is None) == (attrs["percent"] is None):
            raise serializers.ValidationError(
                {"amount": _("Give either an amount or a percent.")}, code="amount_or_percent"
            )
        return attrs


class PaymentTermsSerializer(serializers.Serializer):
    net_days = serializers.IntegerField(min_value=0, max_value=365, required=False)
    skonto_percent = serializers.DecimalField(
        max_digits=5, decimal_places=2, min_value=Decimal("0"), max_value=Decimal("100"), required=False
    )
    skonto_days = serializers.IntegerField(min_value=0, max_value=365, required=False)


class InvoiceInputSerializer(serializers.Serializer):
    """A draft as JSON: customer id, dates, currency, lines, document allowances/charges, terms."""

    customer = serializers.IntegerField()
    currency = serializers.CharField(max_length=3, required=False, default="")
    exchange_rate = serializers.DecimalField(
        max_digits=18, decimal_places=8, min_value=Decimal("0.00000001"), default=Decimal("1")
    )
    delivery_date = serializers.DateField(required=False, allow_null=True, default=None)
    buyer_reference = serializers.CharField(max_length=100, required=False, default="", allow_blank=True)
    prepaid_amount = serializers.DecimalField(min_value=Decimal("0"), default=Decimal("0"), **MONEY)  # type: ignore[arg-type]
    rounding_increment = serializers.DecimalField(
        max_digits=6, decimal_places=2, min_value=Decimal("0.01"), required=False, allow_null=True, default=None
    )
    notes = serializers.CharField(required=False, default="", allow_blank=True)
    lines = InvoiceLineInputSerializer(many=True, allow_empty=False)
    allowances_charges = AllowanceChargeInputSerializer(many=True, required=False, default=list)
    payment_terms = PaymentTermsSerializer(required=False, default=dict)

    not_draft: frozenset[str] = frozenset()
    """Fields of a subclass that are not the draft's (a recurring invoice's schedule)."""

    def draft_data(self) -> DraftData:
        data = {name: value for name, value in self.validated_data.items() if name not in self.not_draft}
        terms = data.pop("payment_terms")
        lines = [LineData(discount_percent=line.pop("discount"), **line) for line in data.pop("lines")]
        items = [AllowanceChargeData(**item) for item in data.pop("allowances_charges")]
        return DraftData(
            lines=lines,
            allowances_charges=items,
            payment_days=terms.get("net_days"),
            skonto_percent=terms.get("skonto_percent"),
            skonto_days=terms.get("skonto_days"),
            **data,
        )


class IssueInputSerializer(serializers.Serializer):
    issue_date = serializers.DateField(required=False, allow_null=True, default=None)


class InvoiceLineSerializer(serializers.ModelSerializer):
    tax_code = serializers.CharField(source="tax_code.code")
    revenue_account = serializers.CharField(source="revenue_account.code", read_only=True, allow_null=True)

    class Meta:
        model = InvoiceLine
        fields = [
            "position",
            "description",
            "quantity",
            "unit_code",
            "unit_price",
            "base_quantity",
            "discount_percent",
            "tax_code",
            "product",
            "revenue_account",
        ]


class TaxBreakdownSerializer(serializers.Serializer):
    tax_category = serializers.CharField()
    tax_rate = serializers.DecimalField(max_digits=5, decimal_places=2)
    taxable_amount = serializers.DecimalField(**MONEY)  # type: ignore[arg-type]
    tax_amount = serializers.DecimalField(**MONEY)  # type: ignore[arg-type]
    exemption_reason = serializers.CharField()


class TotalsSerializer(serializers.Serializer):
    """EN 16931 document totals (BT-106 to BT-115) and the VAT breakdown per category."""

    line_total = serializers.DecimalField(**MONEY)  # type: ignore[arg-type]
    allowance_total = serializers.DecimalField(**MONEY)  # type: ignore[arg-type]
    charge_total = serializers.DecimalField(**MONEY)  # type: ignore[arg-type]
    net = serializers.DecimalField(source="total_without_tax", **MONEY)  # type: ignore[arg-type]
    tax = serializers.DecimalField(source="tax_total", **MONEY)  # type: ignore[arg-type]
    gross = serializers.DecimalField(source="total_with_tax", **MONEY)  # type: ignore[arg-type]
    prepaid = serializers.DecimalField(source="prepaid_amount", **MONEY)  # type: ignore[arg-type]
    rounding = serializers.DecimalField(source="rounding_amount", **MONEY)  # type: ignore[arg-type]
    payable = serializers.DecimalField(source="amount_due", **MONEY)  # type: ignore[arg-type]
    tax_breakdown = TaxBreakdownSerializer(source="breakdown", many=True)


class InvoiceSerializer(serializers.ModelSerializer):
    lines = InvoiceLineSerializer(many=True)
    totals = serializers.SerializerMethodField()
    open_amount = serializers.DecimalField(
        read_only=True,
        help_text="Still owed: amount due less payments and issued credit notes.",
        **MONEY,  # type: ignore[arg-type]
    )

    class Meta:
        model = Invoice
        fields = [
            "id", "kind", "status", "number", "customer", "customer_name", "corrects", "issue_date", "delivery_date",
            "due_date", "currency", "exchange_rate", "language", "buyer_reference", "payment_days", "skonto_percent",
            "skonto_days", "prepaid_amount", "rounding_increment", "notes", "lines", "totals", "open_amount",
            "ledger_entry_id", "recurring", "recurring_period",
        ]  # fmt: skip

    @extend_schema_field(TotalsSerializer)
    def get_totals(self, invoice: Invoice) -> dict[str, Any]:
        return TotalsSerializer(invoice_totals(invoice)).data  # type: ignore[return-value]


class RecurringInvoiceInputSerializer(InvoiceInputSerializer):
    """A recurring invoice as JSON: its schedule beside the fields of an invoice draft."""

    not_draft = frozenset(SCHEDULE_FIELDS)
    delivery_date = None  # type: ignore[assignment]  # each invoice is delivered in its period
    prepaid_amount = None  # type: ignore[assignment]
    name = serializers.CharField(max_length=200)
    frequency = serializers.ChoiceField(choices=Frequency.choices, default=Frequency.MONTHLY)
    interval = serializers.IntegerField(min_value=1, max_value=MAX_INTERVAL, default=1)
    start_date = serializers.DateField(help_text="The first period; its day of the month is kept.")
    end_date = serializers.DateField(required=False, allow_null=True, default=None)
    max_count = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)
    auto_issue = serializers.BooleanField(default=True)
    auto_send = serializers.BooleanField(default=False)

    def schedule_data(self) -> ScheduleData:
        return ScheduleData(**{name: self.validated_data[name] for name in self.not_draft})


class RecurringInvoiceLineSerializer(InvoiceLineSerializer):
    class Meta(InvoiceLineSerializer.Meta):
        model = RecurringInvoiceLine  # type: ignore[assignment]


class RecurringAllowanceChargeSerializer(serializers.ModelSerializer):
    tax_code = serializers.CharField(source="tax_code.code")

    class Meta:
        model = RecurringAllowanceCharge
        fields = ["reason", "is_charge", "amount", "percent", "tax_code"]


class RecurringInvoiceSerializer(serializers.ModelSerializer):
    lines = RecurringInvoiceLineSerializer(many=True)
    allowances_charges = RecurringAllowanceChargeSerializer(many=True)

    class Meta:
        model = RecurringInvoice
        fields = [
            "id", "name", "customer", "frequency", "interval", "start_date", "end_date", "max_count", "next_run",
            "issued_count", "is_active", "auto_issue", "auto_send", "currency", "exchange_rate", "buyer_reference",
            "payment_days", "skonto_percent", "skonto_days", "rounding_increment", "notes", "lines",
            "allowances_charges", "last_run_on", "last_error",
        ]  # fmt: skip
