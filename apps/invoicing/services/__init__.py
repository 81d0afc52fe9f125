"""Writes to invoices. Views, the API, the admin and tasks call these."""

from .drafts import AllowanceChargeData, DraftData, LineData, draft_require, invoice_create, invoice_update
from .issuing import invoice_issue
from .numbering import invoice_number_next

__all__ = [
    "AllowanceChargeData",
    "DraftData",
    "LineData",
    "draft_require",
    "invoice_create",
    "invoice_issue",
    "invoice_number_next",
    "invoice_update",
]
