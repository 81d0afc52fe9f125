"""`manage.py import_journal`: the whole file or nothing, every error named by its row."""

import csv
import datetime
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from apps.ledger.models import Account, AccountType, EntryState, JournalEntry, JournalLine, OpenClosed, Period, Side
from apps.ledger.selectors import account_movements
from apps.ledger.services import fiscal_year_ensure
from apps.ledger.services.csv_import import SOURCE_TYPE

pytestmark = pytest.mark.django_db
HEADER = ["entry_id", "date", "account", "debit", "credit", "currency", "description"]


def _write(path: Path, rows: list[list[str]], header: list[str] = HEADER) -> Path:
    """A CSV file as spreadsheets save it: UTF-8 with a byte-order mark."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _import(path: Path, *options: str) -> str:
    out = io.StringIO()
    call_command("import_journal", "--tenant", "alpha", str(path), *options, stdout=out)
    return out.getvalue()


def _refusal(path: Path, *options: str) -> list[str]:
    with pytest.raises(CommandError) as refused:
        _import(path, *options)
    return str(refused.value).splitlines()


@pytest.fixture
def good_file(tmp_path: Path, bank: str, revenue: str) -> Path:
    # E2's second line comes last: an entry's rows may stand anywhere in the file.
    return _write(
        tmp_path / "journal.csv",
        [
            ["E1", "2034-03-01", bank, "119.00", "", "EUR", "Invoice 1 paid"],
            ["E1", "2034-03-01", revenue, "", "119.00", "", "Invoice 1"],
            ["E2", "2034-03-02", revenue, "10.5", "", "EUR", "Refund"],
            ["E3", "2034-04-30", bank, "0.01", "", "eur", "Interest"],
            ["E3", "2034-04-30", revenue, "", "0.01", "EUR", ""],
            ["E2", "2034-03-02", bank, "", "10.50", "EUR", "Refund paid"],
        ],
    )


def test_a_good_file_posts_every_entry_numbered_and_balanced(in_alpha, good_file, bank, revenue):
    output = _import(good_file)

    assert "Imported 3 entries with 6 lines into journal GJ of alpha" in output
    entries = list(JournalEntry.objects.filter(source_type=SOURCE_TYPE).order_by("number"))
    assert [(e.number, e.date, e.description, e.state) for e in entries] == [
        (1, datetime.date(2034, 3, 1), "Invoice 1 paid", EntryState.POSTED),
        (2, datetime.date(2034, 3, 2), "Refund", EntryState.POSTED),
        (3, datetime.date(2034, 4, 30), "Interest", EntryState.POSTED),
    ]
    assert entries[1].reference == "GJ-2034-000002"
    assert entries[1].source_id.endswith(":E2")
    assert [(line.account.code, line.debit, line.credit, line.description) for line in entries[1].lines.all()] == [
        (revenue, Decimal("10.50"), Decimal("0.00"), "Refund"),
        (bank, Decimal("0.00"), Decimal("10.50"), "Refund paid"),
    ]
    movements = account_movements(to_date=datetime.date(2034, 12, 31))
    bank_id, revenue_id = Account.objects.get(code=bank).pk, Account.objects.get(code=revenue).pk
    assert (movements[bank_id].debit, movements[bank_id].credit) == (Decimal("119.01"), Decimal("10.50"))
    assert movements[revenue_id].balance == Decimal("-108.51")


def test_importing_the_same_file_again_is_refused(in_alpha, good_file):
    _import(good_file)

    assert _refusal(good_file) == [
        "The file has 1 error; nothing was imported.",
        "file: already imported (3 entries); nothing was imported again",
    ]
    assert JournalEntry.objects.filter(source_type=SOURCE_TYPE).count() == 3


def test_another_journal_can_be_chosen(in_alpha, good_file):
    _import(good_file, "--journal", "BNK")

    assert set(JournalEntry.objects.filter(source_type=SOURCE_TYPE).values_list("journal__code", flat=True)) == {"BNK"}


def test_create_accounts_adds_the_accounts_the_chart_lacks(in_alpha, tmp_path, bank):
    path = _write(
        tmp_path / "new.csv",
        [
            ["M1", "2034-05-02", "9971", "250.00", "", "", "Software", "Cloud licences", "expense"],
            ["M1", "2034-05-02", bank, "", "250.00", "", "Software", "", ""],
        ],
        header=[*HEADER, "account_name", "account_type"],
    )

    assert "1 accounts created" in _import(path, "--create-accounts")

    account = Account.objects.get(code="9971")
    assert (account.name, account.type, account.normal_side) == ("Cloud licences", AccountType.EXPENSE, Side.DEBIT)
    assert (account.is_postable, account.is_active) == (True, True)
    assert JournalLine.objects.get(account=account).debit == Decimal("250.00")


def test_a_bad_file_reports_every_error_by_row_and_imports_nothing(in_alpha, tmp_path, bank, revenue):
    heading = Account.objects.filter(is_postable=False).order_by("code").first().code
    fiscal_year_ensure(date=datetime.date(2034, 1, 1))
    Period.objects.filter(start_date=datetime.date(2034, 2, 1)).update(status=OpenClosed.CLOSED)
    path = _write(
        tmp_path / "bad.csv",
        [
            ["A", "2034-01-05", bank, "100.00", "", "EUR", "ok"],  # row 2
            ["A", "31.01.2034", "9999", "", "100.00", "EUR", "ok"],  # row 3
            ["B", "2034-01-06", bank, "100.00", "", "EUR", "unbalanced"],  # row 4
            ["B", "2034-01-06", revenue, "", "90.00", "EUR", "unbalanced"],  # row 5
            ["C", "2034-01-07", bank, "-5.00", "", "USD", "negative, foreign"],  # row 6
            ["C", "2034-01-07", revenue, "5", "5", "EUR", "both sides"],  # row 7
            ["D", "2034-02-10", heading, "1.001", "", "EUR", "closed period"],  # row 8
            ["D", "2034-02-10", revenue, "", "1.00", "EUR", "closed period"],  # row 9
            ["E", "2034-01-08", bank, "1.00"],  # row 10
        ],
    )
    entries, accounts = JournalEntry.objects.count(), Account.objects.count()

    assert _refusal(path) == [
        "The file has 10 errors; nothing was imported.",
        "row 3, column date: not a date (use YYYY-MM-DD)",
        "row 3, column account: there is no account 9999",
        "entry B (rows 4-5): does not balance: debit 100.00, credit 90.00",
        "row 6, column debit: amounts are not negative: put it in the other column",
        "row 6, column currency: USD is not the company's currency EUR; foreign-currency lines cannot be imported",
        "row 7, column debit: a line has either a debit or a credit",
        f"row 8, column account: account {heading} is a heading or inactive",
        "row 8, column debit: not an amount (digits, '.' for decimals, at most two decimals)",
        "entry D (rows 8-9): the period 2034-02 is closed",
        "row 10: 4 fields, the header has 7",
    ]
    assert (JournalEntry.objects.count(), Account.objects.count()) == (entries, accounts)


def test_a_new_account_needs_a_name_and_a_type(in_alpha, tmp_path, bank):
    path = _write(
        tmp_path / "new.csv",
        [
            ["N1", "2034-05-02", "9972", "1.00", "", "", "x", "", "asset"],
            ["N1", "2034-05-02", "9972", "1.00", "", "", "x", "Petty cash", "cash"],
            ["N1", "2034-05-02", bank, "", "2.00", "", "x", "", ""],
        ],
        header=[*HEADER, "account_name", "account_type"],
    )

    assert _refusal(path, "--create-accounts") == [
        "The file has 2 errors; nothing was imported.",
        "row 2, column account_name: account 9972 is new: give its name",
        "row 3, column account_type: account 9972 is new: give its type (asset, liability, equity, income, expense)",
    ]
    assert not Account.objects.filter(code="9972").exists()


def test_without_create_accounts_an_unknown_account_is_an_error(in_alpha, tmp_path, bank):
    path = _write(
        tmp_path / "new.csv",
        [
            ["N1", "2034-05-02", "9973", "1.00", "", "", "x", "Petty cash", "asset"],
            ["N1", "2034-05-02", bank, "", "1.00", "", "x", "", ""],
        ],
        header=[*HEADER, "account_name", "account_type"],
    )

    assert _refusal(path)[1:] == ["row 2, column account: there is no account 9973"]


def test_missing_and_unknown_columns_are_named(in_alpha, tmp_path):
    path = _write(tmp_path / "columns.csv", [["E1", "2034-01-01", "1200", "1.00"]], header=[*HEADER[:3], "amount"])

    assert _refusal(path) == [
        "The file has 2 errors; nothing was imported.",
        "row 1: missing columns: debit, credit, currency, description",
        "row 1: unknown columns: amount",
    ]


def test_an_unknown_company_is_refused(db, tmp_path):
    path = _write(tmp_path / "empty.csv", [])

    with pytest.raises(CommandError, match="There is no company with the web address 'nowhere'"):
        call_command("import_journal", "--tenant", "nowhere", str(path))


def test_a_file_that_is_not_utf8_is_refused_at_the_row_that_breaks(in_alpha, tmp_path, bank, revenue):
    path = tmp_path / "latin1.csv"
    path.write_bytes(
        f"{','.join(HEADER)}\nE1,2034-01-05,{bank},1.00,,EUR,ok\nE1,2034-01-05,{revenue},,1.00,EUR,Müller\n".encode(
            "latin-1"
        )
    )

    problems = _refusal(path)

    assert problems[1].startswith("row 3: unreadable, nothing after it was read (save as CSV UTF-8): 'utf-8' codec")
    assert not JournalEntry.objects.filter(source_type=SOURCE_TYPE).exists()
