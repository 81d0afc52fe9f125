"""Issuing: number, freeze the totals, post to the ledger, all in one transaction."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.errors import ApplicationError
from apps.ledger.models import AccountRole, JournalEntry
from apps.ledger.selectors import account_for_role, revenue_account_for, tax_posting_accounts
from apps.ledger.services import LineSpec, entry_post

from ..models import Invoice, InvoiceKind, InvoiceStatus
from ..selectors import INVOICE_PREFETCH, invoice_tax_codes, invoice_totals
from ..totals import DocumentTotals
from .credit_notes import credited_invoice_settle
from .drafts import draft_require
from .numbering import invoice_number_next

CENT = Decimal("0.01")
SOURCE_TYPE = "invoicing.invoice"


def invoice_issue(*, invoice: Invoice, issue_date: datetime.date | None = None) -> Invoice:
    """Gives the draft its number and due date, stores its totals and posts it; returns it issued."""
    with transaction.atomic():
        # of=("self",): lock the invoice only; locking the customer too would block (and could
        # deadlock with) every other invoice being written for the same customer.
        invoice = (
            Invoice.objects.select_for_update(of=("self",))
            .select_related("customer")
            .prefetch_related(*INVOICE_PREFETCH)
            .get(pk=invoice.pk)
        )
        draft_require(invoice)
        if not invoice.lines.all():  # only a debit note starts without lines; every other draft has some
            raise ApplicationError(_("An invoice needs at least one line."), code="empty", field="lines")
        invoice.issue_date = issue_date or timezone.localdate()
        invoice.due_date = invoice.issue_date + datetime.timedelta(days=invoice.payment_days)
        invoice.customer_name = invoice.customer.legal_name
        invoice.customer_tax_id = invoice.customer.tax_id
        totals = invoice_totals(invoice)
        invoice.total_net, invoice.total_tax = totals.total_without_tax, totals.tax_total
        invoice.total_gross, invoice.amount_due = totals.total_with_tax, totals.amount_due
        lines = _ledger_lines(invoice, totals)
        # The number last: its sequence row stays locked until commit, and every issue in the
        # series waits for it, so only the posting and the save happen after it.
        invoice.number = invoice_number_next(invoice)
        invoice.status = InvoiceStatus.ISSUED
        invoice.issued_at = timezone.now()
        invoice.ledger_entry_id = _post(invoice, lines).pk
        invoice.save()
        if invoice.kind == InvoiceKind.CREDIT_NOTE:
            credited_invoice_settle(note=invoice)
    return invoice


def base_amount(amount: Decimal, invoice: Invoice) -> Decimal:
    """An amount in the company's currency."""
    return (amount * invoice.exchange_rate).quantize(CENT, ROUND_HALF_UP)


def _credit(account: str, amount: Decimal, **extra: object) -> LineSpec:
    """A credit of `amount` (a negative amount becomes a debit)."""
    if amount >= 0:
        return LineSpec(account=account, credit=amount, **extra)  # type: ignore[arg-type]
    return LineSpec(account=account, debit=-amount, **extra)  # type: ignore[arg-type]


def _revenue_account(tax_code: str, cache: dict[str, str]) -> str:
    if tax_code not in cache:
        account = revenue_account_for(tax_code)
        assert account is not None, "every chart has a revenue account"  # noqa: S101
        cache[tax_code] = account.code
    return cache[tax_code]


def _revenue_lines(invoice: Invoice, totals: DocumentTotals) -> list[LineSpec]:
    """Net revenue per account and tax code.

    Lines go to their own (or their product's) revenue account; document allowances and
    charges to the chart's revenue account for their tax code.
    """
    net: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    by_code: dict[str, str] = {}
    for line, result in zip(invoice.lines.all(), totals.lines, strict=True):
        account = line.revenue_account or (line.product.revenue_account if line.product else None)
        code = line.tax_code.code
        net[(account.code if account else _revenue_account(code, by_code), code)] += result.net_amount
    items = list(invoice.allowances_charges.all())
    allowances = [item for item in items if not item.is_charge]
    charges = [item for item in items if item.is_charge]
    for item, computed in zip(allowances, totals.allowances, strict=True):
        net[(_revenue_account(item.tax_code.code, by_code), item.tax_code.code)] -= computed.amount
    for item, computed in zip(charges, totals.charges, strict=True):
        net[(_revenue_account(item.tax_code.code, by_code), item.tax_code.code)] += computed.amount
    return [
        _credit(account, base_amount(amount, invoice), tax_code=code, tax_side="sale")
        for (account, code), amount in net.items()
        if amount
    ]


def _tax_lines(invoice: Invoice, totals: DocumentTotals) -> list[LineSpec]:
    codes = invoice_tax_codes(invoice)
    accounts = tax_posting_accounts(codes.values())
    lines = []
    for row in totals.breakdown:
        if row.tax_amount:
            code = codes[(row.tax_category, row.tax_rate)]
            lines.append(
                _credit(
                    accounts[code][0], base_amount(row.tax_amount, invoice), tax_code=code, tax_side="sale", is_tax=True
                )
            )
    return lines


def _ledger_lines(invoice: Invoice, totals: DocumentTotals) -> list[LineSpec]:
    """Receivable against revenue and output tax; a credit note posts the mirror image."""
    role = {r: account_for_role(r) for r in (AccountRole.RECEIVABLE, AccountRole.ROUNDING)}
    credits = _revenue_lines(invoice, totals)
    credits += _tax_lines(invoice, totals)
    if totals.rounding_amount:
        credits.append(_credit(role[AccountRole.ROUNDING].code, base_amount(totals.rounding_amount, invoice)))  # type: ignore[union-attr]
    if invoice.kind == InvoiceKind.CREDIT_NOTE:
        credits = [replace(line, debit=line.credit, credit=line.debit) for line in credits]
    receivable = sum((line.credit - line.debit for line in credits), Decimal("0"))
    foreign = invoice.currency != connection.tenant.base_currency  # type: ignore[attr-defined]
    lines = [
        _credit(
            role[AccountRole.RECEIVABLE].code,  # type: ignore[union-attr]
            -receivable,
            party_ref=invoice.customer.number,
            currency=invoice.currency if foreign else "",
            amount_currency=(totals.total_with_tax + totals.rounding_amount) * (-1 if receivable > 0 else 1)
            if foreign
            else None,
            exchange_rate=invoice.exchange_rate if foreign else None,
        ),
        *credits,
    ]
    return lines


def _post(invoice: Invoice, lines: list[LineSpec]) -> JournalEntry:
    return entry_post(
        date=invoice.issue_date,  # type: ignore[arg-type]
        lines=lines,
        journal="SAL",
        description=f"{invoice.get_kind_display()} {invoice.number} {invoice.customer_name}",
        source_type=SOURCE_TYPE,
        source_id=str(invoice.pk),
        document_number=invoice.number,
        party_name=invoice.customer_name,
        party_tax_id=invoice.customer_tax_id,
    )
