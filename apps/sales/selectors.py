"""Reads of sales documents: lists, totals through the invoicing engine, and order progress."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet, Sum

from apps.invoicing.models import InvoiceStatus
from apps.invoicing.selectors import exemption_reasons_for, line_input
from apps.invoicing.totals import DocumentInput, DocumentTotals, document_totals

from .models import DeliveryNote, DeliveryNoteLine, OrderLine, OrderLineInvoicing, Quote, SalesLine, SalesOrder

ZERO = Decimal("0")
LINE_PREFETCH = ("lines__tax_code", "lines__product", "lines__revenue_account")


def _filtered(documents: QuerySet[Any], filters: Mapping[str, Any] | None) -> QuerySet[Any]:
    """The list pages' and the API's filters: status, customer, and a search over number and name."""
    filters = filters or {}
    if query := filters.get("q"):
        documents = documents.filter(Q(number__icontains=query) | Q(customer__legal_name__icontains=query))
    if filters.get("status"):
        documents = documents.filter(status=filters["status"])
    if filters.get("customer"):
        documents = documents.filter(customer=filters["customer"])
    return documents


def quote_list(*, filters: Mapping[str, Any] | None = None) -> QuerySet[Quote]:
    return _filtered(Quote.objects.select_related("customer"), filters)


def order_list(*, filters: Mapping[str, Any] | None = None) -> QuerySet[SalesOrder]:
    return _filtered(SalesOrder.objects.select_related("customer", "quote"), filters)


def delivery_note_list(*, filters: Mapping[str, Any] | None = None) -> QuerySet[DeliveryNote]:
    notes = DeliveryNote.objects.select_related("order__customer")
    filters = filters or {}
    if query := filters.get("q"):
        notes = notes.filter(
            Q(number__icontains=query)
            | Q(order__number__icontains=query)
            | Q(order__customer__legal_name__icontains=query)
        )
    if filters.get("order"):
        notes = notes.filter(order=filters["order"])
    return notes


def quote_detail(*, pk: int) -> Quote:
    return Quote.objects.select_related("customer").prefetch_related(*LINE_PREFETCH).get(pk=pk)


def order_detail(*, pk: int) -> SalesOrder:
    return (
        SalesOrder.objects.select_related("customer", "quote")
        .prefetch_related(*LINE_PREFETCH, "delivery_notes")
        .get(pk=pk)
    )


def delivery_note_detail(*, pk: int) -> DeliveryNote:
    return (
        DeliveryNote.objects.select_related("order__customer").prefetch_related("lines__order_line").get(pk=pk)
    )


def sales_document_input(*, currency: str, lines: Iterable[SalesLine]) -> DocumentInput:
    """A quote's or order's lines as the invoicing totals engine's input, the way invoice lines become it."""
    lines = list(lines)
    return DocumentInput(
        currency=currency,
        lines=tuple(
            line_input(
                quantity=line.quantity,
                unit_code=line.unit_code,
                unit_price=line.unit_price,
                base_quantity=line.base_quantity,
                discount_percent=line.discount_percent,
                tax_code=line.tax_code,
            )
            for line in lines
        ),
        exemption_reasons=exemption_reasons_for(line.tax_code for line in lines),
    )


def sales_document_totals(*, currency: str, lines: Iterable[SalesLine]) -> DocumentTotals:
    """EN 16931 totals from the engine invoices use, so a quote and its invoice agree to the cent."""
    return document_totals(sales_document_input(currency=currency, lines=lines))


@dataclass(frozen=True)
class LineProgress:
    """Where one order line stands; `invoiced` counts every invoice not cancelled, drafts too."""

    line: OrderLine
    delivered: Decimal
    invoiced: Decimal

    @property
    def ordered(self) -> Decimal:
        return self.line.quantity

    @property
    def undelivered(self) -> Decimal:
        return max(self.ordered - self.delivered, ZERO)

    @property
    def uninvoiced(self) -> Decimal:
        return max(self.ordered - self.invoiced, ZERO)

    @property
    def delivered_uninvoiced(self) -> Decimal:
        return max(self.delivered - self.invoiced, ZERO)


def order_progress(*, order: SalesOrder) -> list[LineProgress]:
    """Ordered, delivered and invoiced quantity per order line, in position order (three queries)."""
    lines = list(order.lines.select_related("tax_code", "product", "revenue_account").order_by("position"))
    delivered = dict(
        DeliveryNoteLine.objects.filter(order_line__order=order)
        .values("order_line")
        .annotate(total=Sum("quantity"))
        .values_list("order_line", "total")
    )
    invoiced = dict(
        OrderLineInvoicing.objects.filter(order_line__order=order)
        .exclude(invoice__status=InvoiceStatus.CANCELLED)
        .values("order_line")
        .annotate(total=Sum("quantity"))
        .values_list("order_line", "total")
    )
    return [
        LineProgress(line=line, delivered=delivered.get(line.pk, ZERO), invoiced=invoiced.get(line.pk, ZERO))
        for line in lines
    ]


def order_invoice_ids(*, order: SalesOrder) -> list[int]:
    """The invoices (drafts included) made from the order, oldest first."""
    return sorted(
        set(OrderLineInvoicing.objects.filter(order_line__order=order).values_list("invoice_id", flat=True))
    )
