"""A small set of books, worked out by hand, that the statement tests read:

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
from dataclasses import dataclass
from decimal import Decimal

from apps.ledger.models import Account, AccountRole, AccountType, Side
from apps.ledger.services import EntrySpec, LineSpec, entries_post
from apps.ledger.tests.factories import AccountFactory

D = datetime.date


@dataclass(frozen=True)
class SampleAccounts:
    bank: Account
    receivable: Account
    payable: Account
    capital: Account
    revenue: Account
    expense: Account


def _entry(
    day: datetime.date, debit: Account, credit: Account, amount: str, text: str, document: str = ""
) -> EntrySpec:
    lines = [
        LineSpec(account=debit.code, debit=Decimal(amount)),
        LineSpec(account=credit.code, credit=Decimal(amount)),
    ]
    return EntrySpec(date=day, lines=lines, description=text, document_number=document)


def post_sample_books() -> SampleAccounts:
    """Posts the books of the module docstring in the current schema (alpha's SKR 03 chart)."""
    by_role = {account.role: account for account in Account.objects.exclude(role="")}
    capital = AccountFactory(code="T-CAPITAL", name="Capital", type=AccountType.EQUITY, normal_side=Side.CREDIT)
    a = SampleAccounts(
        bank=by_role[AccountRole.BANK],
        receivable=by_role[AccountRole.RECEIVABLE],
        payable=by_role[AccountRole.PAYABLE],
        capital=capital,
        revenue=by_role[AccountRole.REVENUE],
        expense=by_role[AccountRole.EXPENSE],
    )
    entries_post(
        specs=[
            _entry(D(2031, 12, 1), a.bank, a.capital, "10000.00", "Capital contribution"),
            _entry(D(2031, 12, 15), a.receivable, a.revenue, "1000.00", "Invoice", "RE-1"),
            _entry(D(2031, 12, 20), a.expense, a.payable, "300.00", "Office supplies"),
            _entry(D(2032, 1, 10), a.bank, a.receivable, "1000.00", "Payment RE-1", "RE-1"),
            _entry(D(2032, 1, 20), a.receivable, a.revenue, "2500.00", "Invoice", "RE-2"),
            _entry(D(2032, 2, 5), a.expense, a.bank, "400.00", "Rent February"),
            _entry(D(2032, 2, 25), a.receivable, a.revenue, "800.00", "Invoice", "RE-3"),
            _entry(D(2032, 3, 3), a.payable, a.bank, "300.00", "Supplier paid"),
        ]
    )
    return a
