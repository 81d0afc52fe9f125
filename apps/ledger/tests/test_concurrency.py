"""Postings racing for the same journal get consecutive numbers: no gap, no duplicate.

The workers need committed data and their own connections, so this test works in a
company of its own that it provisions and drops again, outside the test's transaction.
"""

import datetime
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from typing import TypeVar

import pytest
from django.db import connections
from django_tenants.utils import tenant_context

from apps.ledger.models import Account, AccountRole, JournalEntry
from apps.ledger.services import LineSpec, entry_post
from apps.tenants.models import Tenant
from apps.tenants.services import tenant_provision

pytestmark = pytest.mark.django_db
WORKERS = 12
T = TypeVar("T")


def _committed(work: Callable[[], T]) -> T:
    """Runs `work` on a connection of its own (autocommit), as another request would."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_closing(work)).result()


def _closing(work: Callable[[], T]) -> Callable[[], T]:
    def run() -> T:
        try:
            return work()
        finally:
            connections.close_all()

    return run


@pytest.fixture
def racing_company():  # type: ignore[no-untyped-def]
    tenant = _committed(
        lambda: tenant_provision(
            slug="race", name="Race GmbH", country="DE", owner_email="owner@race.test", owner_password="x" * 12
        )
    )
    yield tenant
    _committed(lambda: Tenant.objects.get(pk=tenant.pk).delete(force_drop=True))


def test_racing_postings_get_consecutive_numbers(racing_company):
    # Read on another connection too: a lock held by this test's transaction would stall the drop.
    codes = _committed(lambda: _role_codes(racing_company))
    start = threading.Barrier(WORKERS)

    def post(index: int) -> int:
        lines = [
            LineSpec(account=codes[AccountRole.BANK], debit=Decimal(index + 1)),
            LineSpec(account=codes[AccountRole.REVENUE], credit=Decimal(index + 1)),
        ]
        try:
            with tenant_context(racing_company):
                start.wait()
                return entry_post(date=datetime.date(2031, 6, 1), lines=lines, journal="SAL").number or 0
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        numbers = list(pool.map(post, range(WORKERS)))

    assert sorted(numbers) == list(range(1, WORKERS + 1))
    stored = _committed(lambda: _numbers_in(racing_company))
    assert stored == list(range(1, WORKERS + 1))


def _role_codes(tenant: Tenant) -> dict[str, str]:
    with tenant_context(tenant):
        return dict(Account.objects.exclude(role="").values_list("role", "code"))


def _numbers_in(tenant: Tenant) -> list[int]:
    with tenant_context(tenant):
        return list(JournalEntry.objects.order_by("number").values_list("number", flat=True))  # type: ignore[arg-type]
