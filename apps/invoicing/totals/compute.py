"""The EN 16931 calculation: line nets to the cent first, then VAT once per category and rate.

Rounding happens at the points the standard fixes (each allowance/charge, each line net, each
category's tax, the cash rounding) and nowhere else, so any e-invoice validator that recomputes
the document from its lines finds the same totals. Formulas: docs/invoicing-totals.md.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from .documents import (
    CATEGORIES,
    HUNDRED,
    ONE,
    ZERO,
    AllowanceCharge,
    AllowanceChargeResult,
    DocumentInput,
    DocumentTotals,
    LineInput,
    LineResult,
    TaxBreakdown,
)

CENT = Decimal("0.01")
NO_CENTS = Decimal("0.00")

TaxKey = tuple[str, Decimal]


def round2(value: Decimal) -> Decimal:
    """Round to the cent, half away from zero, as EN 16931 does for every amount."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def round_to_increment(value: Decimal, increment: Decimal) -> Decimal:
    """Round half away from zero to a multiple of `increment` (0.05 for cash, 1 for whole units)."""
    return round2((value / increment).quantize(ONE, rounding=ROUND_HALF_UP) * increment)


def line_net_price(line: LineInput) -> Decimal:
    """BT-146: the given net price, or the gross price less the price discount (BT-148 − BT-147)."""
    if line.net_price is not None:
        return line.net_price
    return (line.gross_price or ZERO) - line.price_discount


def _settle(item: AllowanceCharge, *, default_base: Decimal, category: str, rate: Decimal) -> AllowanceChargeResult:
    """Fix an allowance's or charge's amount: a percentage of its base, each rounded to the cent."""
    base = item.base
    if item.percent is not None:
        base = default_base if base is None else base
        amount = round2(base * item.percent / HUNDRED)
    else:
        amount = round2(item.amount or ZERO)
    return AllowanceChargeResult(
        amount=amount,
        base=base,
        percent=item.percent,
        reason=item.reason,
        reason_code=item.reason_code,
        tax_category=category,
        tax_rate=rate,
    )


def line_result(line: LineInput) -> LineResult:
    """BT-131 = round2(quantity × net price / base quantity) − allowances + charges."""
    net_price = line_net_price(line)
    gross_amount = round2(line.quantity * net_price / line.base_quantity)
    allowances = tuple(
        _settle(item, default_base=gross_amount, category=line.tax_category, rate=line.tax_rate)
        for item in line.allowances
    )
    charges = tuple(
        _settle(item, default_base=gross_amount, category=line.tax_category, rate=line.tax_rate)
        for item in line.charges
    )
    return LineResult(
        net_price=net_price,
        gross_amount=gross_amount,
        allowances=allowances,
        charges=charges,
        net_amount=gross_amount - _sum(allowances) + _sum(charges),
        tax_category=line.tax_category,
        tax_rate=line.tax_rate,
    )


def _sum(items: tuple[AllowanceChargeResult, ...]) -> Decimal:
    return sum((item.amount for item in items), NO_CENTS)


def _document_level(
    items: tuple[AllowanceCharge, ...], line_nets: dict[TaxKey, Decimal]
) -> tuple[AllowanceChargeResult, ...]:
    """Settle document allowances or charges; a percentage defaults to its category's line nets."""
    return tuple(
        _settle(
            item,
            default_base=line_nets.get((item.tax_category, item.tax_rate), ZERO),
            category=item.tax_category,
            rate=item.tax_rate,
        )
        for item in items
    )


def _breakdown(
    doc: DocumentInput,
    line_nets: dict[TaxKey, Decimal],
    allowances: tuple[AllowanceChargeResult, ...],
    charges: tuple[AllowanceChargeResult, ...],
) -> tuple[TaxBreakdown, ...]:
    """BG-23: one row per category and rate; tax rounded once on the row's taxable amount."""
    taxable = defaultdict(lambda: ZERO, line_nets)
    for allowance in allowances:
        taxable[(allowance.tax_category, allowance.tax_rate)] -= allowance.amount
    for charge in charges:
        taxable[(charge.tax_category, charge.tax_rate)] += charge.amount
    rows = []
    for (category, rate), amount in sorted(taxable.items(), key=_breakdown_order):
        reason = doc.exemption_reasons.get(category)
        rows.append(
            TaxBreakdown(
                tax_category=category,
                tax_rate=rate,
                taxable_amount=amount,
                tax_amount=round2(amount * rate / HUNDRED),
                exemption_reason=reason.text if reason else "",
                exemption_reason_code=reason.code if reason else "",
            )
        )
    return tuple(rows)


def _breakdown_order(item: tuple[TaxKey, Decimal]) -> tuple[int, Decimal]:
    """Categories in UNCL5305 order as documents usually print them, higher rates first."""
    (category, rate), _amount = item
    position = CATEGORIES.index(category) if category in CATEGORIES else len(CATEGORIES)
    return position, -rate


def tax_in_tax_currency(tax_total: Decimal, exchange_rate: Decimal) -> Decimal:
    """BT-111: the VAT total in the accounting currency, converted once and rounded to the cent."""
    return round2(tax_total * exchange_rate)


def document_totals(doc: DocumentInput) -> DocumentTotals:
    """All EN 16931 totals of a document; call `document_problems` first, this trusts its input."""
    lines = tuple(line_result(line) for line in doc.lines)
    line_nets: dict[TaxKey, Decimal] = defaultdict(lambda: ZERO)
    for line in lines:
        line_nets[(line.tax_category, line.tax_rate)] += line.net_amount
    allowances = _document_level(doc.allowances, line_nets)
    charges = _document_level(doc.charges, line_nets)
    breakdown = _breakdown(doc, line_nets, allowances, charges)

    line_total = sum((line.net_amount for line in lines), NO_CENTS)
    total_without_tax = line_total - _sum(allowances) + _sum(charges)
    tax_total = sum((row.tax_amount for row in breakdown), NO_CENTS)
    total_with_tax = total_without_tax + tax_total
    unrounded_due = total_with_tax - doc.prepaid_amount
    rounding = NO_CENTS
    if doc.rounding_increment is not None:
        rounding = round_to_increment(unrounded_due, doc.rounding_increment) - unrounded_due
    return DocumentTotals(
        currency=doc.currency,
        lines=lines,
        allowances=allowances,
        charges=charges,
        breakdown=breakdown,
        line_total=line_total,
        allowance_total=_sum(allowances),
        charge_total=_sum(charges),
        total_without_tax=total_without_tax,
        tax_total=tax_total,
        tax_total_tax_currency=(
            tax_in_tax_currency(tax_total, doc.exchange_rate) if doc.exchange_rate is not None else None
        ),
        total_with_tax=total_with_tax,
        prepaid_amount=round2(doc.prepaid_amount),
        rounding_amount=rounding,
        amount_due=unrounded_due + rounding,
    )
