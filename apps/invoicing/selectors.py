"""Reads of invoices: their EN 16931 totals, computed from the stored lines."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, Protocol

from django.db import connection
from django.db.models import Prefetch, Q, QuerySet

from apps.taxes.models import TaxRate

from .exemptions import EXEMPTION_REASONS
from .models import Invoice, InvoiceAllowanceCharge, InvoiceKind, InvoiceLine, InvoicingSettings
from .payment_selectors import invoices_with_balance
from .totals import AllowanceCharge, DocumentInput, DocumentTotals, ExemptionReason, LineInput, document_totals


def invoice_list(*, filters: Mapping[str, Any] | None = None) -> QuerySet[Invoice]:
    """Invoices with their customer and balance (`payment_selectors.invoices_with_balance`: the open
    amount in SQL); `filters` are the list page's (blank values are ignored)."""
    invoices = invoices_with_balance(Invoice.objects.select_related("customer"))
    filters = filters or {}
    if query := filters.get("q"):
        invoices = invoices.filter(
            Q(number__icontains=query) | Q(customer__legal_name__icontains=query) | Q(customer_name__icontains=query)
        )
    if filters.get("status"):
        invoices = invoices.filter(status=filters["status"])
    if filters.get("customer"):
        invoices = invoices.filter(customer=filters["customer"])
    if filters.get("date_from"):
        invoices = invoices.filter(issue_date__gte=filters["date_from"])
    if filters.get("date_to"):
        invoices = invoices.filter(issue_date__lte=filters["date_to"])
    return invoices


# Credit and debit notes are numbered in series of their own. Not "GS" for credit notes in Germany:
# a "Gutschrift" is self-billing there (§ 14 (2) UStG), and calling a correction one confuses the
# buyer's books. Dominican NC and ND abbreviate "nota de crédito" and "nota de débito".
CORRECTION_SERIES: dict[str, tuple[str, dict[str, str], str]] = {
    # kind: (the settings field choosing it, the usual series by country, the default)
    InvoiceKind.CREDIT_NOTE: ("credit_note_series", {"DE": "RK", "BE": "CN", "DO": "NC"}, "CN"),
    InvoiceKind.DEBIT_NOTE: ("debit_note_series", {"DO": "ND"}, "DN"),
}


def correction_series(*, kind: str) -> str:
    """The company's chosen series for credit (or debit) notes, or its country's usual one."""
    setting, usual, default = CORRECTION_SERIES[kind]
    chosen = InvoicingSettings.objects.filter(pk=1).values_list(setting, flat=True).first()
    country = connection.tenant.country  # type: ignore[attr-defined]
    return chosen or usual.get(country, default)


# What the API's invoice representation reads: lines with their tax code and revenue account.
SERIALIZED_PREFETCH = ("lines__tax_code", "lines__revenue_account", "allowances_charges__tax_code")
# What computing, posting, printing and exporting an invoice read: the lines with their tax code,
# accounts and product joined in one query, the allowances and charges in another.
INVOICE_PREFETCH = (
    Prefetch(
        "lines",
        queryset=InvoiceLine.objects.select_related("tax_code", "revenue_account", "product__revenue_account"),
    ),
    Prefetch("allowances_charges", queryset=InvoiceAllowanceCharge.objects.select_related("tax_code")),
)


def invoice_representations() -> QuerySet[Invoice]:
    """Invoices as the API shows them: balance, customer and lines loaded in a fixed number of queries."""
    return invoice_list().prefetch_related(*SERIALIZED_PREFETCH)


def invoice_detail(*, pk: int) -> Invoice:
    """The invoice with everything its page, PDF and API show, in a fixed number of queries."""
    return Invoice.objects.select_related("customer", "corrects").prefetch_related(*INVOICE_PREFETCH).get(pk=pk)


def exemption_reasons_for(tax_codes: Iterable[TaxRate]) -> dict[str, ExemptionReason]:
    """The reason per category, from the tax codes the document uses (one code per category)."""
    return {code.category: EXEMPTION_REASONS[code.code] for code in tax_codes if code.code in EXEMPTION_REASONS}


def line_input(
    *,
    quantity: Decimal,
    unit_price: Decimal,
    tax_code: TaxRate,
    unit_code: str = "C62",
    base_quantity: Decimal = Decimal("1"),
    discount_percent: Decimal = Decimal("0"),
) -> LineInput:
    """One invoice line in EN 16931 terms; a discount is a line allowance (reason code 95)."""
    discount = (AllowanceCharge(percent=discount_percent, reason="Discount", reason_code="95"),)
    return LineInput(
        quantity=quantity,
        unit_code=unit_code,
        net_price=unit_price,
        base_quantity=base_quantity,
        tax_category=tax_code.category,
        tax_rate=tax_code.rate,
        allowances=discount if discount_percent else (),
    )


class StoredLine(Protocol):
    """What a saved document line (an invoice's, a quote's, an order's) gives the totals engine."""

    @property
    def quantity(self) -> Decimal: ...
    @property
    def unit_code(self) -> str: ...
    @property
    def unit_price(self) -> Decimal: ...
    @property
    def base_quantity(self) -> Decimal: ...
    @property
    def discount_percent(self) -> Decimal: ...
    @property
    def tax_code(self) -> TaxRate: ...


def stored_line_input(line: StoredLine) -> LineInput:
    """A saved line in EN 16931 terms, so every document's stored lines total the same way."""
    return line_input(
        quantity=line.quantity,
        unit_code=line.unit_code,
        unit_price=line.unit_price,
        base_quantity=line.base_quantity,
        discount_percent=line.discount_percent,
        tax_code=line.tax_code,
    )


def invoice_document_input(invoice: Invoice) -> DocumentInput:
    """The invoice as the totals engine's input: the single place model fields become EN 16931 terms."""
    lines = tuple(stored_line_input(line) for line in invoice.lines.all())
    document_level = list(invoice.allowances_charges.all())

    def as_input(item) -> AllowanceCharge:  # type: ignore[no-untyped-def]
        return AllowanceCharge(
            amount=item.amount,
            percent=item.percent,
            reason=item.reason,
            tax_category=item.tax_code.category,
            tax_rate=item.tax_code.rate,
        )

    tax_codes = [line.tax_code for line in invoice.lines.all()] + [item.tax_code for item in document_level]
    return DocumentInput(
        currency=invoice.currency,
        lines=lines,
        allowances=tuple(as_input(item) for item in document_level if not item.is_charge),
        charges=tuple(as_input(item) for item in document_level if item.is_charge),
        prepaid_amount=invoice.prepaid_amount,
        rounding_increment=invoice.rounding_increment,
        exemption_reasons=exemption_reasons_for(tax_codes),
    )


def invoice_tax_codes(invoice: Invoice) -> dict[tuple[str, Decimal], str]:
    """The tax code behind each (category, rate) row of the invoice's VAT breakdown."""
    used = [line.tax_code for line in invoice.lines.all()] + [
        item.tax_code for item in invoice.allowances_charges.all()
    ]
    return {(code.category, code.rate): code.code for code in used}


def invoice_totals(invoice: Invoice) -> DocumentTotals:
    return document_totals(invoice_document_input(invoice))
