"""Postings racing for the same journal get consecutive numbers: no gap, no duplicate."""

import datetime
from decimal import Decimal

import pytest
from django_tenants.utils import tenant_context

from apps.ledger.models import Account, AccountRole, JournalEntry
from apps.ledger.services import LineSpec, entry_post
from apps.tenants.models import Tenant

pytestmark = pytest.mark.django_db
WORKERS = 12


def _role_codes(tenant: Tenant) -> dict[str, str]:
    with tenant_context(tenant):
        return dict(Account.objects.exclude(role="").values_list("role", "code"))


def _numbers_in(tenant: Tenant) -> list[int]:
    with tenant_context(tenant):
        return list(JournalEntry.objects.order_by("number").values_list("number", flat=True))  # type: ignore[arg-type]


def test_racing_postings_get_consecutive_numbers(scratch_company, committed, in_threads):
    company = scratch_company("race")
    codes = committed(lambda: _role_codes(company))

    def post(index: int) -> int:
        lines = [
            LineSpec(account=codes[AccountRole.BANK], debit=Decimal(index + 1)),
            LineSpec(account=codes[AccountRole.REVENUE], credit=Decimal(index + 1)),
        ]
        with tenant_context(company):
            return entry_post(date=datetime.date(2031, 6, 1), lines=lines, journal="SAL").number or 0

    numbers = in_threads(post, WORKERS)

    assert sorted(numbers) == list(range(1, WORKERS + 1))
    assert committed(lambda: _numbers_in(company)) == list(range(1, WORKERS + 1))
