"""Payments, Skonto and write-offs against issued invoices, each posted to the ledger.

Amounts are in the invoice's currency; the posting converts them with the invoice's
exchange rate (exchange differences against the rate of the payment day are not booked yet).
A discount or write-off reduces the revenue and the output tax of each VAT rate in
proportion to that rate's share of the invoice's gross total.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection, transaction
from django.db.models import prefetch_related_objects
from django.utils.translation import gettext as _

from apps.core.errors import ApplicationError
from apps.ledger.models import AccountRole, JournalEntry
from apps.ledger.selectors import account_for_role, tax_posting_accounts
from apps.ledger.services import LineSpec, entry_post

from ..models import Invoice, Payment, PaymentKind
from ..payment_selectors import (
    PAYABLE_KINDS,
    PAYABLE_STATUSES,
    invoice_balance,
    invoice_open_amount,
    invoice_skonto_offer,
    invoice_status_after_settling,
)
from ..selectors import invoice_tax_codes, invoice_totals
from .issuing import base_amount

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
SOURCE_TYPE = "invoicing.payment"


@dataclass(frozen=True)
class TaxShare:
    """The part of a discount or write-off that falls on one VAT rate, split into net and tax."""

    tax_code: str
    net: Decimal
    tax: Decimal
    output_account: str


def payment_record(
    *,
    invoice: Invoice,
    amount: Decimal | None,
    paid_on: datetime.date,
    reference: str = "",
    kind: str = PaymentKind.PAYMENT,
) -> Payment:
    """Records money received (or a write-off) and posts it; Skonto is granted when it is due.

    A payment that covers the open amount less the discount by the Skonto deadline closes
    the invoice with the discount (at most the full Skonto; a customer who deducted less gets
    just the difference). Paying too much is accepted: the surplus stays on the receivable as
    the customer's credit. A write-off without an amount writes off the whole remainder.
    """
    with transaction.atomic():
        invoice = Invoice.objects.select_for_update(of=("self",)).select_related("customer").get(pk=invoice.pk)
        _payable_require(invoice)
        open_before = invoice_open_amount(invoice)
        if kind == PaymentKind.WRITE_OFF:
            amount = open_before if amount is None else amount
            if open_before <= 0:
                raise ApplicationError(
                    _("Nothing is open on this invoice to write off."), code="nothing_open", field="amount", status=409
                )
            _amount_require(amount)
            if amount > open_before:  # type: ignore[operator]
                raise ApplicationError(
                    _("At most the open amount of %(open)s can be written off.") % {"open": open_before},
                    code="more_than_open",
                    field="amount",
                )
            discount = ZERO
        else:
            _amount_require(amount)
            discount = _skonto_due(invoice, amount, paid_on, open_before)  # type: ignore[arg-type]
        payment = Payment.objects.create(
            invoice=invoice, kind=kind, paid_on=paid_on, amount=amount, discount_amount=discount, reference=reference
        )
        payment.ledger_entry_id = _post(invoice, payment).pk
        payment.save(update_fields=["ledger_entry_id"])
        invoice.status = invoice_status_after_settling(invoice, invoice_balance(invoice))
        invoice.save(update_fields=["status", "updated_at"])
    return payment


def _payable_require(invoice: Invoice) -> None:
    if invoice.kind not in PAYABLE_KINDS:
        raise ApplicationError(
            _("Payments are recorded against invoices, not credit notes."), code="not_invoice", field="kind", status=409
        )
    if invoice.status not in PAYABLE_STATUSES:
        raise ApplicationError(
            _("Only an issued invoice can be paid; this one is %(status)s.") % {"status": invoice.get_status_display()},
            code="not_issued" if invoice.is_draft else "not_payable",
            field="status",
            status=409,
        )


def _amount_require(amount: Decimal | None) -> None:
    if amount is None or amount <= 0 or amount != amount.quantize(CENT):
        raise ApplicationError(
            _("The amount must be positive, with at most two decimals."), code="invalid_amount", field="amount"
        )


def _skonto_due(invoice: Invoice, amount: Decimal, paid_on: datetime.date, open_before: Decimal) -> Decimal:
    """The discount this payment earns: in time, enough, and not granted before."""
    offer = invoice_skonto_offer(invoice)
    if offer is None or paid_on > offer.deadline or amount >= open_before:
        return ZERO
    if invoice.payments.filter(discount_amount__gt=0).exists():
        return ZERO
    shortfall = open_before - amount
    return shortfall if shortfall <= offer.discount else ZERO


def _largest_remainder(total: Decimal, weights: list[Decimal]) -> list[Decimal]:
    """`total` split in proportion to `weights`, in cents, summing exactly to `total`."""
    whole = sum(weights, ZERO)
    cents = int((total / CENT).to_integral_value())
    exact = [Decimal(cents) * weight / whole for weight in weights]
    parts = [int(value) for value in exact]  # weights and total are positive: int() floors
    order = sorted(range(len(exact)), key=lambda i: (exact[i] - parts[i], -i), reverse=True)
    for index in order[: cents - sum(parts)]:
        parts[index] += 1
    return [Decimal(part) * CENT for part in parts]


def tax_shares(invoice: Invoice, amount: Decimal) -> list[TaxShare]:
    """`amount` (gross) split over the invoice's VAT rates by their gross share, then into net and tax."""
    prefetch_related_objects([invoice], "lines__tax_code", "allowances_charges__tax_code")
    totals = invoice_totals(invoice)
    codes = invoice_tax_codes(invoice)
    rows = [row for row in totals.breakdown if row.taxable_amount + row.tax_amount > 0]
    accounts = tax_posting_accounts(codes.values())
    parts = _largest_remainder(amount, [row.taxable_amount + row.tax_amount for row in rows])
    shares = []
    for row, part in zip(rows, parts, strict=True):
        code = codes[(row.tax_category, row.tax_rate)]
        output_account = accounts.get(code, ("", ""))[0]
        tax = (part * row.tax_amount / (row.taxable_amount + row.tax_amount)).quantize(CENT, ROUND_HALF_UP)
        if not output_account:
            tax = ZERO
        shares.append(TaxShare(tax_code=code, net=part - tax, tax=tax, output_account=output_account))
    return shares


