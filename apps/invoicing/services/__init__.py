"""Writes to invoices. Views, the API, the admin and tasks call these."""

from .credit_notes import credit_note_create
from .debit_notes import debit_note_create
from .drafts import AllowanceChargeData, DraftData, LineData, draft_require, invoice_create, invoice_update
from .issuing import invoice_issue
from .numbering import invoice_number_next
from .overdue import invoices_mark_overdue
from .payments import payment_record
from .recurring import (
    RecurringRun,
    ScheduleData,
    recurring_invoice_create,
    recurring_invoice_delete,
    recurring_invoice_pause,
    recurring_invoice_resume,
    recurring_invoice_run,
    recurring_invoice_update,
    recurring_invoices_issue,
)
from .sending import invoice_send
from .settings import invoicing_settings_update

__all__ = [
    "AllowanceChargeData",
    "DraftData",
    "LineData",
    "RecurringRun",
    "ScheduleData",
    "credit_note_create",
    "debit_note_create",
    "draft_require",
    "invoice_create",
    "invoice_issue",
    "invoice_number_next",
    "invoice_send",
    "invoice_update",
    "invoices_mark_overdue",
    "invoicing_settings_update",
    "payment_record",
    "recurring_invoice_create",
    "recurring_invoice_delete",
    "recurring_invoice_pause",
    "recurring_invoice_resume",
    "recurring_invoice_run",
    "recurring_invoice_update",
    "recurring_invoices_issue",
]
