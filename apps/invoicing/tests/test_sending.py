"""Sending invoices by e-mail: queued in the request, delivered once by the task, retried, failed with the reason."""

import datetime
from decimal import Decimal
from smtplib import SMTPException
from typing import Any

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.locmem import EmailBackend as MemoryBackend
from django_tenants.utils import tenant_context

from apps.core.errors import ApplicationError
from apps.invoicing.models import Invoice, InvoiceDispatch, InvoiceStatus, SendStatus
from apps.invoicing.services import DraftData, LineData, credit_note_create, invoice_create, invoice_issue
from apps.invoicing.services.sending import invoice_send
from apps.invoicing.tasks import invoice_send_task
from apps.parties.tests.factories import PartyFactory

pytestmark = pytest.mark.django_db
D = Decimal


class RefusingBackend(BaseEmailBackend):
    """An SMTP server that is down."""

    def send_messages(self, email_messages: Any) -> int:
        raise SMTPException("421 Service not available")


class FlakyBackend(MemoryBackend):
    """Refuses the first `failures` messages, then delivers to the test outbox."""

    failures = 0

    def send_messages(self, messages: Any) -> int:
        if FlakyBackend.failures:
            FlakyBackend.failures -= 1
            raise ConnectionRefusedError("connection refused")
        return super().send_messages(messages)


def _customer(**fields: Any) -> Any:
    defaults = {"legal_name": "Müller & Söhne KG", "email": "buchhaltung@mueller.test", "language": "de"}
    return PartyFactory(**(defaults | fields))


def _issued(customer: Any) -> Invoice:
    line = LineData(description="Eichenbrett 2 m", quantity=D("3"), unit_price=D("19.99"), tax_code="de-standard-19")
    draft = invoice_create(data=DraftData(customer=customer.pk, lines=[line]))
    return invoice_issue(invoice=draft, issue_date=datetime.date(2031, 3, 10))


@pytest.fixture
def quick_pdf(monkeypatch: Any) -> None:
    """Tests about retries need a PDF, not WeasyPrint's layout six times over."""
    monkeypatch.setattr("apps.invoicing.pdf.invoice_pdf", lambda *, invoice: b"%PDF-1.7 " + invoice.number.encode())


def _queued(invoice: Invoice, django_capture_on_commit_callbacks: Any, **options: Any) -> InvoiceDispatch:
    """A dispatch whose task is not run, so the test can run it as it likes."""
    with django_capture_on_commit_callbacks() as queued:
        dispatch = invoice_send(invoice=invoice, **options)
    assert len(queued) == 1
    return dispatch


def test_sending_queues_and_the_task_mails_the_pdf_in_the_customers_language(
    tenant_a, owner_a, token_for, run_queued_work
):
    with tenant_context(tenant_a):
        invoice = _issued(_customer())
    client = token_for(tenant_a, owner_a)

    with run_queued_work():
        response = client.post(f"/api/v1/invoices/{invoice.pk}/send/", {"message": "Danke!"}, format="json")

    assert response.status_code == 202, response.json()
    assert (response.json()["status"], response.json()["recipients"]) == ("queued", "buchhaltung@mueller.test")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["buchhaltung@mueller.test"]
    assert "RE-2031-00001" in message.subject and "10. März 2031" in message.subject  # German date: de active
    assert "Danke!" in message.body and "71,36" in message.body  # 59.97 + 19 % in German notation
    [(filename, content, mimetype)] = message.attachments
    assert (filename, mimetype, content[:5]) == ("RE-2031-00001.pdf", "application/pdf", b"%PDF-")
    with tenant_context(tenant_a):
        dispatch = InvoiceDispatch.objects.get()
        invoice.refresh_from_db()
        assert (dispatch.status, dispatch.attempts, dispatch.error) == (SendStatus.SENT, 1, "")
        assert dispatch.sent_at is not None
        assert (invoice.status, invoice.send_status) == (InvoiceStatus.SENT, SendStatus.SENT)
    log = client.get(f"/api/v1/invoices/{invoice.pk}/dispatches/").json()
    assert [(row["id"], row["status"], row["subject"]) for row in log] == [(dispatch.pk, "sent", message.subject)]