def _account(role: str) -> str:
    account = account_for_role(role)
    if account is None:
        raise ApplicationError(
            _("The chart of accounts has no account for %(role)s.") % {"role": AccountRole(role).label},
            code="no_account",
            field="kind",
            status=409,
        )
    return account.code


def _reduction_lines(invoice: Invoice, amount: Decimal, role: str) -> list[LineSpec]:
    """Debits that take `amount` off revenue (on `role`'s account) and off output tax, per rate."""
    account = _account(role)
    lines = []
    for share in tax_shares(invoice, amount):
        if share.net:
            lines.append(
                LineSpec(
                    account=account, debit=base_amount(share.net, invoice), tax_code=share.tax_code, tax_side="sale"
                )
            )
        if share.tax:
            lines.append(
                LineSpec(
                    account=share.output_account,
                    debit=base_amount(share.tax, invoice),
                    tax_code=share.tax_code,
                    tax_side="sale",
                    is_tax=True,
                )
            )
    return lines


def _post(invoice: Invoice, payment: Payment) -> JournalEntry:
    """Bank (or write-off) and discount against the receivable, in one entry per payment."""
    if payment.kind == PaymentKind.WRITE_OFF:
        debits = _reduction_lines(invoice, payment.amount, AccountRole.WRITE_OFF)
    else:
        debits = [LineSpec(account=_account(AccountRole.BANK), debit=base_amount(payment.amount, invoice))]
        if payment.discount_amount:
            debits += _reduction_lines(invoice, payment.discount_amount, AccountRole.DISCOUNT_GRANTED)
    foreign = invoice.currency != connection.tenant.base_currency  # type: ignore[attr-defined]
    settled = payment.amount + payment.discount_amount
    receivable = LineSpec(
        account=_account(AccountRole.RECEIVABLE),
        credit=sum((line.debit for line in debits), ZERO),
        party_ref=invoice.customer.number,
        # The sign convention of invoice issuing: amounts in currency are positive on the credit side.
        currency=invoice.currency if foreign else "",
        amount_currency=settled if foreign else None,
        exchange_rate=invoice.exchange_rate if foreign else None,
    )
    label = payment.get_kind_display()  # type: ignore[attr-defined]
    return entry_post(
        date=payment.paid_on,
        lines=[*debits, receivable],
        journal="GJ" if payment.kind == PaymentKind.WRITE_OFF else "BNK",
        description=f"{label} {invoice.number} {invoice.customer_name} {payment.reference}".strip(),
        source_type=SOURCE_TYPE,
        source_id=str(payment.pk),
        document_number=invoice.number,
        party_name=invoice.customer_name,
        party_tax_id=invoice.customer_tax_id,
    )
