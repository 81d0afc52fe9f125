"""Writes to invoices. Views, the API, the admin and tasks call these."""

from .credit_notes import credit_note_create
from .drafts import AllowanceChargeData, DraftData, LineData, draft_require, invoice_create, invoice_update
from .issuing import invoice_issue
from .numbering import invoice_number_next
from .payments import payment_record
from .sending import invoice_send

__all__ = [
    "AllowanceChargeData",
    "DraftData",
    "LineData",
    "credit_note_create",
    "draft_require",
    "invoice_create",
    "invoice_issue",
    "invoice_number_next",
    "invoice_send",
    "invoice_update",
    "payment_record",
]
