"""Workflow actions on one invoice: create a credit or debit note, send by e-mail, read the sent log."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from apps.accounts.permissions import IsTenantMember

from .models import Invoice, InvoiceDispatch
from .selectors import invoice_representations
from .serializers import InvoiceSerializer
from .services import credit_note_create, debit_note_create
from .services.sending import invoice_send


class CanWorkOnInvoices(BasePermission):
    """Reading needs the invoicing view right; an action the edit right."""

    def has_permission(self, request: Request, view: Any) -> bool:
        right = "view_invoice" if request.method in ("GET", "HEAD", "OPTIONS") else "change_invoice"
        return bool(request.user.has_perm(f"invoicing.{right}"))


class CreditNoteLineInputSerializer(serializers.Serializer):
    position = serializers.IntegerField(min_value=1, help_text="The position of the invoice line to credit.")
    quantity = serializers.DecimalField(max_digits=18, decimal_places=4)


class CreditNoteInputSerializer(serializers.Serializer):
    lines = CreditNoteLineInputSerializer(
        many=True, required=False, help_text="Leave out to credit the whole invoice, allowances and charges included."
    )


class DebitNoteInputSerializer(serializers.Serializer):
    reason = serializers.CharField(
        required=False,
        default="",
        allow_blank=True,
        max_length=1000,
        help_text="Why more is charged, e.g. late interest; it becomes the note. Leave out to name the invoice.",
    )


class InvoiceSendInputSerializer(serializers.Serializer):
    to = serializers.ListField(
        child=serializers.EmailField(), required=False, help_text="Leave out to send to the customer's e-mail address."
    )
    message = serializers.CharField(required=False, default="", allow_blank=True, max_length=5000)


class InvoiceDispatchSerializer(serializers.ModelSerializer):
    class Meta:
        model = InvoiceDispatch
        fields = ["id", "invoice", "recipients", "subject", "status", "error", "attempts", "queued_at", "sent_at"]
        read_only_fields = fields


class InvoiceActionApi(GenericAPIView):
    """One invoice's sub-resource: reading needs the view right, an action the edit right."""

    queryset = Invoice.objects.all()
    permission_classes = [IsTenantMember, CanWorkOnInvoices]
    pagination_class = None
    filter_backends: list[Any] = []

    def _invoice(self, pk: int) -> Invoice:
        return get_object_or_404(self.get_queryset(), pk=pk)


class InvoiceCreditNoteApi(InvoiceActionApi):
    serializer_class = InvoiceSerializer

    @extend_schema(request=CreditNoteInputSerializer, responses={201: InvoiceSerializer})
    def post(self, request: Request, pk: int) -> Response:
        invoice = self._invoice(pk)
        data = CreditNoteInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        chosen = data.validated_data.get("lines")
        lines = None if chosen is None else [(line["position"], Decimal(line["quantity"])) for line in chosen]
        note = credit_note_create(invoice=invoice, lines=lines)
        detail = invoice_representations().get(pk=note.pk)
        return Response(InvoiceSerializer(detail).data, status=status.HTTP_201_CREATED)


class InvoiceDebitNoteApi(InvoiceActionApi):
    """An empty draft debit note for the invoice; add its lines with `PUT /invoices/{id}/`, then issue it."""

    serializer_class = InvoiceSerializer

    @extend_schema(request=DebitNoteInputSerializer, responses={201: InvoiceSerializer})
    def post(self, request: Request, pk: int) -> Response:
        invoice = self._invoice(pk)
        data = DebitNoteInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        note = debit_note_create(invoice=invoice, reason=data.validated_data["reason"])
        detail = invoice_representations().get(pk=note.pk)
        return Response(InvoiceSerializer(detail).data, status=status.HTTP_201_CREATED)


class InvoiceSendApi(InvoiceActionApi):
    serializer_class = InvoiceDispatchSerializer

    @extend_schema(request=InvoiceSendInputSerializer, responses={202: InvoiceDispatchSerializer})
    def post(self, request: Request, pk: int) -> Response:
        invoice = self._invoice(pk)
        data = InvoiceSendInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        dispatch = invoice_send(
            invoice=invoice, to=data.validated_data.get("to"), message=data.validated_data["message"]
        )
        return Response(InvoiceDispatchSerializer(dispatch).data, status=status.HTTP_202_ACCEPTED)


class InvoiceDispatchListApi(InvoiceActionApi):
    serializer_class = InvoiceDispatchSerializer

    @extend_schema(responses=InvoiceDispatchSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        dispatches = self._invoice(pk).dispatches.order_by("-queued_at", "-id")
        return Response(InvoiceDispatchSerializer(dispatches, many=True).data)
