"""Period close and reopen, and the year-end close that opens the next year."""

import datetime
from decimal import Decimal

import pytest

from apps.audit.models import AuditEntry
from apps.core.errors import ApplicationError
from apps.ledger.models import Account, AccountRole, FiscalYear, JournalEntry, OpenClosed, Period, PeriodKind
from apps.ledger.selectors import ACTIVITY_KINDS, account_movements
from apps.ledger.services import LineSpec, entry_post, fiscal_year_close, period_close, period_reopen
from apps.tenants.models import Role
from apps.tenants.services import membership_grant
from apps.tenants.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
YEAR_END = datetime.date(2030, 12, 31)


@pytest.fixture
def year_2030(in_alpha, role_codes):
    """A year with a sale (1,000 revenue) and an expense (300), paid through the bank."""
    expense = role_codes[AccountRole.EXPENSE]
    entry_post(
        date=datetime.date(2030, 3, 1),
        lines=[
            LineSpec(account=role_codes["bank"], debit=Decimal("1000.00")),
            LineSpec(account=role_codes["revenue"], credit=Decimal("1000.00")),
        ],
    )
    entry_post(
        date=datetime.date(2030, 11, 30),
        lines=[
            LineSpec(account=expense, debit=Decimal("300.00")),
            LineSpec(account=role_codes["bank"], credit=Decimal("300.00")),
        ],
    )
    return FiscalYear.objects.get(start_date=datetime.date(2030, 1, 1))


def _close_months(tenant, year, user):  # type: ignore[no-untyped-def]
    for period in year.periods.filter(kind=PeriodKind.REGULAR):
        period_close(tenant=tenant, period=period, user=user)


def test_closing_and_reopening_a_period_is_audited(in_alpha, year_2030, owner_a):
    march = year_2030.periods.get(number=3)

    period_close(tenant=in_alpha, period=march, user=owner_a)
    assert Period.objects.get(pk=march.pk).status == OpenClosed.CLOSED
    period_reopen(tenant=in_alpha, period=march, user=owner_a)

    assert Period.objects.get(pk=march.pk).status == OpenClosed.OPEN
    # Written order: `seq` is only given when the transaction commits (the audit chain links then).
    changes = AuditEntry.objects.filter(object_pk=str(march.pk), content_type__model="period").order_by("pk")
    assert [entry.changes_dict["status"] for entry in changes] == [["open", "closed"], ["closed", "open"]]
    assert {entry.actor_id for entry in changes} == {owner_a.pk}


@pytest.mark.parametrize("role", [Role.MEMBER, Role.VIEWER])
def test_only_owners_and_accountants_close_periods(in_alpha, year_2030, role):
    user = UserFactory()
    membership_grant(tenant=in_alpha, user=user, role=role)

    with pytest.raises(ApplicationError) as refusal:
        period_close(tenant=in_alpha, period=year_2030.periods.get(number=3), user=user)

    assert refusal.value.status == 403
    assert year_2030.periods.get(number=3).status == OpenClosed.OPEN


def test_a_year_closes_only_when_its_months_are_closed(in_alpha, year_2030, owner_a):
    with pytest.raises(ApplicationError) as refusal:
        fiscal_year_close(tenant=in_alpha, fiscal_year=year_2030, user=owner_a)

    assert refusal.value.code == "periods_open"
    assert not JournalEntry.objects.filter(journal__code="YE").exists()


def test_year_end_close_carries_the_result_to_retained_earnings_and_opens_next_year(
    in_alpha, year_2030, owner_a, role_codes
):
    _close_months(in_alpha, year_2030, owner_a)

    fiscal_year_close(tenant=in_alpha, fiscal_year=year_2030, user=owner_a)

    retained = Account.objects.get(role=AccountRole.RETAINED_EARNINGS)
    bank = Account.objects.get(code=role_codes["bank"])
    after = account_movements(to_date=YEAR_END)
    assert after[retained.pk].balance == Decimal("-700.00")  # a 700 profit, on the credit side
    assert sum(m.balance for pk, m in after.items() if Account.objects.get(pk=pk).type in ("income", "expense")) == 0
    # The year's profit and loss keeps its figures: the closing entry sits in period 13.
    activity = account_movements(from_date=datetime.date(2030, 1, 1), to_date=YEAR_END, kinds=ACTIVITY_KINDS)
    assert activity[Account.objects.get(code=role_codes["revenue"]).pk].balance == Decimal("-1000.00")
    opening = JournalEntry.objects.get(
        period__kind=PeriodKind.OPENING, period__fiscal_year__start_date=datetime.date(2031, 1, 1)
    )
    assert sorted((line.account_id, line.debit - line.credit) for line in opening.lines.all()) == sorted(
        [(bank.pk, Decimal("700.00")), (retained.pk, Decimal("-700.00"))]
    )
    assert FiscalYear.objects.get(pk=year_2030.pk).status == OpenClosed.CLOSED
    with pytest.raises(ApplicationError) as refusal:
        period_reopen(tenant=in_alpha, period=year_2030.periods.get(number=12), user=owner_a)
    assert refusal.value.code == "year_closed"


def test_the_balance_carried_forward_equals_the_balance_at_year_end(in_alpha, year_2030, owner_a, role_codes):
    _close_months(in_alpha, year_2030, owner_a)
    fiscal_year_close(tenant=in_alpha, fiscal_year=year_2030, user=owner_a)
    entry_post(
        date=datetime.date(2031, 1, 15),
        lines=[
            LineSpec(account=role_codes["bank"], debit=Decimal("5.00")),
            LineSpec(account=role_codes["revenue"], credit=Decimal("5.00")),
        ],
    )

    bank_id = Account.objects.get(code=role_codes["bank"]).pk
    # Cumulative reports skip the opening entry: the year-end balance is already in the history.
    assert account_movements(to_date=datetime.date(2031, 1, 31))[bank_id].balance == Decimal("705.00")
