"""Reads for a customer's account page: the open items and every document.

Open amounts come from `payment_selectors.invoices_with_balance`, the one SQL statement of the
rule `invoice_open_amount` reads too: one query for all invoices, however many there are.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

from apps.parties.models import Party

from .models import Invoice
from .payment_selectors import HUNDRED, PAYABLE_KINDS, PAYABLE_STATUSES, ZERO, invoices_with_balance


@dataclass(frozen=True)
class OpenItem:
    invoice: Invoice
    open_amount: Decimal
    days_overdue: int


@dataclass(frozen=True)
class CurrencyTotal:
    currency: str
    open: Decimal
    overdue: Decimal


@dataclass(frozen=True)
class CustomerAccount:
    """What the customer owes on `on`: each unpaid invoice, totals per currency, and the credit limit used."""

    customer: Party
    on: datetime.date
    items: list[OpenItem]
    totals: list[CurrencyTotal]
    credit_limit_used_percent: Decimal | None


def customer_open_items(*, customer: Party, on: datetime.date) -> CustomerAccount:
    """The customer's unpaid invoices, oldest due first; the credit limit counts the customer's own currency."""
    invoices = invoices_with_balance(
        Invoice.objects.filter(customer=customer, kind__in=PAYABLE_KINDS, status__in=PAYABLE_STATUSES)
    ).filter(open_amount__gt=0)  # type: ignore[misc]  # an annotation the stubs cannot see
    items = [
        OpenItem(
            invoice=invoice,
            open_amount=invoice.open_amount,  # type: ignore[attr-defined]
            days_overdue=max(0, (on - invoice.due_date).days) if invoice.due_date else 0,
        )
        for invoice in invoices.order_by("due_date", "id")
    ]
    totals: dict[str, CurrencyTotal] = {}
    for item in items:
        currency = item.invoice.currency
        before = totals.get(currency, CurrencyTotal(currency=currency, open=ZERO, overdue=ZERO))
        totals[currency] = CurrencyTotal(
            currency=currency,
            open=before.open + item.open_amount,
            overdue=before.overdue + (item.open_amount if item.days_overdue else ZERO),
        )
    used = None
    if customer.credit_limit:
        own = totals.get(customer.currency)
        used = ((own.open if own else ZERO) * HUNDRED / customer.credit_limit).quantize(Decimal("0.1"))
    return CustomerAccount(
        customer=customer,
        on=on,
        items=items,
        totals=sorted(totals.values(), key=lambda total: total.currency),
        credit_limit_used_percent=used,
    )


def customer_documents(*, customer: Party) -> QuerySet[Invoice]:
    """All invoices, credit and debit notes of the customer, newest first, each with its open amount."""
    return invoices_with_balance(Invoice.objects.filter(customer=customer).select_related("corrects")).order_by(
        "-issue_date", "-id"
    )
