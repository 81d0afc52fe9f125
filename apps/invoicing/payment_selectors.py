"""Reads about what a customer still owes on an invoice, and the early-payment discount on offer.

The open amount counts payments, Skonto discounts and write-offs; credit notes against the
invoice do not reduce it yet (they post to the receivable, but are not linked here).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import F, Sum
from django.db.models.functions import Coalesce

from .models import Invoice, InvoiceStatus, Payment

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
HUNDRED = Decimal("100")
PAYABLE_STATUSES = frozenset(
    {InvoiceStatus.ISSUED, InvoiceStatus.SENT, InvoiceStatus.PARTLY_PAID, InvoiceStatus.OVERDUE}
)


@dataclass(frozen=True)
class SkontoOffer:
    """Pay `pay` by `deadline` and `discount` is granted (gross Skonto on the amount due)."""

    percent: Decimal
    deadline: datetime.date
    discount: Decimal
    pay: Decimal


def invoice_settled_amount(invoice: Invoice) -> Decimal:
    """Payments, discounts and write-offs booked against the invoice so far."""
    settled = Payment.objects.filter(invoice=invoice).aggregate(
        total=Coalesce(Sum(F("amount") + F("discount_amount")), ZERO)
    )["total"]
    return Decimal(settled).quantize(CENT)


def invoice_open_amount(invoice: Invoice) -> Decimal:
    """What the customer still owes; negative when they paid too much (a credit in their favour)."""
    if invoice.is_draft:
        return ZERO
    return invoice.amount_due - invoice_settled_amount(invoice)


def invoice_payments(invoice: Invoice) -> list[Payment]:
    return list(Payment.objects.filter(invoice=invoice).order_by("paid_on", "id"))


def skonto_amount(*, amount_due: Decimal, percent: Decimal) -> Decimal:
    """Skonto is the percentage of the amount due, rounded once, half up: the PDF and payments agree."""
    return (amount_due * percent / HUNDRED).quantize(CENT, ROUND_HALF_UP)


def skonto_discount(invoice: Invoice) -> Decimal:
    """The full discount of an issued invoice."""
    return skonto_amount(amount_due=invoice.amount_due, percent=invoice.skonto_percent)


def invoice_skonto_offer(invoice: Invoice) -> SkontoOffer | None:
    """The discount an issued invoice grants if paid in time; None without Skonto terms."""
    if invoice.skonto_percent <= 0 or invoice.issue_date is None or invoice.amount_due <= 0:
        return None
    discount = skonto_discount(invoice)
    return SkontoOffer(
        percent=invoice.skonto_percent,
        deadline=invoice.issue_date + datetime.timedelta(days=invoice.skonto_days),
        discount=discount,
        pay=invoice.amount_due - discount,
    )
