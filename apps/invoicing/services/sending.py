"""Sending documents by e-mail: queued in the request, delivered by a Celery task.

Each sending is an `InvoiceDispatch` row: the sent log, and the idempotency key of the
task. Delivery locks that row, so a duplicated or retried task finds it sent and stops.
"""

from __future__ import annotations

import uuid
from smtplib import SMTPException

from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from apps.core.errors import ApplicationError

from ..models import Invoice, InvoiceDispatch, InvoiceKind, InvoiceStatus, SendStatus
from ..tasks import invoice_send_task

DELIVERY_ERRORS = (SMTPException, OSError)


def _recipients(invoice: Invoice, to: list[str] | None) -> list[str]:
    recipients = [address.strip() for address in to or [] if address.strip()]
    if not recipients and invoice.customer.email:
        recipients = [invoice.customer.email]
    if not recipients:
        raise ApplicationError(
            _("The customer has no e-mail address; give the recipients."), code="required", field="to"
        )
    for index, address in enumerate(recipients):
        try:
            validate_email(address)
        except ValidationError:
            raise ApplicationError(
                _("%(address)s is not an e-mail address.") % {"address": address}, code="invalid", field=f"to.{index}"
            ) from None
    return recipients


def _render(invoice: Invoice, message: str) -> tuple[str, str]:
    """Subject and body in the document's language (the customer's when it was created)."""
    context = {
        "invoice": invoice,
        "is_credit_note": invoice.kind == InvoiceKind.CREDIT_NOTE,
        "is_debit_note": invoice.kind == InvoiceKind.DEBIT_NOTE,
        "company": connection.tenant.name,  # type: ignore[attr-defined]
        "amount_due": invoice.amount_due,
        "message": message.strip(),
    }
    with translation.override(invoice.language):
        subject = render_to_string("invoicing/email/document_subject.txt", context).strip()
        body = render_to_string("invoicing/email/document.txt", context)
    return " ".join(subject.split()), body


@transaction.atomic
def invoice_send(*, invoice: Invoice, to: list[str] | None = None, message: str = "") -> InvoiceDispatch:
    """Queues the document for e-mail; the task is queued only once this transaction commits."""
    invoice = Invoice.objects.select_for_update(of=("self",)).select_related("customer", "corrects").get(pk=invoice.pk)
    if invoice.is_draft:
        raise ApplicationError(
            _("Only an issued document can be sent; issue it first."), code="not_issued", field="status", status=409
        )
    recipients = _recipients(invoice, to)
    subject, body = _render(invoice, message)
    dispatch = InvoiceDispatch.objects.create(
        invoice=invoice,
        key=uuid.uuid4().hex,
        recipients=", ".join(recipients),
        subject=subject[:255],
        body=body,
        status=SendStatus.QUEUED,
    )
    invoice.send_status = SendStatus.QUEUED
    invoice.save(update_fields=["send_status", "updated_at"])
    transaction.on_commit(lambda: invoice_send_task.delay(dispatch_id=dispatch.pk))
    return dispatch


def _pdf(invoice: Invoice) -> bytes:
    """The document's PDF; imported when needed so queueing a sending does not load WeasyPrint."""
    from ..pdf import invoice_pdf

    return invoice_pdf(invoice=invoice)


def _message(dispatch: InvoiceDispatch) -> EmailMessage:
    invoice = dispatch.invoice
    message = EmailMessage(
        subject=dispatch.subject,
        body=dispatch.body,
        to=[address.strip() for address in dispatch.recipients.split(",")],
        headers={"X-Kontor-Dispatch": dispatch.key},
    )
    message.attach(f"{invoice.number}.pdf", _pdf(invoice), "application/pdf")
    return message


def dispatch_deliver(*, dispatch_id: int, final: bool = False) -> bool:
    """Sends one queued dispatch; True if it went out now, False if it had gone out (or given up) before.

    A delivery error is counted and stored on the dispatch, then raised for the task to retry;
    on the `final` attempt the dispatch and its document are marked failed instead.
    """
    with transaction.atomic():
        dispatch = InvoiceDispatch.objects.select_for_update(of=("self",)).select_related("invoice").get(pk=dispatch_id)
        if dispatch.status != SendStatus.QUEUED:
            return False
        invoice = dispatch.invoice
        try:
            _message(dispatch).send()
        except DELIVERY_ERRORS as error:
            failure: Exception | None = error
            dispatch.attempts += 1
            dispatch.error = f"{error.__class__.__name__}: {error}"
            if final:
                dispatch.status = SendStatus.FAILED
                Invoice.objects.filter(pk=invoice.pk).update(send_status=SendStatus.FAILED, updated_at=timezone.now())
            dispatch.save(update_fields=["attempts", "error", "status"])
        else:
            failure = None
            dispatch.attempts += 1
            dispatch.status = SendStatus.SENT
            dispatch.sent_at = timezone.now()
            dispatch.error = ""
            dispatch.save(update_fields=["attempts", "status", "sent_at", "error"])
            invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
            invoice.send_status = SendStatus.SENT
            if invoice.status == InvoiceStatus.ISSUED:
                invoice.status = InvoiceStatus.SENT
            invoice.save(update_fields=["send_status", "status", "updated_at"])
    if failure is not None and not final:
        raise failure
    return failure is None
