"""Orders from accepted quotes, delivered and invoiced in parts.

Every write that reads what is still open locks the order row first (`of=("self",)`), so two
deliveries or two invoices of the same order run one after the other and can never together
exceed what was ordered.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.errors import ApplicationError
from apps.invoicing.models import Invoice
from apps.invoicing.services import DraftData, LineData, invoice_create

from ..models import (
    DeliveryNote,
    DeliveryNoteLine,
    OrderLine,
    OrderLineInvoicing,
    OrderStatus,
    Quote,
    QuoteStatus,
    SalesOrder,
)
from ..selectors import LineProgress, order_progress
from .lines import DELIVERY_SERIES, ORDER_SERIES, document_number_next, lines_copy
from .quotes import quote_status_require

ZERO = Decimal("0")


@dataclass(frozen=True)
class QuantityData:
    """A quantity of the order line at `position`."""

    position: int
    quantity: Decimal


def _locked(order: SalesOrder) -> SalesOrder:
    return SalesOrder.objects.select_for_update(of=("self",)).select_related("customer").get(pk=order.pk)


def _conflict(message: str, code: str) -> ApplicationError:
    return ApplicationError(message, code=code, field="status", status=409)


def _not_cancelled(order: SalesOrder) -> None:
    if order.status == OrderStatus.CANCELLED:
        raise _conflict(_("Order %(order)s is cancelled.") % {"order": order}, "cancelled")


@transaction.atomic
def order_create_from_quote(*, quote: Quote, order_date: datetime.date | None = None) -> SalesOrder:
    """The order confirmation of an accepted quote, with its lines; a quote becomes one order only."""
    quote = Quote.objects.select_for_update(of=("self",)).get(pk=quote.pk)
    quote_status_require(quote, QuoteStatus.ACCEPTED)
    if SalesOrder.objects.filter(quote=quote).exists():
        raise _conflict(_("Quote %(quote)s is already an order.") % {"quote": quote}, "already_ordered")
    order_date = order_date or timezone.localdate()
    order = SalesOrder.objects.create(
        quote=quote,
        customer_id=quote.customer_id,
        currency=quote.currency,
        order_date=order_date,
        notes=quote.notes,
        number=document_number_next(series=ORDER_SERIES, on=order_date),
    )
    OrderLine.objects.bulk_create(lines_copy(quote.lines.order_by("position"), OrderLine, order=order))
    return order


@transaction.atomic
def order_cancel(*, order: SalesOrder) -> SalesOrder:
    """Cancels an order nothing of which was delivered or invoiced; after that, credit or return instead."""
    order = _locked(order)
    _not_cancelled(order)
    if any(item.delivered or item.invoiced for item in order_progress(order=order)):
        raise _conflict(
            _("Order %(order)s is partly delivered or invoiced and cannot be cancelled.") % {"order": order},
            "in_progress",
        )
    order.status = OrderStatus.CANCELLED
    order.save(update_fields=["status", "updated_at"])
    return order


def _chosen(
    progress: list[LineProgress], wanted: Sequence[QuantityData], open_of: str
) -> list[tuple[LineProgress, Decimal]]:
    """(line, quantity) for each requested position; each refusal names `lines.N.<field>`."""
    if not wanted:
        raise ApplicationError(_("Enter a quantity for at least one line."), code="empty", field="lines")
    by_position = {item.line.position: item for item in progress}
    chosen = []
    seen = set()
    for index, request in enumerate(wanted):
        item = by_position.get(request.position)
        if item is None or request.position in seen:
            raise ApplicationError(
                _("The order has no line %(position)s, or it is listed twice.") % {"position": request.position},
                code="unknown_line",
                field=f"lines.{index}.position",
            )
        seen.add(request.position)
        open_quantity = getattr(item, open_of)
        if request.quantity <= 0 or request.quantity > open_quantity:
            raise ApplicationError(
                _("Enter a quantity above zero and at most %(open)s.") % {"open": open_quantity.normalize()},
                code="exceeds_open" if request.quantity > 0 else "not_positive",
                field=f"lines.{index}.quantity",
            )
        chosen.append((item, request.quantity))
    return chosen


def _defaults(progress: list[LineProgress], open_of: str) -> list[tuple[LineProgress, Decimal]]:
    chosen = [(item, getattr(item, open_of)) for item in progress if getattr(item, open_of) > 0]
    if not chosen:
        raise ApplicationError(_("Nothing of this order is left open."), code="nothing_open", field="lines")
    return chosen


def _status_after_delivery(progress: list[LineProgress], delivered: dict[int, Decimal]) -> str:
    totals = [item.delivered + delivered.get(item.line.pk, ZERO) for item in progress]
    if all(total >= item.ordered for total, item in zip(totals, progress, strict=True)):
        return OrderStatus.DELIVERED
    return OrderStatus.PARTLY_DELIVERED if any(totals) else OrderStatus.OPEN


@transaction.atomic
def delivery_note_create(
    *,
    order: SalesOrder,
    lines: Sequence[QuantityData] | None = None,
    delivered_on: datetime.date | None = None,
    notes: str = "",
) -> DeliveryNote:
    """Delivers `lines` (default: everything still undelivered) and moves the order's status on."""
    order = _locked(order)
    _not_cancelled(order)
    progress = order_progress(order=order)
    chosen = _defaults(progress, "undelivered") if lines is None else _chosen(progress, lines, "undelivered")
    delivered_on = delivered_on or timezone.localdate()
    note = DeliveryNote.objects.create(
        order=order,
        delivered_on=delivered_on,
        notes=notes,
        number=document_number_next(series=DELIVERY_SERIES, on=delivered_on),
    )
    DeliveryNoteLine.objects.bulk_create(
        DeliveryNoteLine(note=note, position=index + 1, order_line=item.line, quantity=quantity)
        for index, (item, quantity) in enumerate(chosen)
    )
    order.status = _status_after_delivery(progress, {item.line.pk: quantity for item, quantity in chosen})
    order.save(update_fields=["status", "updated_at"])
    return note


