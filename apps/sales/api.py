"""The sales API: quotes as drafts plus workflow actions, orders and delivery notes to read and act on.

Sales documents are invoicing's forerunners, so they use its rights: reading needs
`invoicing.view_invoice`, every write `invoicing.change_invoice`.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from apps.accounts.permissions import IsTenantMember
from apps.core.pdf import pdf_response
from apps.invoicing.api_actions import CanWorkOnInvoices
from apps.invoicing.selectors import INVOICE_PREFETCH, invoice_list
from apps.invoicing.serializers import InvoiceSerializer

from . import services
from .models import DeliveryNote, Quote, SalesOrder
from .pdf import delivery_note_pdf, quote_pdf
from .selectors import LINE_PREFETCH, delivery_note_list, order_lines_prefetch, order_list, quote_list
from .serializers import (
    DeliverInputSerializer,
    DeliveryNoteSerializer,
    InvoiceFromOrderInputSerializer,
    OrderFromQuoteInputSerializer,
    QuoteInputSerializer,
    QuoteSerializer,
    SalesOrderSerializer,
    SendInputSerializer,
)


class SalesViewSet(viewsets.GenericViewSet):
    permission_classes = [IsTenantMember, CanWorkOnInvoices]

    def _input(self, serializer_class: type, request: Request) -> Any:
        data = serializer_class(data=request.data)
        data.is_valid(raise_exception=True)
        return data


class QuoteViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, SalesViewSet):
    queryset = Quote.objects.all()
    serializer_class = QuoteSerializer
    filterset_fields = ["status", "customer"]
    ordering_fields = ["issue_date", "number", "valid_until"]

    def get_queryset(self) -> QuerySet[Quote]:
        return quote_list().prefetch_related(*LINE_PREFETCH).select_related("order")

    def _respond(self, quote: Quote, code: int = status.HTTP_200_OK) -> Response:
        return Response(QuoteSerializer(self.get_queryset().get(pk=quote.pk)).data, status=code)

    @extend_schema(request=QuoteInputSerializer, responses={201: QuoteSerializer})
    def create(self, request: Request) -> Response:
        data = self._input(QuoteInputSerializer, request)
        return self._respond(services.quote_create(data=data.quote_data()), status.HTTP_201_CREATED)

    @extend_schema(request=QuoteInputSerializer, responses=QuoteSerializer)
    def update(self, request: Request, pk: str | None = None) -> Response:
        data = self._input(QuoteInputSerializer, request)
        return self._respond(services.quote_update(quote=self.get_object(), data=data.quote_data()))

    @extend_schema(request=SendInputSerializer, responses=QuoteSerializer)
    @action(detail=True, methods=["post"])
    def send(self, request: Request, pk: str | None = None) -> Response:
        data = self._input(SendInputSerializer, request)
        return self._respond(services.quote_send(quote=self.get_object(), **data.validated_data))

    @extend_schema(request=None, responses=QuoteSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str | None = None) -> Response:
        return self._respond(services.quote_accept(quote=self.get_object()))

    @extend_schema(request=None, responses=QuoteSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk: str | None = None) -> Response:
        return self._respond(services.quote_decline(quote=self.get_object()))

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def pdf(self, request: Request, pk: str | None = None) -> HttpResponse:
        """The quote as the customer receives it; a draft says so."""
        quote = self.get_object()
        return pdf_response(quote_pdf(quote=quote), filename=f"{quote.number or f'quote-draft-{quote.pk}'}.pdf")

    @extend_schema(request=OrderFromQuoteInputSerializer, responses={201: SalesOrderSerializer})
    @action(detail=True, methods=["post"])
    def order(self, request: Request, pk: str | None = None) -> Response:
        data = self._input(OrderFromQuoteInputSerializer, request)
        order = services.order_create_from_quote(quote=self.get_object(), **data.validated_data)
        return Response(OrderViewSet.detail_data(order), status=status.HTTP_201_CREATED)


class OrderViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, SalesViewSet):
    queryset = SalesOrder.objects.all()
    serializer_class = SalesOrderSerializer
    filterset_fields = ["status", "customer"]
    ordering_fields = ["order_date", "number"]

    def get_queryset(self) -> QuerySet[SalesOrder]:
        return order_list().prefetch_related(order_lines_prefetch())

    @staticmethod
    def detail_data(order: SalesOrder) -> Any:
        return SalesOrderSerializer(order_list().prefetch_related(order_lines_prefetch()).get(pk=order.pk)).data

    @extend_schema(request=None, responses=SalesOrderSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        return Response(self.detail_data(services.order_cancel(order=self.get_object())))

    @extend_schema(request=DeliverInputSerializer, responses={201: DeliveryNoteSerializer})
    @action(detail=True, methods=["post"])
    def deliver(self, request: Request, pk: str | None = None) -> Response:
        data = self._input(DeliverInputSerializer, request)
        note = services.delivery_note_create(
            order=self.get_object(),
            lines=data.quantities(),
            delivered_on=data.validated_data["delivered_on"],
            notes=data.validated_data["notes"],
        )
        detail = delivery_note_list().prefetch_related("lines__order_line").get(pk=note.pk)
        return Response(DeliveryNoteSerializer(detail).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=InvoiceFromOrderInputSerializer, responses={201: InvoiceSerializer})
    @action(detail=True, methods=["post"])
    def invoice(self, request: Request, pk: str | None = None) -> Response:
        data = self._input(InvoiceFromOrderInputSerializer, request)
        invoice = services.invoice_create_from_order(
            order=self.get_object(), lines=data.quantities(), exchange_rate=data.validated_data["exchange_rate"]
        )
        detail = invoice_list().prefetch_related(*INVOICE_PREFETCH).get(pk=invoice.pk)
        return Response(InvoiceSerializer(detail).data, status=status.HTTP_201_CREATED)


class DeliveryNoteViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, SalesViewSet):
    queryset = DeliveryNote.objects.all()
    serializer_class = DeliveryNoteSerializer
    filterset_fields = ["order"]
    ordering_fields = ["delivered_on", "number"]

    def get_queryset(self) -> QuerySet[DeliveryNote]:
        return delivery_note_list().prefetch_related("lines__order_line")

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def pdf(self, request: Request, pk: str | None = None) -> HttpResponse:
        note = self.get_object()
        return pdf_response(delivery_note_pdf(note=note), filename=f"{note.number}.pdf")
