"""PostgreSQL itself refuses what would corrupt the books, whoever sends the SQL."""

import datetime
from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, transaction

from apps.ledger.models import Account, AccountPeriodBalance, EntryState, Journal, JournalEntry, OpenClosed, Period
from apps.ledger.services import LineSpec, entry_post, fiscal_year_ensure

pytestmark = pytest.mark.django_db
DAY = datetime.date(2031, 3, 14)


def _refused(sql: str, *params: object) -> str:
    """Runs `sql` in a savepoint, expecting the database to refuse it; returns the message."""
    with pytest.raises(DatabaseError) as refusal, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # deferred checks fire now, not at commit
    return str(refusal.value)


def _draft_with_lines(bank: str, revenue: str, debit: str, credit: str) -> int:
    fiscal_year_ensure(date=DAY)
    period = Period.objects.get(kind="regular", start_date__lte=DAY, end_date__gte=DAY)
    entry = JournalEntry.objects.create(
        journal=Journal.objects.get(code="GJ"), fiscal_year=period.fiscal_year, period=period, date=DAY
    )
    with connection.cursor() as cursor:
        for code, dr, cr in ((bank, debit, "0"), (revenue, "0", credit)):
            cursor.execute(
                "INSERT INTO ledger_journalline (entry_id, account_id, date, period_id, debit, credit,"
                " description, tax_side, is_tax, party_ref, currency)"
                " VALUES (%s, %s, %s, %s, %s, %s, '', '', false, '', '')",
                [entry.pk, Account.objects.get(code=code).pk, DAY, period.pk, dr, cr],
            )
    return entry.pk


def _post_sample(bank: str, revenue: str) -> JournalEntry:
    return entry_post(
        date=DAY,
        lines=[LineSpec(account=bank, debit=Decimal("119.00")), LineSpec(account=revenue, credit=Decimal("119.00"))],
    )


def test_an_unbalanced_entry_cannot_be_posted_by_sql(in_alpha, bank, revenue):
    entry_id = _draft_with_lines(bank, revenue, "100.00", "90.00")

    message = _refused("UPDATE ledger_journalentry SET state = 'posted', number = 999 WHERE id = %s", entry_id)

    assert "does not balance" in message
    assert JournalEntry.objects.get(pk=entry_id).state == EntryState.DRAFT


def test_a_balanced_draft_can_be_posted_by_sql_and_updates_the_balances(in_alpha, bank, revenue):
    entry_id = _draft_with_lines(bank, revenue, "50.00", "50.00")

    with connection.cursor() as cursor:
        cursor.execute("UPDATE ledger_journalentry SET state = 'posted', number = 999 WHERE id = %s", [entry_id])
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    balance = AccountPeriodBalance.objects.get(account__code=bank, period__start_date=DAY.replace(day=1))
    assert (balance.debit, balance.credit) == (Decimal("50.00"), Decimal("0.00"))


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE ledger_journalline SET debit = debit + 1 WHERE entry_id = %s AND debit > 0",
        "UPDATE ledger_journalline SET description = 'changed' WHERE entry_id = %s",
        "DELETE FROM ledger_journalline WHERE entry_id = %s",
        "UPDATE ledger_journalentry SET description = 'changed' WHERE id = %s",
        "UPDATE ledger_journalentry SET state = 'draft' WHERE id = %s",
        "DELETE FROM ledger_journalentry WHERE id = %s",
    ],
)
def test_posted_entries_and_lines_cannot_be_changed_or_deleted_by_sql(in_alpha, bank, revenue, sql):
    entry = _post_sample(bank, revenue)

    message = _refused(sql, entry.pk)

    assert "cannot be" in message
    assert [(line.debit, line.credit) for line in entry.lines.order_by("id")] == [
        (Decimal("119.00"), Decimal("0.00")),
        (Decimal("0.00"), Decimal("119.00")),
    ]
    assert JournalEntry.objects.get(pk=entry.pk).state == EntryState.POSTED


def test_no_line_can_be_added_to_a_posted_entry_by_sql(in_alpha, bank, revenue):
    entry = _post_sample(bank, revenue)
    line = entry.lines.first()

    message = _refused(
        "INSERT INTO ledger_journalline (entry_id, account_id, date, period_id, debit, credit,"
        " description, tax_side, is_tax, party_ref, currency) VALUES (%s, %s, %s, %s, 5, 0, '', '', false, '', '')",
        entry.pk,
        line.account_id,
        DAY,
        line.period_id,
    )

    assert "draft journal entries only" in message
    assert entry.lines.count() == 2


def test_nothing_can_be_posted_into_a_closed_period_by_sql(in_alpha, bank, revenue):
    entry_id = _draft_with_lines(bank, revenue, "10.00", "10.00")
    Period.objects.filter(start_date=DAY.replace(day=1)).update(status=OpenClosed.CLOSED)

    message = _refused("UPDATE ledger_journalentry SET state = 'posted', number = 999 WHERE id = %s", entry_id)

    assert "is closed" in message
    assert not AccountPeriodBalance.objects.filter(period__start_date=DAY.replace(day=1)).exists()


def test_an_account_with_postings_cannot_be_deleted(in_alpha, bank, revenue):
    _post_sample(bank, revenue)

    _refused("DELETE FROM ledger_account WHERE code = %s", bank)

    assert Account.objects.filter(code=bank).exists()
