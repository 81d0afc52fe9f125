"""Input and output shapes of the quote, order and delivery note API."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.invoicing.serializers import QUANTITY, InvoiceLineInputSerializer, TotalsSerializer

from .models import DeliveryNote, DeliveryNoteLine, OrderLine, Quote, QuoteLine, SalesOrder
from .selectors import sales_document_totals
from .services import QuantityData, QuoteData, SalesLineData


class SalesLineInputSerializer(InvoiceLineInputSerializer):
    """An invoice line's input, plus the revenue account (its number) the line is booked to."""

    revenue_account = serializers.CharField(max_length=20, required=False, default="", allow_blank=True)


class QuoteInputSerializer(serializers.Serializer):
    customer = serializers.IntegerField()
    currency = serializers.CharField(max_length=3, required=False, default="")
    valid_until = serializers.DateField(required=False, allow_null=True, default=None, help_text="Default: 30 days.")
    notes = serializers.CharField(required=False, default="", allow_blank=True)
    lines = SalesLineInputSerializer(many=True, allow_empty=False)

    def quote_data(self) -> QuoteData:
        data = dict(self.validated_data)
        lines = [SalesLineData(discount_percent=line.pop("discount"), **line) for line in data.pop("lines")]
        return QuoteData(lines=lines, **data)


class QuantityInputSerializer(serializers.Serializer):
    position = serializers.IntegerField(min_value=1, help_text="The position of the order line.")
    quantity = serializers.DecimalField(**QUANTITY)  # type: ignore[arg-type]


class QuantitiesInputSerializer(serializers.Serializer):
    lines = QuantityInputSerializer(
        many=True, required=False, allow_empty=False, help_text="Leave out for everything still open."
    )

    def quantities(self) -> list[QuantityData] | None:
        chosen = self.validated_data.get("lines")
        return None if chosen is None else [QuantityData(**line) for line in chosen]


class DeliverInputSerializer(QuantitiesInputSerializer):
    delivered_on = serializers.DateField(required=False, allow_null=True, default=None)
    notes = serializers.CharField(required=False, default="", allow_blank=True)


class InvoiceFromOrderInputSerializer(QuantitiesInputSerializer):
    exchange_rate = serializers.DecimalField(
        max_digits=18, decimal_places=8, min_value=Decimal("0.00000001"), default=Decimal("1")
    )


class SendInputSerializer(serializers.Serializer):
    sent_on = serializers.DateField(required=False, allow_null=True, default=None)


class OrderFromQuoteInputSerializer(serializers.Serializer):
    order_date = serializers.DateField(required=False, allow_null=True, default=None)


LINE_FIELDS = [
    "position", "description", "quantity", "unit_code", "unit_price", "base_quantity", "discount_percent",
    "tax_code", "product", "revenue_account",
]  # fmt: skip


class QuoteLineSerializer(serializers.ModelSerializer):
    tax_code = serializers.CharField(source="tax_code.code")
    revenue_account = serializers.CharField(source="revenue_account.code", default="")

    class Meta:
        model = QuoteLine
        fields = LINE_FIELDS


class OrderLineSerializer(QuoteLineSerializer):
    """An order line with its progress; read from `selectors.order_lines_with_progress`."""

    delivered = serializers.DecimalField(source="delivered_quantity", read_only=True, **QUANTITY)  # type: ignore[arg-type]
    invoiced = serializers.DecimalField(source="invoiced_quantity", read_only=True, **QUANTITY)  # type: ignore[arg-type]

    class Meta:
        model = OrderLine
        fields = [*LINE_FIELDS, "delivered", "invoiced"]


class _TotalsMixin(serializers.Serializer):
    totals = serializers.SerializerMethodField()

    @extend_schema_field(TotalsSerializer)
    def get_totals(self, document: Quote | SalesOrder) -> dict[str, Any]:
        totals = sales_document_totals(currency=document.currency, lines=document.lines.all())
        return TotalsSerializer(totals).data  # type: ignore[return-value]


class QuoteSerializer(_TotalsMixin, serializers.ModelSerializer):
    lines = QuoteLineSerializer(many=True)
    order: serializers.PrimaryKeyRelatedField = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = Quote
        fields = [
            "id", "status", "number", "customer", "currency", "issue_date", "valid_until", "notes", "lines",
            "totals", "order",
        ]  # fmt: skip


class SalesOrderSerializer(_TotalsMixin, serializers.ModelSerializer):
    lines = OrderLineSerializer(many=True)

    class Meta:
        model = SalesOrder
        fields = ["id", "status", "number", "quote", "customer", "currency", "order_date", "notes", "lines", "totals"]


class DeliveryNoteLineSerializer(serializers.ModelSerializer):
    order_line = serializers.IntegerField(source="order_line.position", help_text="The order line's position.")
    description = serializers.CharField(source="order_line.description")
    unit_code = serializers.CharField(source="order_line.unit_code")

    class Meta:
        model = DeliveryNoteLine
        fields = ["position", "order_line", "description", "quantity", "unit_code"]


class DeliveryNoteSerializer(serializers.ModelSerializer):
    lines = DeliveryNoteLineSerializer(many=True)

    class Meta:
        model = DeliveryNote
        fields = ["id", "number", "order", "delivered_on", "notes", "lines"]
