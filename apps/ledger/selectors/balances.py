"""Account balances over any date range, fast at millions of lines.

Whole periods inside the range come from `AccountPeriodBalance` (kept by the posting
trigger); only the periods the range cuts through are summed from their lines. A ten-year
trial balance so reads ~120 periods of balances plus at most two months of lines.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, Sum

from ..models import (
    BOOKED_STATES,
    ZERO,
    Account,
    AccountPeriodBalance,
    JournalLine,
    Period,
    PeriodKind,
    entry_reference,
)

# What "the books up to a date" means: everything but the opening entries, which only
# restate balances that earlier years already hold.
CUMULATIVE_KINDS = (PeriodKind.REGULAR, PeriodKind.CLOSING)
# Profit and loss over months: the year-end closing entry would zero it.
ACTIVITY_KINDS = (PeriodKind.REGULAR,)


@dataclass(frozen=True)
class Movement:
    debit: Decimal
    credit: Decimal

    @property
    def balance(self) -> Decimal:
        """Debit minus credit: positive for debit balances."""
        return self.debit - self.credit


def _split_periods(
    from_date: datetime.date | None, to_date: datetime.date, kinds: Collection[str]
) -> tuple[list[int], list[int]]:
    """(periods wholly inside the range, periods the range cuts through)."""
    periods = Period.objects.filter(kind__in=kinds, start_date__lte=to_date)
    if from_date:
        periods = periods.filter(end_date__gte=from_date)
    whole: list[int] = []
    cut: list[int] = []
    for pk, start, end in periods.values_list("pk", "start_date", "end_date"):
        inside = end <= to_date and (from_date is None or start >= from_date)
        (whole if inside else cut).append(pk)
    return whole, cut


def account_movements(
    *,
    to_date: datetime.date,
    from_date: datetime.date | None = None,
    kinds: Collection[str] = CUMULATIVE_KINDS,
    account_ids: Collection[int] | None = None,
    account_types: Collection[str] | None = None,
) -> dict[int, Movement]:
    """Debits and credits per account id of booked entries dated in [from_date, to_date]."""
    whole, cut = _split_periods(from_date, to_date, kinds)
    account_filter = Q()
    if account_ids is not None:
        account_filter &= Q(account_id__in=account_ids)
    if account_types is not None:
        account_filter &= Q(account__type__in=account_types)
    totals: dict[int, list[Decimal]] = {}
    stored = (
        AccountPeriodBalance.objects.filter(account_filter, period_id__in=whole)
        .values_list("account_id")
        .annotate(Sum("debit"), Sum("credit"))
    )
    date_filter = Q(date__lte=to_date) & (Q(date__gte=from_date) if from_date else Q())
    remainder = (
        JournalLine.objects.filter(
            account_filter,
            date_filter,
            period_id__in=cut,
            # Always true (lines share their entry's period), but it lets PostgreSQL read only
            # the cut periods' entries for the state check instead of every entry ever posted.
            entry__period_id__in=cut,
            entry__state__in=BOOKED_STATES,
        )
        .values_list("account_id")
        .annotate(Sum("debit"), Sum("credit"))
    )
    for rows in (stored if whole else [], remainder if cut else []):
        for account_id, debit, credit in rows:
            total = totals.setdefault(account_id, [ZERO, ZERO])
            total[0] += debit
            total[1] += credit
    return {pk: Movement(debit, credit) for pk, (debit, credit) in totals.items() if debit or credit}


@dataclass(frozen=True)
class LedgerLine:
    """A line as the general ledger shows it, with the running balance (debit − credit) after it."""

    entry_id: int
    reference: str
    journal: str
    date: datetime.date
    description: str
    document_number: str
    debit: Decimal
    credit: Decimal
    balance: Decimal


def account_opening_balance(*, account: Account, before: datetime.date) -> Decimal:
    """The account's balance (debit − credit) at the end of the day before `before`."""
    movements = account_movements(to_date=before - datetime.timedelta(days=1), account_ids=[account.pk])
    return movements[account.pk].balance if account.pk in movements else ZERO


_LEDGER_COLUMNS = (
    "entry_id", "entry__journal__code", "entry__fiscal_year__start_date", "entry__number", "date",
    "description", "entry__description", "entry__document_number", "debit", "credit",
)  # fmt: skip


def account_ledger(
    *, account: Account, from_date: datetime.date, to_date: datetime.date
) -> tuple[Decimal, Iterator[LedgerLine]]:
    """The general ledger of one account: the opening balance and its lines with running balance.

    The lines are streamed (a server-side cursor) as plain rows, not model instances: a busy
    account-month has tens of thousands, and an export of years stays flat in memory.
    """
    opening = account_opening_balance(account=account, before=from_date)
    rows = (
        JournalLine.objects.filter(
            account=account,
            date__range=(from_date, to_date),
            entry__state__in=BOOKED_STATES,
            period__kind__in=CUMULATIVE_KINDS,
        )
        .order_by("date", "entry_id", "id")
        .values_list(*_LEDGER_COLUMNS)
    )

    def running() -> Iterator[LedgerLine]:
        balance = opening
        for entry_id, journal, year_start, number, date, text, entry_text, document, debit, credit in rows.iterator(
            chunk_size=5000
        ):
            balance += debit - credit
            reference = entry_reference(journal, year_start.year, number)
            yield LedgerLine(entry_id, reference, journal, date, text or entry_text, document, debit, credit, balance)

    return opening, running()
