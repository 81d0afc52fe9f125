"""Recurring invoices over simulated days: month ends, quarters, years, catch-up, ends, failures, races."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django_tenants.utils import tenant_context

from apps.core.errors import ApplicationError
from apps.invoicing.models import Frequency, Invoice, InvoiceDispatch, InvoiceStatus, RecurringInvoice
from apps.invoicing.recurring_selectors import months_later
from apps.invoicing.services import (
    AllowanceChargeData,
    DraftData,
    LineData,
    ScheduleData,
    invoice_create,
    invoice_issue,
    recurring_invoice_create,
    recurring_invoice_pause,
    recurring_invoice_resume,
    recurring_invoices_issue,
)
from apps.invoicing.tasks import recurring_invoices_issue_task
from apps.ledger.models import JournalEntry, Period
from apps.ledger.services import period_close
from apps.parties.tests.factories import PartyFactory
from apps.tenants.models import Tenant

pytestmark = pytest.mark.django_db
D = Decimal
day = datetime.date


def _template(customer: Any, start: datetime.date, **schedule: Any) -> RecurringInvoice:
    """Hosting at 49.00 net (19 %) a period: 58.31 gross."""
    line = LineData(
        description="Hosting {month} {year}", quantity=D("1"), unit_price=D("49.00"), tax_code="de-standard-19"
    )
    return recurring_invoice_create(
        schedule=ScheduleData(name="Hosting", start_date=start, **schedule),
        draft=DraftData(customer=customer.pk, lines=[line]),
    )


def _run(on: datetime.date) -> int:
    """The daily task as beat queues it, on a simulated day."""
    return recurring_invoices_issue_task.apply(kwargs={"on": on.isoformat()}).get()


def _periods(recurring: RecurringInvoice) -> list[datetime.date | None]:
    return list(recurring.invoices.order_by("recurring_period").values_list("recurring_period", flat=True))


@pytest.fixture
def customer(in_alpha):  # type: ignore[no-untyped-def]
    return PartyFactory(legal_name="Hotel Sonnenhof GmbH", payment_days=14, language="de", email="")


def test_month_end_day_is_kept_through_short_months(customer):
    recurring = _template(customer, day(2031, 1, 31))

    made = [
        _run(on) for on in (day(2031, 1, 31), day(2031, 2, 27), day(2031, 2, 28), day(2031, 3, 31), day(2031, 4, 30))
    ]

    assert made == [1, 0, 1, 1, 1]
    assert _periods(recurring) == [day(2031, 1, 31), day(2031, 2, 28), day(2031, 3, 31), day(2031, 4, 30)]
    recurring.refresh_from_db()
    assert (recurring.next_run, recurring.issued_count, recurring.last_run_on) == (
        day(2031, 5, 31),
        4,
        day(2031, 4, 30),
    )
    february = recurring.invoices.get(recurring_period=day(2031, 2, 28))
    assert (february.delivery_date, february.issue_date, february.due_date) == (
        day(2031, 2, 28),
        day(2031, 2, 28),
        day(2031, 3, 14),
    )
    assert february.lines.get().description == "Hosting Februar 2031"  # the customer's language


def test_every_second_quarter_and_yearly_on_the_29th_of_february(customer):
    quarterly = _template(customer, day(2031, 1, 15), frequency=Frequency.QUARTERLY, interval=2)
    yearly = _template(customer, day(2028, 2, 29), frequency=Frequency.YEARLY)

    assert _run(day(2032, 3, 1)) == 3 + 5

    assert _periods(quarterly) == [day(2031, 1, 15), day(2031, 7, 15), day(2032, 1, 15)]
    assert _periods(yearly) == [
        day(2028, 2, 29),
        day(2029, 2, 28),
        day(2030, 2, 28),
        day(2031, 2, 28),
        day(2032, 2, 29),
    ]
    assert RecurringInvoice.objects.get(pk=quarterly.pk).next_run == day(2032, 7, 15)
    assert RecurringInvoice.objects.get(pk=yearly.pk).next_run == day(2033, 2, 28)


def test_missed_months_are_each_billed_once_dated_the_day_of_the_run(customer):
    recurring = _template(customer, day(2031, 1, 1))
    _run(day(2031, 1, 1))

    assert _run(day(2031, 4, 15)) == 3
    assert _run(day(2031, 4, 15)) == 0  # the same day again: nothing

    invoices = list(recurring.invoices.order_by("recurring_period"))
    assert [(i.recurring_period, i.issue_date, i.number) for i in invoices] == [
        (day(2031, 1, 1), day(2031, 1, 1), "RE-2031-00001"),
        (day(2031, 2, 1), day(2031, 4, 15), "RE-2031-00002"),
        (day(2031, 3, 1), day(2031, 4, 15), "RE-2031-00003"),
        (day(2031, 4, 1), day(2031, 4, 15), "RE-2031-00004"),
    ]
    assert RecurringInvoice.objects.get(pk=recurring.pk).next_run == day(2031, 5, 1)


def test_an_end_date_or_a_count_ends_the_schedule(customer):
    until = _template(customer, day(2031, 1, 10), end_date=day(2031, 3, 10))
    counted = _template(customer, day(2031, 1, 10), max_count=2)

    assert _run(day(2031, 12, 31)) == 3 + 2

    assert _periods(until) == [day(2031, 1, 10), day(2031, 2, 10), day(2031, 3, 10)]
    assert _periods(counted) == [day(2031, 1, 10), day(2031, 2, 10)]
    assert list(RecurringInvoice.objects.order_by("pk").values_list("next_run", "issued_count")) == [
        (None, 3),
        (None, 2),
    ]
    assert _run(day(2032, 12, 31)) == 0


def test_auto_issue_posts_to_the_ledger_and_without_it_drafts_wait(customer):
    issued = _template(customer, day(2031, 3, 1))
    drafted = _template(customer, day(2031, 3, 1), auto_issue=False)

    _run(day(2031, 3, 1))

    invoice = issued.invoices.get()
    assert (invoice.status, invoice.total_gross, invoice.number) == (InvoiceStatus.ISSUED, D("58.31"), "RE-2031-00001")
    entry = JournalEntry.objects.get(pk=invoice.ledger_entry_id)
    assert sorted((line.account.code, line.debit, line.credit) for line in entry.lines.all()) == [
        ("1400", D("58.31"), D("0.00")),
        ("1776", D("0.00"), D("9.31")),
        ("8400", D("0.00"), D("49.00")),
    ]
    draft = drafted.invoices.get()
    assert (draft.status, draft.number, draft.ledger_entry_id) == (InvoiceStatus.DRAFT, "", None)


def test_auto_send_mails_each_invoice_once(customer, run_queued_work, monkeypatch):
    monkeypatch.setattr("apps.invoicing.pdf.invoice_pdf", lambda *, invoice: b"%PDF-1.7 " + invoice.number.encode())
    customer.email = "buchhaltung@sonnenhof.test"
    customer.save()
    recurring = _template(customer, day(2031, 3, 1), auto_send=True)
    silent = _template(PartyFactory(email=""), day(2031, 3, 1), auto_send=True)

    with run_queued_work():
        _run(day(2031, 3, 1))
    with run_queued_work():
        _run(day(2031, 3, 1))

    assert [(message.to, message.attachments[0][0]) for message in mail.outbox] == [
        (["buchhaltung@sonnenhof.test"], "RE-2031-00001.pdf")
    ]
    assert recurring.invoices.get().status == InvoiceStatus.SENT
    assert silent.invoices.get().status == InvoiceStatus.ISSUED  # no address: issued, not sent
    assert InvoiceDispatch.objects.count() == 1


def test_placeholders_render_the_period_in_the_customers_language(customer):
    line = LineData(
        description="Wartung {period} {nicht}", quantity=D("1"), unit_price=D("10"), tax_code="de-standard-19"
    )
    charge = AllowanceChargeData(reason="Anfahrt", tax_code="de-standard-19", is_charge=True, amount=D("5.00"))
    english = PartyFactory(language="en")
    for party in (customer, english):
        recurring_invoice_create(
            schedule=ScheduleData(name="Wartung", start_date=day(2031, 3, 15), frequency=Frequency.QUARTERLY),
            draft=DraftData(customer=party.pk, lines=[line], allowances_charges=[charge], notes="Quartal {month}"),
        )

    _run(day(2031, 3, 15))

    german, other = Invoice.objects.order_by("pk")
    assert german.lines.get().description == "Wartung 15.03.2031 – 14.06.2031 {nicht}"
    assert other.lines.get().description == "Wartung 03/15/2031 – 06/14/2031 {nicht}"
    assert (german.notes, other.notes) == ("Quartal März", "Quartal March")
    assert german.total_gross == D("17.85")  # the charge came along


def test_a_failing_template_is_recorded_and_does_not_stop_the_others(customer, in_alpha, owner_a):
    gone = PartyFactory()
    broken = _template(gone, day(2031, 3, 15))
    closed = _template(customer, day(2031, 3, 15))
    fine = _template(customer, day(2031, 3, 15), auto_issue=False)
    gone.is_active = False
    gone.save()
    # A posting opens 2031; then March is closed to postings.
    invoice_issue(
        invoice=invoice_create(
            data=DraftData(
                customer=customer.pk,
                lines=[LineData(description="x", quantity=D("1"), unit_price=D("1"), tax_code="de-standard-19")],
            )
        ),
        issue_date=day(2031, 1, 5),
    )
    march = Period.objects.get(fiscal_year__start_date=day(2031, 1, 1), number=3)
    period_close(tenant=in_alpha, period=march, user=owner_a)

    assert _run(day(2031, 3, 15)) == 1

    broken.refresh_from_db()
    closed.refresh_from_db()
    assert (broken.next_run, broken.issued_count, broken.last_run_on) == (day(2031, 3, 15), 0, day(2031, 3, 15))
    assert broken.last_error == "There is no active customer with this id."
    assert (closed.next_run, closed.issued_count) == (day(2031, 3, 15), 0)
    assert "closed" in closed.last_error
    assert not broken.invoices.exists() and not closed.invoices.exists()
    assert fine.invoices.get().status == InvoiceStatus.DRAFT


def test_paused_templates_wait_and_resuming_skips_the_paused_periods(customer):
    recurring = _template(customer, day(2031, 1, 1))
    _run(day(2031, 1, 1))
    recurring_invoice_pause(recurring=recurring)

    assert _run(day(2031, 3, 20)) == 0

    recurring_invoice_resume(recurring=recurring, on=day(2031, 3, 20))
    assert RecurringInvoice.objects.get(pk=recurring.pk).next_run == day(2031, 4, 1)
    assert _run(day(2031, 4, 1)) == 1
    assert _periods(recurring) == [day(2031, 1, 1), day(2031, 4, 1)]


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (day(2031, 1, 31), 1, day(2031, 2, 28)),
        (day(2031, 1, 31), 13, day(2032, 2, 29)),
        (day(2031, 8, 31), 3, day(2031, 11, 30)),
        (day(2031, 11, 30), 2, day(2032, 1, 30)),
        (day(2031, 1, 31), 12 * 5 + 11, day(2036, 12, 31)),
    ],
)
def test_months_later_keeps_the_day_or_takes_the_months_last(start, months, expected):
    assert months_later(start, months) == expected


def _template_committed(company: Tenant) -> int:
    with tenant_context(company):
        return _template(PartyFactory(), day(2031, 1, 1)).pk


def _made(company: Tenant, pk: int) -> list[datetime.date | None]:
    with tenant_context(company):
        return _periods(RecurringInvoice.objects.get(pk=pk))


def test_two_runs_at_once_bill_each_period_once(scratch_company, committed, in_threads):
    company = scratch_company("recurring-race")
    pk = committed(lambda: _template_committed(company))

    def run(_index: int) -> int:
        with tenant_context(company):
            return recurring_invoices_issue(on=day(2031, 4, 1)).made

    made = in_threads(run, 2)

    assert sum(made) == 4
    assert committed(lambda: _made(company, pk)) == [day(2031, 1, 1), day(2031, 2, 1), day(2031, 3, 1), day(2031, 4, 1)]


def test_a_template_the_totals_engine_refuses_is_not_saved(customer):
    line = LineData(description="Wartung", quantity=D("1"), unit_price=D("10"), unit_code="", tax_code="de-standard-19")

    with pytest.raises(ApplicationError) as refused:
        recurring_invoice_create(
            schedule=ScheduleData(name="Wartung", start_date=day(2031, 3, 1)),
            draft=DraftData(customer=customer.pk, lines=[line]),
        )

    assert (refused.value.code, refused.value.field) == ("BR-23", "lines.0.unit_code")
    assert not RecurringInvoice.objects.exists() and not Invoice.objects.exists()
