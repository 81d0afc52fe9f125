"""The dunning run over simulated days: levels in order, fees, statutory interest, stops, idempotence."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django_tenants.utils import tenant_context

from apps.core.errors import ApplicationError
from apps.dunning.models import DunningLevel, DunningNotice, DunningSettings, InterestMode
from apps.dunning.selectors import interest_periods, overdue_list
from apps.dunning.services import dunning_notice_create, dunning_run, dunning_stop_set
from apps.dunning.tasks import dunning_run_task
from apps.invoicing.models import SendStatus
from apps.invoicing.services import credit_note_create, invoice_issue, payment_record
from apps.parties.tests.factories import PartyFactory
from apps.tenants.tasks import tenants_fan_out_task

from .conftest import issued_invoice

pytestmark = pytest.mark.django_db
D = Decimal
DAY = datetime.timedelta(days=1)
ISSUED = datetime.date(2031, 3, 1)
DUE = datetime.date(2031, 3, 15)


def _run_daily(first: datetime.date, last: datetime.date) -> list[tuple[datetime.date, int]]:
    """Runs the nightly task for each day; returns (day, level) of every notice created."""
    created = []
    day = first
    while day <= last:
        before = set(DunningNotice.objects.values_list("pk", flat=True))
        assert dunning_run_task(on=day.isoformat()) == DunningNotice.objects.count() - len(before)
        created += [
            (day, level)
            for level in DunningNotice.objects.exclude(pk__in=before).values_list("level__level", flat=True)
        ]
        day += DAY
    return created


def test_levels_come_on_their_days_in_order_never_twice(overdue):
    invoice = overdue(issued=ISSUED)
    assert invoice.due_date == DUE

    created = _run_daily(DUE, DUE + 60 * DAY)

    assert created == [(DUE + 7 * DAY, 1), (DUE + 21 * DAY, 2), (DUE + 35 * DAY, 3)]
    notices = list(invoice.dunning_notices.order_by("level__level"))
    assert [(n.fee, n.earlier_fees, n.open_amount) for n in notices] == [
        (D("0.00"), D("0.00"), D("1190.00")),
        (D("5.00"), D("0.00"), D("1190.00")),
        (D("10.00"), D("5.00"), D("1190.00")),
    ]
    assert [n.interest for n in notices] == [D("0.00")] * 3  # the company charges no interest by default
    assert notices[2].total == D("1205.00")


def test_an_invoice_found_late_starts_at_the_reminder_and_keeps_the_distance_between_levels(overdue):
    invoice = overdue(issued=ISSUED)
    first_run = DUE + 40 * DAY

    created = _run_daily(first_run, first_run + 40 * DAY)

    assert created == [(first_run, 1), (first_run + 14 * DAY, 2), (first_run + 28 * DAY, 3)]
    assert invoice.dunning_notices.count() == 3


def test_a_level_counted_from_the_previous_notice(overdue):
    DunningLevel.objects.filter(level=2).update(counts_from="previous_notice", days=10)
    overdue(issued=ISSUED)

    created = _run_daily(DUE, DUE + 30 * DAY)

    assert created == [(DUE + 7 * DAY, 1), (DUE + 17 * DAY, 2)]  # level 3: 35 days after due, not yet


@pytest.mark.parametrize(
    ("tax_id", "expected"),
    [
        # 1190.00 × (10 days × (3.62 + 9) % + 25 days × (3.37 + 9) %) / 365 = 14.1968… → 14.20
        ("DE136695976", D("14.20")),
        # 1190.00 × (10 days × (3.62 + 5) % + 25 days × (3.37 + 5) %) / 365 = 9.6324… → 9.63
        ("", D("9.63")),
    ],
    ids=["business", "consumer"],
)
def test_statutory_interest_runs_day_by_day_across_a_base_rate_change(in_alpha, tax_id, expected):
    DunningSettings.objects.create(interest_mode=InterestMode.STATUTORY_DE)
    DunningLevel.objects.filter(level=1).update(charges_interest=True)
    invoice = issued_invoice(PartyFactory(tax_id=tax_id), issued=datetime.date(2024, 6, 6))
    assert invoice.due_date == datetime.date(2024, 6, 20)

    notice = dunning_notice_create(invoice=invoice, on=datetime.date(2024, 7, 25))

    margin = D("9") if tax_id else D("5")
    assert notice.interest == expected
    assert notice.interest_periods == [
        {"start": "2024-06-21", "end": "2024-06-30", "days": 10, "rate": str(D("3.62") + margin)},
        {"start": "2024-07-01", "end": "2024-07-25", "days": 25, "rate": str(D("3.37") + margin)},
    ]
    assert notice.total == D("1190.00") + expected


def test_a_fixed_rate_and_the_final_notice_with_interest(overdue):
    DunningSettings.objects.create(interest_mode=InterestMode.FIXED, fixed_rate=D("8.00"))
    invoice = overdue(issued=ISSUED)
    _run_daily(DUE, DUE + 35 * DAY)

    final = invoice.dunning_notices.get(level__level=3)

    # 1190.00 × 8 % × 35 / 365 = 9.1287… → 9.13
    assert (final.interest, final.total) == (D("9.13"), D("1190.00") + D("5.00") + D("10.00") + D("9.13"))


def test_interest_periods_before_the_first_known_rate_use_it():
    rates = [(datetime.date(2030, 1, 1), D("4.00")), (datetime.date(2030, 7, 1), D("5.00"))]

    periods = interest_periods(due_date=datetime.date(2029, 12, 30), until=datetime.date(2030, 7, 2), rates=rates)

    assert [(p.start, p.end, p.days, p.rate) for p in periods] == [
        (datetime.date(2029, 12, 31), datetime.date(2030, 6, 30), 182, D("4.00")),
        (datetime.date(2030, 7, 1), datetime.date(2030, 7, 2), 2, D("5.00")),
    ]


def test_a_dunning_stop_is_respected_and_dunning_resumes_after_it(overdue, customer):
    invoice = overdue(issued=ISSUED)
    dunning_stop_set(party=customer, reason="Mangel gerügt", until=DUE + 30 * DAY)

    created = _run_daily(DUE, DUE + 45 * DAY)

    assert created == [(DUE + 31 * DAY, 1), (DUE + 45 * DAY, 2)]
    dunning_stop_set(party=customer)  # indefinitely
    assert _run_daily(DUE + 46 * DAY, DUE + 80 * DAY) == []
    dunning_stop_set(party=customer, stopped=False)
    assert _run_daily(DUE + 81 * DAY, DUE + 81 * DAY) == [(DUE + 81 * DAY, 3)]
    assert invoice.dunning_notices.count() == 3


def test_paid_and_credited_invoices_are_not_dunned_and_partly_paid_ones_for_the_rest(overdue):
    paid = overdue(issued=ISSUED)
    payment_record(invoice=paid, amount=D("1190.00"), paid_on=DUE)
    credited = overdue(issued=ISSUED)
    invoice_issue(invoice=credit_note_create(invoice=credited), issue_date=DUE)
    partly = overdue(issued=ISSUED)
    payment_record(invoice=partly, amount=D("190.00"), paid_on=DUE)

    created = dunning_run(on=DUE + 7 * DAY)

    assert [(notice.invoice_id, notice.open_amount) for notice in created] == [(partly.pk, D("1000.00"))]


def test_not_yet_due_and_draft_invoices_are_not_dunned(overdue):
    overdue(issued=ISSUED)

    assert dunning_run(on=DUE) == []


def test_the_task_is_idempotent_and_mails_the_letter_once(overdue, run_queued_work):
    invoice = overdue(issued=ISSUED, party=PartyFactory(email="buchhaltung@mueller.test", language="de"))

    with run_queued_work():
        dunning_run_task.delay(on=(DUE + 7 * DAY).isoformat())
    with run_queued_work():
        dunning_run_task.delay(on=(DUE + 7 * DAY).isoformat())

    notice = DunningNotice.objects.get(invoice=invoice)
    assert (notice.send_status, notice.attempts, notice.recipients) == (SendStatus.SENT, 1, "buchhaltung@mueller.test")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["buchhaltung@mueller.test"]
    assert invoice.number in message.subject
    (filename, content, mimetype) = message.attachments[0]
    assert (filename, mimetype) == (f"{invoice.number}-1.pdf", "application/pdf")
    assert content[:5] == b"%PDF-"


def test_a_notice_by_hand_takes_the_next_level_and_refuses_what_cannot_be_dunned(overdue, customer):
    invoice = overdue(issued=ISSUED)
    with pytest.raises(ApplicationError) as not_due:
        dunning_notice_create(invoice=invoice, on=DUE)
    assert (not_due.value.field, not_due.value.status) == ("invoice", 409)

    levels = [dunning_notice_create(invoice=invoice, on=DUE + DAY).level.level for _ in range(3)]
    assert levels == [1, 2, 3]

    with pytest.raises(ApplicationError) as last:
        dunning_notice_create(invoice=invoice, on=DUE + DAY)
    assert last.value.field == "level"
    dunning_stop_set(party=customer)
    with pytest.raises(ApplicationError) as stopped:
        dunning_notice_create(invoice=overdue(issued=ISSUED), on=DUE + DAY)
    assert stopped.value.field == "customer"
    assert DunningNotice.objects.count() == 3


def test_only_customers_get_a_dunning_stop(in_alpha):
    supplier = PartyFactory(is_customer=False, is_supplier=True)

    with pytest.raises(ApplicationError) as error:
        dunning_stop_set(party=supplier)

    assert error.value.field == "party"


def test_the_run_reads_thousands_of_invoices_in_a_fixed_number_of_queries(overdue, django_assert_max_num_queries):
    for _ in range(3):
        overdue(issued=ISSUED)
    with django_assert_max_num_queries(12) as few:
        assert len(dunning_run(on=DUE + 7 * DAY)) == 3
    for _ in range(6):
        overdue(issued=ISSUED)

    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(dunning_run(on=DUE + 8 * DAY)) == 6
    assert len(overdue_list(on=DUE + 8 * DAY)) == 9


def test_the_nightly_fan_out_runs_dunning_in_every_company(tenant_a, tenant_b, run_queued_work):
    with tenant_context(tenant_a):
        invoice = issued_invoice(PartyFactory(), issued=ISSUED)

    with run_queued_work():
        tenants_fan_out_task.delay(task_name="dunning.dunning_run", task_kwargs={"on": (DUE + 7 * DAY).isoformat()})

    with tenant_context(tenant_a):
        assert list(DunningNotice.objects.values_list("invoice_id", "level__level")) == [(invoice.pk, 1)]
    with tenant_context(tenant_b):
        assert not DunningNotice.objects.exists()
