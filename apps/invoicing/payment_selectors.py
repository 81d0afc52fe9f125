"""Reads about what a customer still owes on an invoice, and the early-payment discount on offer.

The open amount is the amount due less payments, Skonto discounts, write-offs and the
payable amount of the invoice's issued credit notes. A credit note has no open amount of its
own: what it gives back is counted on the invoice it corrects, so nothing is counted twice.
It is one SQL expression (`invoices_with_balance`), so lists, the overdue run and dunning
read it set-based, and one invoice reads it with the same query.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Case, DecimalField, F, OuterRef, Q, QuerySet, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce

from .models import Invoice, InvoiceKind, InvoiceStatus, Payment

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
HUNDRED = Decimal("100")
PAYABLE_STATUSES = frozenset(
    {InvoiceStatus.ISSUED, InvoiceStatus.SENT, InvoiceStatus.PARTLY_PAID, InvoiceStatus.OVERDUE}
)
NOT_COUNTING = (InvoiceStatus.DRAFT, InvoiceStatus.CANCELLED)
# What the customer owes money on: paid, overdue and dunned. A credit note is counted on its invoice.
PAYABLE_KINDS = frozenset({InvoiceKind.INVOICE, InvoiceKind.DEBIT_NOTE})


@dataclass(frozen=True)
class SkontoOffer:
    """Pay `pay` by `deadline` and `discount` is granted (gross Skonto on the amount due)."""

    percent: Decimal
    deadline: datetime.date
    discount: Decimal
    pay: Decimal


@dataclass(frozen=True)
class InvoiceBalance:
    settled: Decimal
    """Payments, discounts and write-offs."""
    credited: Decimal
    """The payable amounts of issued credit notes."""
    open_amount: Decimal
    """What the customer still owes; negative when they paid too much (a credit in their favour)."""


def _money() -> DecimalField:
    return DecimalField(max_digits=settings.KONTOR_AMOUNT_DIGITS, decimal_places=2)


def _total(rows: QuerySet, group: str, amount: object) -> Coalesce:
    """The sum of `amount` over `rows` grouped by `group` as a correlated subquery, zero without rows."""
    summed = rows.values(group).annotate(total=Sum(amount)).values("total")  # type: ignore[arg-type]
    return Coalesce(Subquery(summed, output_field=_money()), Value(ZERO), output_field=_money())


def invoices_with_balance(invoices: QuerySet[Invoice]) -> QuerySet[Invoice]:
    """`invoices` annotated with `settled_amount`, `credited_amount` and `open_amount` (see `InvoiceBalance`)."""
    settled = _total(Payment.objects.filter(invoice=OuterRef("pk")), "invoice", F("amount") + F("discount_amount"))
    credited = _total(
        Invoice.objects.filter(corrects=OuterRef("pk"), kind=InvoiceKind.CREDIT_NOTE).exclude(status__in=NOT_COUNTING),
        "corrects",
        F("amount_due"),
    )
    return invoices.annotate(settled_amount=settled, credited_amount=credited).annotate(
        open_amount=Case(
            When(Q(status=InvoiceStatus.DRAFT) | Q(kind=InvoiceKind.CREDIT_NOTE), then=Value(ZERO)),
            default=F("amount_due") - F("settled_amount") - F("credited_amount"),
            output_field=_money(),
        )
    )


def invoice_balance(invoice: Invoice) -> InvoiceBalance:
    row = invoices_with_balance(Invoice.objects.filter(pk=invoice.pk)).values(
        "settled_amount",
        "credited_amount",
        "open_amount",  # type: ignore[misc]  # annotations the stubs cannot see
    )[0]
    return InvoiceBalance(
        settled=row["settled_amount"].quantize(CENT),
        credited=row["credited_amount"].quantize(CENT),
        open_amount=row["open_amount"].quantize(CENT),
    )


def invoice_open_amount(invoice: Invoice) -> Decimal:
    """What the customer still owes; negative when they paid too much (a credit in their favour)."""
    return invoice_balance(invoice).open_amount


def invoice_status_after_settling(invoice: Invoice, balance: InvoiceBalance) -> str:
    """The status once a payment or credit note changed `balance`.

    Nothing open: "cancelled" if credit notes took it all and nothing was paid, else "paid".
    Something open: an overdue invoice stays overdue (it is still late, and dunning must see
    it); money received makes it partly paid; a partial credit note alone changes nothing.
    """
    if balance.open_amount <= 0:
        return InvoiceStatus.CANCELLED if balance.settled <= 0 < balance.credited else InvoiceStatus.PAID
    if invoice.status == InvoiceStatus.OVERDUE:
        return InvoiceStatus.OVERDUE
    return InvoiceStatus.PARTLY_PAID if balance.settled > 0 else invoice.status


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
