"""What the totals engine reads and what it answers, named after the EN 16931 business terms.

Plain frozen dataclasses with `Decimal` amounts so the engine runs without Django models or a
database: the invoicing services, the live editor, the PDF and the e-invoice exports all call
it with the same input and must agree to the cent.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

ZERO = Decimal("0")
ONE = Decimal("1")
HUNDRED = Decimal("100")

# UNCL5305 codes EN 16931 allows for VAT (BT-118), in the order a breakdown lists them.
CATEGORIES = ("S", "Z", "E", "AE", "K", "G", "O")


@dataclass(frozen=True, kw_only=True)
class AllowanceCharge:
    """An allowance or a charge (BG-20/21 on the document, BG-27/28 on a line).

    Give either `amount` or `percent`; a percentage applies to `base` (BT-93/BT-100/BT-137/BT-142),
    which defaults to the line's amount before allowances on a line and to the summed line net
    amounts of the tax category and rate on the document. The tax category and rate matter on
    the document only: a line's allowances and charges share the line's tax.
    """

    amount: Decimal | None = None
    percent: Decimal | None = None
    base: Decimal | None = None
    reason: str = ""
    reason_code: str = ""
    tax_category: str = ""
    tax_rate: Decimal = ZERO


@dataclass(frozen=True, kw_only=True)
class LineInput:
    """An invoice line (BG-25): quantity × net price per base quantity, then allowances and charges.

    The price is either the net price (BT-146) or the gross price (BT-148) less the price
    discount (BT-147); `base_quantity` (BT-149) quotes prices per 100 or per 1,000 units.
    """

    quantity: Decimal
    tax_category: str
    tax_rate: Decimal
    unit_code: str = "C62"
    net_price: Decimal | None = None
    gross_price: Decimal | None = None
    price_discount: Decimal = ZERO
    base_quantity: Decimal = ONE
    allowances: tuple[AllowanceCharge, ...] = ()
    charges: tuple[AllowanceCharge, ...] = ()


@dataclass(frozen=True, kw_only=True)
class ExemptionReason:
    """Why a category carries no VAT (BT-120 text, BT-121 code): the law requires it on the document."""

    text: str = ""
    code: str = ""


@dataclass(frozen=True, kw_only=True)
class DocumentInput:
    """An invoice or credit note before totals; a credit note passes positive amounts too.

    `exemption_reasons` is keyed by tax category. `rounding_increment` (e.g. 0.05) rounds the
    amount due for cash payments; None leaves it to the cent. `exchange_rate` converts the
    document currency into `tax_currency` (BT-6), for BT-111.
    """

    currency: str
    lines: tuple[LineInput, ...]
    allowances: tuple[AllowanceCharge, ...] = ()
    charges: tuple[AllowanceCharge, ...] = ()
    prepaid_amount: Decimal = ZERO
    rounding_increment: Decimal | None = None
    exemption_reasons: Mapping[str, ExemptionReason] = field(default_factory=dict)
    tax_currency: str | None = None
    exchange_rate: Decimal | None = None


@dataclass(frozen=True, kw_only=True)
class AllowanceChargeResult:
    """An allowance or charge with its amount settled, as the exports write it."""

    amount: Decimal
    base: Decimal | None
    percent: Decimal | None
    reason: str
    reason_code: str
    tax_category: str
    tax_rate: Decimal


@dataclass(frozen=True, kw_only=True)
class LineResult:
    """A line's derived amounts: net price (BT-146), amount before allowances, net amount (BT-131)."""

    net_price: Decimal
    gross_amount: Decimal
    allowances: tuple[AllowanceChargeResult, ...]
    charges: tuple[AllowanceChargeResult, ...]
    net_amount: Decimal
    tax_category: str
    tax_rate: Decimal


@dataclass(frozen=True, kw_only=True)
class TaxBreakdown:
    """One VAT breakdown row (BG-23): BT-116 taxable amount, BT-117 tax, BT-118/119, BT-120/121."""

    tax_category: str
    tax_rate: Decimal
    taxable_amount: Decimal
    tax_amount: Decimal
    exemption_reason: str = ""
    exemption_reason_code: str = ""


@dataclass(frozen=True, kw_only=True)
class DocumentTotals:
    """Every document total EN 16931 (BG-22) needs; the field comments give the business terms."""

    currency: str
    lines: tuple[LineResult, ...]
    allowances: tuple[AllowanceChargeResult, ...]
    charges: tuple[AllowanceChargeResult, ...]
    breakdown: tuple[TaxBreakdown, ...]
    line_total: Decimal  # BT-106
    allowance_total: Decimal  # BT-107
    charge_total: Decimal  # BT-108
    total_without_tax: Decimal  # BT-109
    tax_total: Decimal  # BT-110
    tax_total_tax_currency: Decimal | None  # BT-111
    total_with_tax: Decimal  # BT-112
    prepaid_amount: Decimal  # BT-113
    rounding_amount: Decimal  # BT-114
    amount_due: Decimal  # BT-115


@dataclass(frozen=True)
class Problem:
    """A broken rule in the input: the EN 16931 rule id (or our own code) and the field to correct."""

    code: str
    field: str
    message: str
