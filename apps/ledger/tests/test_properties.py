"""Whatever valid postings and reversals happen, the books stay balanced and the stored balances true."""

import datetime
from decimal import Decimal

import pytest
from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apps.ledger.models import Account, AccountPeriodBalance, AccountType, JournalEntry, JournalLine
from apps.ledger.selectors import account_movements
from apps.ledger.services import LineSpec, entry_post, entry_reverse

pytestmark = pytest.mark.django_db
START = datetime.date(2033, 1, 1)

amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999.99"), places=2)
# An entry: some debit amounts on some accounts, balanced by credits split over other accounts.
entries = st.tuples(
    st.integers(min_value=0, max_value=364),
    st.lists(st.tuples(st.integers(min_value=0, max_value=29), amounts), min_size=1, max_size=4),
    st.lists(st.integers(min_value=0, max_value=29), min_size=1, max_size=3),
)
operations = st.lists(st.one_of(entries, st.integers(min_value=0, max_value=50)), min_size=1, max_size=12)


def _split(total: Decimal, parts: int) -> list[Decimal]:
    share = (total / parts).quantize(Decimal("0.01"))
    return [share] * (parts - 1) + [total - share * (parts - 1)]


def _apply(operation, codes: list[str], posted: list[JournalEntry]) -> None:  # type: ignore[no-untyped-def]
    if isinstance(operation, int):  # reverse an earlier entry, if there is one still posted
        candidates = [entry for entry in posted if not entry.reversal_of_id]
        if candidates:
            entry = candidates[operation % len(candidates)]
            posted.remove(entry)
            posted.append(entry_reverse(entry=entry))
        return
    day, debits, credit_accounts = operation
    total = sum((amount for _account, amount in debits), Decimal("0"))
    credit_parts = _split(total, len(credit_accounts))
    lines = [LineSpec(account=codes[index], debit=amount) for index, amount in debits]
    lines += [
        LineSpec(account=codes[index], credit=part)
        for index, part in zip(credit_accounts, credit_parts, strict=True)
        if part > 0
    ]
    if len(lines) >= 2:
        posted.append(entry_post(date=START + datetime.timedelta(days=day), lines=lines))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=operations)
def test_any_postings_and_reversals_keep_the_books_balanced(in_alpha, operations):
    codes = list(Account.objects.filter(is_postable=True).order_by("code").values_list("code", flat=True)[:30])
    with transaction.atomic():
        posted: list[JournalEntry] = []
        for operation in operations:
            _apply(operation, codes, posted)
        end = START.replace(month=12, day=31)

        movements = account_movements(to_date=end)
        assert sum((m.balance for m in movements.values()), Decimal("0")) == 0
        types = dict(Account.objects.values_list("pk", "type"))
        by_type = {
            kind: sum((m.balance for pk, m in movements.items() if types[pk] == kind), Decimal("0"))
            for kind in AccountType.values
        }
        # Assets = liabilities + equity + current result (income and expense not yet closed).
        assert by_type["asset"] + by_type["expense"] == -(by_type["liability"] + by_type["equity"] + by_type["income"])
        stored = {
            (row["account"], row["period"]): (row["debit"], row["credit"])
            for row in AccountPeriodBalance.objects.values("account", "period", "debit", "credit")
        }
        fresh = {
            (row["account"], row["period"]): (row["d"], row["c"])
            for row in JournalLine.objects.exclude(entry__state="draft")
            .values("account", "period")
            .annotate(d=Sum("debit"), c=Sum("credit"))
        }
        assert stored == fresh
        # Mid-month cuts read lines, whole months read the stored balances: both must agree.
        middle = START + datetime.timedelta(days=170)
        cut = account_movements(from_date=START + datetime.timedelta(days=10), to_date=middle)
        lines = (
            JournalLine.objects.filter(date__range=(START + datetime.timedelta(days=10), middle))
            .values("account")
            .annotate(d=Sum("debit"), c=Sum("credit"))
        )
        assert {pk: (m.debit, m.credit) for pk, m in cut.items()} == {
            row["account"]: (row["d"], row["c"]) for row in lines
        }
        transaction.set_rollback(True)
