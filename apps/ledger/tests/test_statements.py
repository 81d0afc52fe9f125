"""Statements against numbers worked out by hand from a small set of books.

The books (`sample_books.post_sample_books`) span a fiscal-year boundary:

    2031-12-01  bank 10,000.00 / capital 10,000.00
    2031-12-15  receivable 1,000.00 / revenue 1,000.00        (invoice RE-1)
    2031-12-20  expense 300.00 / payable 300.00
    2032-01-10  bank 1,000.00 / receivable 1,000.00           (RE-1 paid)
    2032-01-20  receivable 2,500.00 / revenue 2,500.00        (invoice RE-2)
    2032-02-05  expense 400.00 / bank 400.00
    2032-02-25  receivable 800.00 / revenue 800.00            (invoice RE-3)
    2032-03-03  payable 300.00 / bank 300.00
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from apps.ledger.models import Account, AccountRole, FiscalYear, OpenClosed, PeriodKind
from apps.ledger.selectors.statements import (
    balance_sheet,
    general_ledger,
    general_ledger_page,
    previous_range,
    profit_and_loss,
    trial_balance,
)
from apps.ledger.services import fiscal_year_close

pytestmark = pytest.mark.django_db
D = datetime.date


def _close_2031(tenant, user) -> None:  # type: ignore[no-untyped-def]
    year = FiscalYear.objects.get(start_date=D(2031, 1, 1))
    year.periods.filter(kind=PeriodKind.REGULAR).update(status=OpenClosed.CLOSED)
    fiscal_year_close(tenant=tenant, fiscal_year=year, user=user)


def _figures(rows) -> dict[str, tuple[Decimal, ...]]:  # type: ignore[no-untyped-def]
    return {row.account.code: (row.debit, row.credit, row.balance) for row in rows}


def test_trial_balance_up_to_a_date_covers_every_earlier_year(books):
    report = trial_balance(to_date=D(2032, 2, 29))

    assert _figures(report.rows) == {
        books.bank.code: (Decimal("11000.00"), Decimal("400.00"), Decimal("10600.00")),
        books.receivable.code: (Decimal("4300.00"), Decimal("1000.00"), Decimal("3300.00")),
        books.payable.code: (Decimal("0.00"), Decimal("300.00"), Decimal("-300.00")),
        books.capital.code: (Decimal("0.00"), Decimal("10000.00"), Decimal("-10000.00")),
        books.revenue.code: (Decimal("0.00"), Decimal("4300.00"), Decimal("-4300.00")),
        books.expense.code: (Decimal("700.00"), Decimal("0.00"), Decimal("700.00")),
    }
    assert [row.account.code for row in report.rows] == sorted(row.account.code for row in report.rows)
    assert report.total_debit == report.total_credit == Decimal("16000.00")


def test_trial_balance_over_a_range_cut_mid_month(books):
    report = trial_balance(from_date=D(2032, 1, 15), to_date=D(2032, 2, 15))

    assert _figures(report.rows) == {
        books.receivable.code: (Decimal("2500.00"), Decimal("0.00"), Decimal("2500.00")),
        books.revenue.code: (Decimal("0.00"), Decimal("2500.00"), Decimal("-2500.00")),
        books.expense.code: (Decimal("400.00"), Decimal("0.00"), Decimal("400.00")),
        books.bank.code: (Decimal("0.00"), Decimal("400.00"), Decimal("-400.00")),
    }
    assert report.total_debit == report.total_credit == Decimal("2900.00")


def test_balance_sheet_balances_with_the_unclosed_result_in_equity(books):
    report = balance_sheet(at=D(2032, 2, 29))

    assert [(row.account, row.amount) for row in report.assets] == sorted(
        [(books.bank, Decimal("10600.00")), (books.receivable, Decimal("3300.00"))], key=lambda pair: pair[0].code
    )
    assert [(row.account, row.amount) for row in report.liabilities] == [(books.payable, Decimal("300.00"))]
    assert [(row.account, row.amount) for row in report.equity] == [(books.capital, Decimal("10000.00"))]
    assert report.unclosed_result == Decimal("3600.00")  # 4,300 revenue − 700 expenses, both years
    assert report.total_assets == report.total_liabilities_and_equity == Decimal("13900.00")
    assert report.total_equity == Decimal("13600.00")


def test_year_end_close_moves_the_old_result_into_retained_earnings(books, in_alpha, owner_a):
    _close_2031(in_alpha, owner_a)
    retained = Account.objects.get(role=AccountRole.RETAINED_EARNINGS)

    report = balance_sheet(at=D(2032, 2, 29))

    assert [(row.account, row.amount) for row in report.equity] == sorted(
        [(books.capital, Decimal("10000.00")), (retained, Decimal("700.00"))], key=lambda pair: pair[0].code
    )
    assert report.unclosed_result == Decimal("2900.00")  # 2032 only: 3,300 − 400
    assert report.total_assets == report.total_liabilities_and_equity == Decimal("13900.00")
    # The opening entry of 2032 restates 2031's balances; counted twice the bank would show 20,600.
    assert trial_balance(to_date=D(2032, 2, 29)).total_debit == Decimal("17000.00")  # + the closing entry's 1,000


def test_profit_and_loss_compares_a_month_with_the_month_before(books):
    report = profit_and_loss(from_date=D(2032, 2, 1), to_date=D(2032, 2, 29))

    assert [(row.account, row.amount, row.previous) for row in report.income] == [
        (books.revenue, Decimal("800.00"), Decimal("2500.00"))
    ]
    assert [(row.account, row.amount, row.previous) for row in report.expenses] == [
        (books.expense, Decimal("400.00"), Decimal("0.00"))
    ]
    assert report.previous is not None
    assert (report.previous.from_date, report.previous.to_date) == (D(2032, 1, 1), D(2032, 1, 31))
    assert report.current.net_result == Decimal("400.00")
    assert report.previous.net_result == Decimal("2500.00")


def test_profit_and_loss_of_a_year_ignores_the_closing_entry(books, in_alpha, owner_a):
    _close_2031(in_alpha, owner_a)

    report = profit_and_loss(from_date=D(2032, 1, 1), to_date=D(2032, 12, 31))

    assert report.previous is not None
    assert (report.previous.from_date, report.previous.to_date) == (D(2031, 1, 1), D(2031, 12, 31))
    assert (report.current.total_income, report.current.total_expenses) == (Decimal("3300.00"), Decimal("400.00"))
    assert (report.previous.total_income, report.previous.total_expenses) == (Decimal("1000.00"), Decimal("300.00"))
    assert (report.current.net_result, report.previous.net_result) == (Decimal("2900.00"), Decimal("700.00"))


def test_profit_and_loss_without_comparison(books):
    report = profit_and_loss(from_date=D(2032, 1, 1), to_date=D(2032, 1, 31), compare=False)

    assert report.previous is None
    assert [(row.amount, row.previous) for row in report.income] == [(Decimal("2500.00"), None)]
    assert report.expenses == []


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (D(2032, 3, 1), D(2032, 3, 31), (D(2032, 2, 1), D(2032, 2, 29))),  # a month: the month before
        (D(2032, 4, 1), D(2032, 6, 30), (D(2032, 1, 1), D(2032, 3, 31))),  # a quarter
        (D(2032, 1, 1), D(2032, 12, 31), (D(2031, 1, 1), D(2031, 12, 31))),  # a year
        (D(2032, 3, 10), D(2032, 3, 19), (D(2032, 2, 29), D(2032, 3, 9))),  # ten days
    ],
)
def test_previous_range_has_the_same_length(start, end, expected):
    assert previous_range(from_date=start, to_date=end) == expected


def test_general_ledger_carries_the_balance_across_a_month_boundary(books):
    ledger = general_ledger(account=books.bank, from_date=D(2032, 2, 1), to_date=D(2032, 3, 31))

    lines = [(line.date, line.debit, line.credit, line.balance, line.description) for line in ledger.lines]
    assert ledger.opening_balance == Decimal("11000.00")
    assert lines == [
        (D(2032, 2, 5), Decimal("0.00"), Decimal("400.00"), Decimal("10600.00"), "Rent February"),
        (D(2032, 3, 3), Decimal("0.00"), Decimal("300.00"), Decimal("10300.00"), "Supplier paid"),
    ]
    assert ledger.closing_balance == Decimal("10300.00")


def test_general_ledger_opens_a_new_fiscal_year_with_the_old_balance(books):
    ledger = general_ledger(account=books.receivable, from_date=D(2032, 1, 1), to_date=D(2032, 1, 31))

    lines = list(ledger.lines)
    assert ledger.opening_balance == Decimal("1000.00")
    assert [(line.balance, line.document_number) for line in lines] == [
        (Decimal("0.00"), "RE-1"),
        (Decimal("2500.00"), "RE-2"),
    ]
    assert lines[0].reference.startswith("GJ-2032-")
    assert lines[0].journal == "GJ"
    assert ledger.closing_balance == Decimal("2500.00")


def test_general_ledger_after_the_year_end_close(books, in_alpha, owner_a):
    _close_2031(in_alpha, owner_a)

    bank = general_ledger(account=books.bank, from_date=D(2032, 1, 1), to_date=D(2032, 1, 31))
    revenue = general_ledger(account=books.revenue, from_date=D(2032, 1, 1), to_date=D(2032, 1, 31))

    assert (bank.opening_balance, bank.closing_balance) == (Decimal("10000.00"), Decimal("11000.00"))
    assert [line.debit for line in bank.lines] == [Decimal("1000.00")]  # not the opening entry
    assert (revenue.opening_balance, revenue.closing_balance) == (Decimal("0.00"), Decimal("-2500.00"))


def test_general_ledger_pages_keep_the_running_balance(books):
    ledger = general_ledger(account=books.receivable, from_date=D(2031, 1, 1), to_date=D(2032, 12, 31))

    lines, more = general_ledger_page(ledger=ledger, page=2, page_size=2)

    assert [line.balance for line in lines] == [Decimal("2500.00"), Decimal("3300.00")]
    assert more is False
