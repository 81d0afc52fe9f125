"""The posting service: balanced, numbered, idempotent per document, clear about what is wrong."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.core.errors import ApplicationError
from apps.ledger.models import Account, AccountPeriodBalance, EntryState, JournalEntry, OpenClosed, Period
from apps.ledger.selectors import account_movements
from apps.ledger.services import LineSpec, entry_post, entry_reverse

pytestmark = pytest.mark.django_db
DAY = datetime.date(2031, 5, 20)


def _sale(bank: str, revenue: str, amount: str = "100.00", **kwargs):  # type: ignore[no-untyped-def]
    return entry_post(
        date=kwargs.pop("date", DAY),
        lines=[LineSpec(account=bank, debit=Decimal(amount)), LineSpec(account=revenue, credit=Decimal(amount))],
        **kwargs,
    )


def test_a_posted_entry_is_numbered_and_moves_the_balances(in_alpha, bank, revenue):
    first = _sale(bank, revenue, "100.00", journal="SAL")
    second = _sale(bank, revenue, "20.50", journal="SAL")

    assert (first.number, second.number, first.state) == (1, 2, EntryState.POSTED)
    assert second.reference == "SAL-2031-000002"
    movements = account_movements(to_date=DAY)
    bank_id = Account.objects.get(code=bank).pk
    assert (movements[bank_id].debit, movements[bank_id].credit) == (Decimal("120.50"), Decimal("0.00"))


def test_numbers_restart_per_journal_and_fiscal_year(in_alpha, bank, revenue):
    _sale(bank, revenue, journal="SAL")
    other_journal = _sale(bank, revenue, journal="BNK")
    next_year = _sale(bank, revenue, journal="SAL", date=datetime.date(2032, 1, 2))

    assert (other_journal.number, next_year.number) == (1, 1)


def test_posting_the_same_document_twice_gives_one_entry(in_alpha, bank, revenue):
    first = _sale(bank, revenue, source_type="invoicing.invoice", source_id="42")
    again = _sale(bank, revenue, source_type="invoicing.invoice", source_id="42")

    assert again.pk == first.pk
    assert JournalEntry.objects.filter(source_id="42").count() == 1
    assert AccountPeriodBalance.objects.get(account__code=bank).debit == Decimal("100.00")


@pytest.mark.parametrize(
    ("lines", "code", "field"),
    [
        ([("bank", "100.00", "0"), ("revenue", "0", "99.99")], "unbalanced", "lines"),
        ([("bank", "100.00", "0")], "too_few_lines", "lines"),
        ([("9999x", "1.00", "0"), ("revenue", "0", "1.00")], "unknown_account", "lines.0.account"),
        ([("bank", "1.00", "0"), ("revenue", "0", "1.001")], "invalid_amount", "lines.1.credit"),
        ([("bank", "-1.00", "0"), ("revenue", "0", "-1.00")], "invalid_amount", "lines.0.debit"),
        ([("bank", "1.00", "1.00"), ("revenue", "0", "0")], "one_side", "lines.0.debit"),
    ],
)
def test_bad_entries_are_refused_with_the_field_named_and_nothing_written(in_alpha, role_codes, lines, code, field):
    specs = [LineSpec(account=role_codes.get(a, a), debit=Decimal(d), credit=Decimal(c)) for a, d, c in lines]

    with pytest.raises(ApplicationError) as refusal:
        entry_post(date=DAY, lines=specs)

    assert (refusal.value.code, refusal.value.field) == (code, field)
    assert not JournalEntry.objects.exists()


def test_headings_and_inactive_accounts_cannot_be_posted_to(in_alpha, bank, revenue):
    heading = Account.objects.filter(is_postable=False).first()
    Account.objects.filter(code=revenue).update(is_active=False)

    for target in (heading.code, revenue):
        with pytest.raises(ApplicationError) as refusal:
            _sale(bank, target)
        assert refusal.value.code == "account_not_postable"


def test_a_closed_period_refuses_postings(in_alpha, bank, revenue):
    _sale(bank, revenue)
    Period.objects.filter(start_date=DAY.replace(day=1)).update(status=OpenClosed.CLOSED)

    with pytest.raises(ApplicationError) as refusal:
        _sale(bank, revenue)

    assert (refusal.value.code, refusal.value.field) == ("closed_period", "date")
    assert JournalEntry.objects.count() == 1


def test_a_reversal_mirrors_the_entry_and_nets_the_balances_to_zero(in_alpha, bank, revenue):
    entry = _sale(bank, revenue, "75.25", document_number="RE-1")

    reversal = entry_reverse(entry=entry, reason="typo")

    assert reversal.reversal_of_id == entry.pk and reversal.document_number == "RE-1"
    assert JournalEntry.objects.get(pk=entry.pk).state == EntryState.REVERSED
    assert [(line.account.code, line.debit, line.credit) for line in reversal.lines.order_by("id")] == [
        (bank, Decimal("0.00"), Decimal("75.25")),
        (revenue, Decimal("75.25"), Decimal("0.00")),
    ]
    assert all(m.balance == 0 for m in account_movements(to_date=DAY).values())
    with pytest.raises(ApplicationError) as again:
        entry_reverse(entry=entry)
    assert again.value.code == "not_posted"


def test_posting_takes_the_same_few_queries_however_many_lines(in_alpha, bank, revenue):
    _sale(bank, revenue)  # the fiscal year and the sequence row exist from here on
    counts = []
    for parts in (1, 20):
        lines = [LineSpec(account=bank, debit=Decimal("1.00")) for _ in range(parts)]
        with CaptureQueriesContext(connection) as queries:
            entry_post(date=DAY, lines=[*lines, LineSpec(account=revenue, credit=Decimal(parts))])
        counts.append(len(queries))

    assert counts[0] == counts[1] <= 13


def test_posting_runs_in_the_callers_transaction(in_alpha, bank, revenue):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        _sale(bank, revenue, source_type="invoicing.invoice", source_id="7")
        raise RuntimeError("the invoice failed after posting")

    assert not JournalEntry.objects.exists()
    assert connection.tenant.schema_name == "t_alpha"


def test_a_reversal_of_an_entry_in_a_closed_period_is_dated_today(in_alpha, bank, revenue):
    entry = _sale(bank, revenue, date=datetime.date(2024, 3, 1))
    Period.objects.filter(start_date=datetime.date(2024, 3, 1)).update(status=OpenClosed.CLOSED)

    reversal = entry_reverse(entry=entry)

    assert reversal.date == timezone.localdate()
