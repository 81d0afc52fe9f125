"""Financial statements: trial balance, balance sheet, profit and loss, general ledger.

Every figure comes from `account_movements` or `account_ledger`, which read the per-period
balances the posting trigger keeps; a statement so costs a handful of queries whatever the
number of accounts or lines.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from itertools import islice

from django.db.models import Min

from ..models import (
    BALANCE_SHEET_TYPES,
    NORMAL_SIDE,
    PROFIT_AND_LOSS_TYPES,
    ZERO,
    Account,
    AccountType,
    FiscalYear,
    JournalEntry,
    Side,
)
from .balances import ACTIVITY_KINDS, LedgerLine, Movement, account_ledger, account_movements


@dataclass(frozen=True)
class TrialBalanceRow(Movement):
    account: Account


@dataclass(frozen=True)
class TrialBalance:
    from_date: datetime.date | None
    to_date: datetime.date
    rows: list[TrialBalanceRow]

    @property
    def total_debit(self) -> Decimal:
        return sum((row.debit for row in self.rows), ZERO)

    @property
    def total_credit(self) -> Decimal:
        return sum((row.credit for row in self.rows), ZERO)


@dataclass(frozen=True)
class AccountAmount:
    """An account's figure with the sign its statement reads naturally (assets debit, income credit...)."""

    account: Account
    amount: Decimal


@dataclass(frozen=True)
class BalanceSheet:
    at: datetime.date
    assets: list[AccountAmount]
    liabilities: list[AccountAmount]
    equity: list[AccountAmount]
    # Income minus expenses not yet closed into retained earnings: part of equity.
    unclosed_result: Decimal

    @property
    def total_assets(self) -> Decimal:
        return _total(self.assets)

    @property
    def total_liabilities(self) -> Decimal:
        return _total(self.liabilities)

    @property
    def total_equity(self) -> Decimal:
        return _total(self.equity) + self.unclosed_result

    @property
    def total_liabilities_and_equity(self) -> Decimal:
        return self.total_liabilities + self.total_equity


@dataclass(frozen=True)
class ComparedAmount:
    account: Account
    amount: Decimal
    previous: Decimal | None  # None when the statement has no comparison column


@dataclass(frozen=True)
class ResultColumn:
    """One column of a profit and loss: its range and totals."""

    from_date: datetime.date
    to_date: datetime.date
    total_income: Decimal
    total_expenses: Decimal

    @property
    def net_result(self) -> Decimal:
        return self.total_income - self.total_expenses


@dataclass(frozen=True)
class ProfitAndLoss:
    current: ResultColumn
    previous: ResultColumn | None
    income: list[ComparedAmount]
    expenses: list[ComparedAmount]


@dataclass(frozen=True)
class GeneralLedger:
    """One account's lines in a range; `lines` is a generator, read it once."""

    account: Account
    from_date: datetime.date
    to_date: datetime.date
    opening_balance: Decimal
    closing_balance: Decimal
    lines: Iterator[LedgerLine]


def _total(rows: Iterable[AccountAmount]) -> Decimal:
    return sum((row.amount for row in rows), ZERO)


def _natural(account: Account, movement: Movement) -> Decimal:
    """The balance as the statement reads the account's type: a liability's credit balance is positive.

    The type decides, not the account's own normal side, so a contra account (accumulated
    depreciation) reduces its section instead of adding to it.
    """
    return movement.balance if NORMAL_SIDE[AccountType(account.type)] == Side.DEBIT else -movement.balance


def _accounts(ids: Iterable[int]) -> list[Account]:
    return list(Account.objects.filter(pk__in=list(ids)).order_by("code"))


def trial_balance(*, to_date: datetime.date, from_date: datetime.date | None = None) -> TrialBalance:
    """Debits and credits of every account that moved, up to `to_date` (or within the range)."""
    movements = account_movements(to_date=to_date, from_date=from_date)
    rows = [
        TrialBalanceRow(movements[account.pk].debit, movements[account.pk].credit, account)
        for account in _accounts(movements)
    ]
    return TrialBalance(from_date=from_date, to_date=to_date, rows=rows)


def balance_sheet(*, at: datetime.date) -> BalanceSheet:
    """Assets against liabilities and equity at the end of `at`.

    Income and expense balances that no year-end close has moved into retained earnings
    yet are the unclosed result, shown within equity; so the two sides always agree.
    """
    movements = account_movements(to_date=at)
    sections: dict[str, list[AccountAmount]] = {kind: [] for kind in BALANCE_SHEET_TYPES}
    unclosed_result = ZERO
    for account in _accounts(movements):
        if account.type in PROFIT_AND_LOSS_TYPES:
            unclosed_result -= movements[account.pk].balance
        elif amount := _natural(account, movements[account.pk]):
            sections[account.type].append(AccountAmount(account, amount))
    return BalanceSheet(
        at=at,
        assets=sections[AccountType.ASSET],
        liabilities=sections[AccountType.LIABILITY],
        equity=sections[AccountType.EQUITY],
        unclosed_result=unclosed_result,
    )