def test_a_duplicated_or_retried_task_sends_once(in_alpha, django_capture_on_commit_callbacks):
    invoice = _issued(_customer(language="en"))
    dispatch = _queued(invoice, django_capture_on_commit_callbacks, to=["a@kunde.test", "b@kunde.test"])

    first = invoice_send_task.apply(kwargs={"dispatch_id": dispatch.pk})
    again = invoice_send_task.apply(kwargs={"dispatch_id": dispatch.pk})

    assert (first.get(), again.get()) == (True, False)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["a@kunde.test", "b@kunde.test"]
    assert mail.outbox[0].subject == "Invoice RE-2031-00001 of March 10, 2031 from Alpha Bau GmbH"
    dispatch.refresh_from_db()
    assert (dispatch.status, dispatch.attempts) == (SendStatus.SENT, 1)


def test_a_credit_note_is_sent_as_one(in_alpha, django_capture_on_commit_callbacks, quick_pdf):
    invoice = _issued(_customer(language="en"))
    note = invoice_issue(invoice=credit_note_create(invoice=invoice), issue_date=datetime.date(2031, 3, 12))

    dispatch = _queued(note, django_capture_on_commit_callbacks)
    invoice_send_task.apply(kwargs={"dispatch_id": dispatch.pk})

    assert mail.outbox[0].subject == "Credit note RK-2031-00001 of March 12, 2031 from Alpha Bau GmbH"
    assert "correcting invoice RE-2031-00001" in mail.outbox[0].body
    assert mail.outbox[0].attachments == [("RK-2031-00001.pdf", b"%PDF-1.7 RK-2031-00001", "application/pdf")]


def test_delivery_errors_are_retried_with_backoff_and_then_marked_failed(
    in_alpha, settings, run_queued_work, monkeypatch, quick_pdf
):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    invoice = _issued(_customer())
    countdowns = []
    retry = invoice_send_task.retry

    def recorded_retry(*args: Any, **kwargs: Any) -> Any:
        countdowns.append(kwargs["countdown"])
        return retry(*args, **kwargs)

    monkeypatch.setattr(invoice_send_task, "retry", recorded_retry)

    with run_queued_work():
        dispatch = invoice_send(invoice=invoice)

    assert countdowns == [2, 4, 8, 16, 32]
    dispatch.refresh_from_db()
    invoice.refresh_from_db()
    assert (dispatch.status, dispatch.attempts, dispatch.sent_at) == (SendStatus.FAILED, 6, None)
    assert dispatch.error == "SMTPException: 421 Service not available"
    assert (invoice.status, invoice.send_status) == (InvoiceStatus.ISSUED, SendStatus.FAILED)
    assert mail.outbox == []


def test_a_passing_connection_problem_is_retried_and_sent_once(in_alpha, settings, run_queued_work, quick_pdf):
    settings.EMAIL_BACKEND = f"{__name__}.FlakyBackend"
    FlakyBackend.failures = 2
    invoice = _issued(_customer())

    with run_queued_work():
        dispatch = invoice_send(invoice=invoice)

    dispatch.refresh_from_db()
    assert (dispatch.status, dispatch.attempts, dispatch.error) == (SendStatus.SENT, 3, "")
    assert len(mail.outbox) == 1


def test_without_a_customer_address_the_recipients_are_required(tenant_a, owner_a, token_for):
    with tenant_context(tenant_a):
        invoice = _issued(_customer(email=""))

    response = token_for(tenant_a, owner_a).post(f"/api/v1/invoices/{invoice.pk}/send/", {}, format="json")

    assert response.status_code == 400
    assert (response.json()["errors"][0]["code"], response.json()["errors"][0]["field"]) == ("required", "to")
    with tenant_context(tenant_a):
        assert not InvoiceDispatch.objects.exists()
        assert Invoice.objects.get(pk=invoice.pk).send_status == SendStatus.NOT_SENT


def test_a_draft_cannot_be_sent(in_alpha):
    line = LineData(description="Brett", quantity=D("1"), unit_price=D("1"), tax_code="de-standard-19")
    draft = invoice_create(data=DraftData(customer=_customer().pk, lines=[line]))

    with pytest.raises(ApplicationError) as refused:
        invoice_send(invoice=draft)

    assert (refused.value.code, refused.value.status) == ("not_issued", 409)
    assert not InvoiceDispatch.objects.exists()
