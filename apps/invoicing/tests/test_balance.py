"""What is still owed: credit notes count against their invoice, their own number series, overdue marking."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django_tenants.utils import tenant_context

from apps.core.errors import ApplicationError
from apps.invoicing.models import Invoice, InvoiceStatus, InvoicingSettings
from apps.invoicing.payment_selectors import invoice_open_amount
from apps.invoicing.services import (
    DraftData,
    LineData,
    credit_note_create,
    invoice_create,
    invoice_issue,
    invoice_send,
    payment_record,
)
from apps.invoicing.tasks import invoice_send_task, invoices_mark_overdue_task
from apps.parties.tests.factories import PartyFactory

pytestmark = pytest.mark.django_db
D = Decimal
ISSUED_ON = datetime.date(2031, 3, 10)  # 14 days: due 2031-03-24


def _issued(customer: Any, *prices: str, tax_code: str = "de-standard-19") -> Invoice:
    lines = [
        LineData(description=f"Posten {i}", quantity=D("1"), unit_price=D(price), tax_code=tax_code)
        for i, price in enumerate(prices)
    ]
    return invoice_issue(
        invoice=invoice_create(data=DraftData(customer=customer.pk, lines=lines)), issue_date=ISSUED_ON
    )


def _credit(invoice: Invoice, lines: list[tuple[int, Decimal]] | None = None) -> Invoice:
    return invoice_issue(invoice=credit_note_create(invoice=invoice, lines=lines), issue_date=ISSUED_ON)


def _state(invoice: Invoice) -> tuple[str, Decimal]:
    return Invoice.objects.get(pk=invoice.pk).status, invoice_open_amount(invoice)


@pytest.fixture
def customer(in_alpha):  # type: ignore[no-untyped-def]
    return PartyFactory(payment_days=14, email="buchhaltung@kunde.test")


def test_credit_notes_have_their_own_gapless_series(customer):
    first = _credit(_issued(customer, "100.00"))
    second = _credit(_issued(customer, "50.00"))
    InvoicingSettings.objects.filter(pk=1).update(credit_note_series="GU")
    third = _credit(_issued(customer, "10.00"))

    assert [first.number, second.number, third.number] == ["RK-2031-00001", "RK-2031-00002", "GU-2031-00001"]
    assert list(Invoice.objects.filter(kind="invoice").order_by("pk").values_list("number", flat=True)) == [
        "RE-2031-00001",
        "RE-2031-00002",
        "RE-2031-00003",
    ]


def test_a_belgian_company_numbers_credit_notes_cn(tenant_b):
    with tenant_context(tenant_b):
        invoice = _issued(PartyFactory(country="BE"), "100.00", tax_code="be-standard-21")
        assert _credit(invoice).number == "CN-2031-00001"


def test_a_partial_credit_note_reduces_the_open_amount_and_the_paid_rest_closes_it(customer):
    invoice = _issued(customer, "100.00", "20.00")  # 119.00 + 23.80 = 142.80
    draft = credit_note_create(invoice=invoice, lines=[(2, D("1"))])

    assert _state(invoice) == (InvoiceStatus.ISSUED, D("142.80"))  # a draft credit note counts for nothing
    note = invoice_issue(invoice=draft, issue_date=ISSUED_ON)
    assert _state(invoice) == (InvoiceStatus.ISSUED, D("119.00"))
    assert invoice_open_amount(note) == D("0.00")  # counted on its invoice, not twice

    payment_record(invoice=invoice, amount=D("119.00"), paid_on=ISSUED_ON)
    assert _state(invoice) == (InvoiceStatus.PAID, D("0.00"))


def test_paid_in_part_then_credited_for_the_rest_is_paid(customer):
    invoice = _issued(customer, "100.00", "20.00")
    payment_record(invoice=invoice, amount=D("119.00"), paid_on=ISSUED_ON)
    assert _state(invoice) == (InvoiceStatus.PARTLY_PAID, D("23.80"))

    _credit(invoice, [(2, D("1"))])

    assert _state(invoice) == (InvoiceStatus.PAID, D("0.00"))


def test_a_fully_credited_unpaid_invoice_is_cancelled_and_takes_no_payment(customer):
    invoice = _issued(customer, "100.00")

    _credit(invoice)

    assert _state(invoice) == (InvoiceStatus.CANCELLED, D("0.00"))
    with pytest.raises(ApplicationError) as refused:
        payment_record(invoice=invoice, amount=D("1.00"), paid_on=ISSUED_ON)
    assert (refused.value.code, refused.value.field) == ("not_payable", "status")


def test_a_credit_note_after_full_payment_leaves_a_credit_in_the_customers_favour(customer):
    invoice = _issued(customer, "100.00")
    payment_record(invoice=invoice, amount=D("119.00"), paid_on=ISSUED_ON)

    _credit(invoice)

    assert _state(invoice) == (InvoiceStatus.PAID, D("-119.00"))


def test_the_api_shows_the_open_amount(customer, tenant_a, owner_a, token_for):
    invoice = _issued(customer, "100.00", "20.00")
    _credit(invoice, [(1, D("1"))])

    body = token_for(tenant_a, owner_a).get(f"/api/v1/invoices/{invoice.pk}/").json()

    assert (body["status"], body["open_amount"]) == ("issued", "23.80")


def _overdue(on: datetime.date) -> int:
    return invoices_mark_overdue_task.apply(kwargs={"on": on.isoformat()}).get()


def test_invoices_past_due_with_money_open_become_overdue_once(customer):
    issued = _issued(customer, "100.00")
    partly = _issued(customer, "100.00")
    payment_record(invoice=partly, amount=D("50.00"), paid_on=ISSUED_ON)
    paid = _issued(customer, "100.00")
    payment_record(invoice=paid, amount=D("119.00"), paid_on=ISSUED_ON)
    credited = _issued(customer, "100.00")
    _credit(credited)
    later = invoice_issue(
        invoice=invoice_create(
            data=DraftData(
                customer=customer.pk,
                lines=[LineData(description="x", quantity=D("1"), unit_price=D("1"), tax_code="de-standard-19")],
                payment_days=30,
            )
        ),
        issue_date=ISSUED_ON,
    )
    draft = invoice_create(
        data=DraftData(
            customer=customer.pk,
            lines=[LineData(description="x", quantity=D("1"), unit_price=D("1"), tax_code="de-standard-19")],
        )
    )

    assert _overdue(datetime.date(2031, 3, 24)) == 0  # due today is not late
    assert _overdue(datetime.date(2031, 3, 25)) == 2
    assert _overdue(datetime.date(2031, 3, 25)) == 0

    statuses = dict(Invoice.objects.values_list("pk", "status"))
    assert [statuses[i.pk] for i in (issued, partly, paid, credited, later, draft)] == [
        "overdue",
        "overdue",
        "paid",
        "cancelled",
        "issued",
        "draft",
    ]


def test_payments_on_an_overdue_invoice_keep_it_overdue_until_it_is_paid(customer):
    invoice = _issued(customer, "100.00")
    _overdue(datetime.date(2031, 4, 1))

    payment_record(invoice=invoice, amount=D("100.00"), paid_on=datetime.date(2031, 4, 2))
    assert _state(invoice) == (InvoiceStatus.OVERDUE, D("19.00"))
    payment_record(invoice=invoice, amount=D("19.00"), paid_on=datetime.date(2031, 4, 3))
    assert _state(invoice) == (InvoiceStatus.PAID, D("0.00"))


def test_sending_an_overdue_invoice_keeps_it_overdue(customer, django_capture_on_commit_callbacks, monkeypatch):
    monkeypatch.setattr("apps.invoicing.pdf.invoice_pdf", lambda *, invoice: b"%PDF-1.7")
    invoice = _issued(customer, "100.00")
    _overdue(datetime.date(2031, 4, 1))

    with django_capture_on_commit_callbacks():
        dispatch = invoice_send(invoice=invoice)
    invoice_send_task.apply(kwargs={"dispatch_id": dispatch.pk})

    assert len(mail.outbox) == 1
    refreshed = Invoice.objects.get(pk=invoice.pk)
    assert (refreshed.status, refreshed.send_status) == (InvoiceStatus.OVERDUE, "sent")
