"""Reads of sales documents: lists, totals through the invoicing engine, and order progress."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import DecimalField, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from apps.invoicing.models import Invoice, InvoiceStatus
from apps.invoicing.selectors import exemption_reasons_for, stored_line_input
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
    return Quote.objects.select_related("customer", "order").prefetch_related(*LINE_PREFETCH).get(pk=pk)


def order_detail(*, pk: int) -> SalesOrder:
    return SalesOrder.objects.select_related("customer", "quote").prefetch_related("delivery_notes").get(pk=pk)


def delivery_note_detail(*, pk: int) -> DeliveryNote:
    return DeliveryNote.objects.select_related("order__customer").prefetch_related("lines__order_line").get(pk=pk)


def sales_document_input(*, currency: str, lines: Iterable[SalesLine]) -> DocumentInput:
    """A quote's or order's lines as the invoicing totals engine's input, the way invoice lines become it."""
    lines = list(lines)
    return DocumentInput(
        currency=currency,
        lines=tuple(stored_line_input(line) for line in lines),
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


def _summed(rows: QuerySet[Any]) -> Coalesce:
    """The sum of `quantity` over `rows` per order line, as a subquery on the outer order line."""
    total = rows.filter(order_line=OuterRef("pk")).values("order_line").annotate(total=Sum("quantity")).values("total")
    return Coalesce(Subquery(total), Value(ZERO), output_field=DecimalField(max_digits=18, decimal_places=4))


def order_lines_with_progress() -> QuerySet[OrderLine]:
    """Order lines with `delivered_quantity` and `invoiced_quantity`: the one definition of both.

    Invoiced counts every invoice that is not cancelled, drafts included, so two drafts can
    never bill the same quantity twice.
    """
    return OrderLine.objects.select_related("tax_code", "product", "revenue_account").annotate(
        delivered_quantity=_summed(DeliveryNoteLine.objects.all()),
        invoiced_quantity=_summed(OrderLineInvoicing.objects.exclude(invoice__status=InvoiceStatus.CANCELLED)),
    )


def order_lines_prefetch() -> Prefetch:
    """An order's lines with their progress, for lists and details that show it: one query for all orders."""
    return Prefetch("lines", queryset=order_lines_with_progress().order_by("position"))


def order_progress(*, order: SalesOrder) -> list[LineProgress]:
    """Ordered, delivered and invoiced quantity per order line, in position order (one query)."""
    lines = order_lines_with_progress().filter(order=order).order_by("position")
    return [
        LineProgress(line=line, delivered=line.delivered_quantity, invoiced=line.invoiced_quantity)  # type: ignore[attr-defined]
        for line in lines
    ]


def order_invoices(*, order: SalesOrder) -> QuerySet[Invoice]:
    """The invoices (drafts and cancelled ones included) made from the order, oldest first."""
    return Invoice.objects.filter(
        pk__in=OrderLineInvoicing.objects.filter(order_line__order=order).values("invoice")
    ).order_by("id")