def _invoice_line(item: LineProgress, quantity: Decimal) -> LineData:
    line = item.line
    return LineData(
        description=line.description,
        quantity=quantity,
        unit_price=line.unit_price,
        tax_code=line.tax_code.code,
        unit_code=line.unit_code,
        base_quantity=line.base_quantity,
        discount_percent=line.discount_percent,
        product=line.product_id,
        revenue_account=line.revenue_account.code if line.revenue_account else "",
    )


@transaction.atomic
def invoice_create_from_order(
    *, order: SalesOrder, lines: Sequence[QuantityData] | None = None, exchange_rate: Decimal = Decimal("1")
) -> Invoice:
    """A draft invoice for `lines` of the order and a record of the quantities it bills.

    Without `lines` it bills what was delivered and not yet invoiced, or, for an order with no
    delivery yet (services), everything not yet invoiced. Nobody can bill more than was ordered:
    drafts count, cancelled invoices do not.
    """
    order = _locked(order)
    _not_cancelled(order)
    progress = order_progress(order=order)
    if lines is not None:
        chosen = _chosen(progress, lines, "uninvoiced")
    else:
        delivered_any = any(item.delivered for item in progress)
        chosen = _defaults(progress, "delivered_uninvoiced" if delivered_any else "uninvoiced")
    invoice = invoice_create(
        data=DraftData(
            customer=order.customer_id,
            currency=order.currency,
            exchange_rate=exchange_rate,
            lines=[_invoice_line(item, quantity) for item, quantity in chosen],
            notes=_("Order %(order)s") % {"order": order.number},
        )
    )
    invoice_lines = list(invoice.lines.order_by("position"))
    OrderLineInvoicing.objects.bulk_create(
        OrderLineInvoicing(order_line=item.line, invoice=invoice, invoice_line=invoice_line, quantity=quantity)
        for (item, quantity), invoice_line in zip(chosen, invoice_lines, strict=True)
    )
    return invoice
