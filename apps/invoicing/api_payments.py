"""`/api/v1/invoices/<pk>/payments/`: record a payment or write-off, list what was received."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from .api_actions import InvoiceActionApi
from .models import Payment, PaymentKind
from .payment_selectors import invoice_open_amount, invoice_payments
from .services import payment_record

MONEY = {"max_digits": settings.KONTOR_AMOUNT_DIGITS, "decimal_places": 2}


class PaymentRecordInputSerializer(serializers.Serializer):
    amount = serializers.DecimalField(
        min_value=Decimal("0.01"),
        required=False,
        allow_null=True,
        default=None,
        help_text="Leave out on a write-off to write off the whole open amount.",
        **MONEY,  # type: ignore[arg-type]
    )
    paid_on = serializers.DateField()
    reference = serializers.CharField(max_length=140, required=False, default="", allow_blank=True)
    kind = serializers.ChoiceField(choices=PaymentKind.choices, default=PaymentKind.PAYMENT)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """Only a write-off may leave the amount out: it then writes off the whole remainder."""
        if attrs["amount"] is None and attrs["kind"] != PaymentKind.WRITE_OFF:
            raise serializers.ValidationError({"amount": _("This field is required.")}, code="required")
        return attrs


class InvoicePaymentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Payment
        fields = ["id", "kind", "paid_on", "amount", "discount_amount", "reference", "ledger_entry_id", "created_at"]
        read_only_fields = fields


class PaymentRecordedSerializer(serializers.Serializer):
    """The payment and where it leaves the invoice; a negative open amount is the customer's credit."""

    payment = InvoicePaymentSerializer()
    open_amount = serializers.DecimalField(**MONEY)  # type: ignore[arg-type]
    status = serializers.CharField()


class InvoicePaymentsApi(InvoiceActionApi):
    serializer_class = InvoicePaymentSerializer

    @extend_schema(responses=InvoicePaymentSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        payments = invoice_payments(self._invoice(pk))
        return Response(InvoicePaymentSerializer(payments, many=True).data)

    @extend_schema(request=PaymentRecordInputSerializer, responses={201: PaymentRecordedSerializer})
    def post(self, request: Request, pk: int) -> Response:
        invoice = self._invoice(pk)
        data = PaymentRecordInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        payment = payment_record(invoice=invoice, **data.validated_data)
        invoice.refresh_from_db()
        body = {"payment": payment, "open_amount": invoice_open_amount(invoice), "status": invoice.status}
        return Response(PaymentRecordedSerializer(body).data, status=status.HTTP_201_CREATED)
