"""EN 16931 document totals: plain dataclasses in, every business term (BT-106..BT-117) out.

No Django models and no database: documents, the live editor, PDFs and e-invoice exports all
compute through `document_totals` so they agree to the cent. See docs/invoicing-totals.md.
"""

from .compute import document_totals, round2, tax_in_tax_currency
from .documents import (
    CATEGORIES,
    AllowanceCharge,
    AllowanceChargeResult,
    DocumentInput,
    DocumentTotals,
    ExemptionReason,
    LineInput,
    LineResult,
    Problem,
    TaxBreakdown,
)
from .problems import document_problems

__all__ = [
    "CATEGORIES",
    "AllowanceCharge",
    "AllowanceChargeResult",
    "DocumentInput",
    "DocumentTotals",
    "ExemptionReason",
    "LineInput",
    "LineResult",
    "Problem",
    "TaxBreakdown",
    "document_problems",
    "document_totals",
    "round2",
    "tax_in_tax_currency",
]