def _months_between(from_date: datetime.date, to_date: datetime.date) -> int | None:
    """How many whole calendar months the range spans, or None if it does not run month to month."""
    month_end = calendar.monthrange(to_date.year, to_date.month)[1]
    if from_date.day != 1 or to_date.day != month_end:
        return None
    return (to_date.year - from_date.year) * 12 + to_date.month - from_date.month + 1


def _months_back(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 - months
    return datetime.date(index // 12, index % 12 + 1, 1)


def previous_range(*, from_date: datetime.date, to_date: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The range of the same length just before: the previous month, quarter or year for whole
    months (so February follows a 31-day January), otherwise as many days back."""
    previous_to = from_date - datetime.timedelta(days=1)
    months = _months_between(from_date, to_date)
    if months is not None:
        return _months_back(from_date, months), previous_to
    return previous_to - (to_date - from_date), previous_to


def _result_column(
    from_date: datetime.date, to_date: datetime.date, accounts: dict[int, Account], amounts: dict[int, Decimal]
) -> ResultColumn:
    income = sum((amounts[pk] for pk in amounts if accounts[pk].type == AccountType.INCOME), ZERO)
    expenses = sum((amounts[pk] for pk in amounts if accounts[pk].type == AccountType.EXPENSE), ZERO)
    return ResultColumn(from_date=from_date, to_date=to_date, total_income=income, total_expenses=expenses)


def _activity(from_date: datetime.date, to_date: datetime.date) -> dict[int, Movement]:
    """P&L movements of the months only: the year-end closing entry would zero them."""
    return account_movements(
        from_date=from_date, to_date=to_date, kinds=ACTIVITY_KINDS, account_types=PROFIT_AND_LOSS_TYPES
    )


def profit_and_loss(*, from_date: datetime.date, to_date: datetime.date, compare: bool = True) -> ProfitAndLoss:
    """Income and expenses in the range and, with `compare`, in the range of the same length before."""
    current = _activity(from_date, to_date)
    previous_from, previous_to = previous_range(from_date=from_date, to_date=to_date)
    previous = _activity(previous_from, previous_to) if compare else {}
    accounts = {account.pk: account for account in _accounts(current.keys() | previous.keys())}
    now = {pk: _natural(accounts[pk], movement) for pk, movement in current.items()}
    before = {pk: _natural(accounts[pk], movement) for pk, movement in previous.items()}
    rows = {
        kind: [
            ComparedAmount(account, now.get(account.pk, ZERO), before.get(account.pk, ZERO) if compare else None)
            for account in accounts.values()
            if account.type == kind
        ]
        for kind in (AccountType.INCOME, AccountType.EXPENSE)
    }
    return ProfitAndLoss(
        current=_result_column(from_date, to_date, accounts, now),
        previous=_result_column(previous_from, previous_to, accounts, before) if compare else None,
        income=rows[AccountType.INCOME],
        expenses=rows[AccountType.EXPENSE],
    )


def general_ledger(*, account: Account, from_date: datetime.date, to_date: datetime.date) -> GeneralLedger:
    """The account's lines in the range between its opening and closing balance (debit − credit)."""
    opening, lines = account_ledger(account=account, from_date=from_date, to_date=to_date)
    closing = account_movements(to_date=to_date, account_ids=[account.pk]).get(account.pk)
    return GeneralLedger(
        account=account,
        from_date=from_date,
        to_date=to_date,
        opening_balance=opening,
        closing_balance=closing.balance if closing else ZERO,
        lines=lines,
    )


def general_ledger_page(*, ledger: GeneralLedger, page: int, page_size: int) -> tuple[list[LedgerLine], bool]:
    """One page of the ledger's lines and whether another follows.

    The lines before the page are read, not skipped in SQL, because each carries the running balance.
    """
    start = (page - 1) * page_size
    window = list(islice(ledger.lines, start, start + page_size + 1))
    return window[:page_size], len(window) > page_size


def fiscal_year_range(*, on: datetime.date) -> tuple[datetime.date, datetime.date]:
    """First and last day of the fiscal year holding `on`; the calendar year if none is set up."""
    year = FiscalYear.objects.filter(start_date__lte=on, end_date__gte=on).first()
    if year is None:
        return datetime.date(on.year, 1, 1), datetime.date(on.year, 12, 31)
    return year.start_date, year.end_date


def books_start(*, default: datetime.date) -> datetime.date:
    """The first day of the earliest fiscal year: where "everything up to a date" begins."""
    return FiscalYear.objects.aggregate(first=Min("start_date"))["first"] or default


def journal_entry_detail(*, pk: int) -> JournalEntry | None:
    """A booked or draft entry with its journal, period and lines (accounts and tax codes) loaded."""
    return (
        JournalEntry.objects.select_related(
            "journal",
            "fiscal_year",
            "period",
            "reversal_of__journal",
            "reversal_of__fiscal_year",
            "reversed_by__journal",
            "reversed_by__fiscal_year",
        )
        .prefetch_related("lines__account", "lines__tax_code")
        .filter(pk=pk)
        .first()
    )
