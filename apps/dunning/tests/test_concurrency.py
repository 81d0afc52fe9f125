"""Runs started at once (a retried beat, a click on "run now") create each notice once."""

import datetime
from decimal import Decimal

import pytest
from django_tenants.utils import tenant_context

from apps.dunning.models import DunningNotice
from apps.dunning.services import dunning_run
from apps.parties.tests.factories import PartyFactory
from apps.tenants.models import Tenant

from .conftest import issued_invoice

pytestmark = pytest.mark.django_db
RACERS = 4
INVOICES = 5
REMINDER_DAY = datetime.date(2031, 3, 22)


def _overdue(company: Tenant) -> None:
    with tenant_context(company):
        customer = PartyFactory()
        for _ in range(INVOICES):
            issued_invoice(customer, issued=datetime.date(2031, 3, 1))


def _notices(company: Tenant) -> list[tuple[int, int, Decimal]]:
    with tenant_context(company):
        return sorted(DunningNotice.objects.values_list("invoice_id", "level__level", "open_amount"))


def test_concurrent_runs_create_each_notice_once(scratch_company, committed, in_threads):
    company = scratch_company("dunning-race")
    committed(lambda: _overdue(company))

    def run(index: int) -> int:
        with tenant_context(company):
            return len(dunning_run(on=REMINDER_DAY))

    created = in_threads(run, RACERS)

    assert sorted(created) == [0] * (RACERS - 1) + [INVOICES]
    notices = committed(lambda: _notices(company))
    assert [(level, amount) for _invoice, level, amount in notices] == [(1, Decimal("1190.00"))] * INVOICES
