"""Fifty invoices issued at once get fifty consecutive numbers: no gap, no duplicate."""

import datetime
from decimal import Decimal

import pytest
from django_tenants.utils import tenant_context

from apps.invoicing.models import Invoice
from apps.invoicing.services import DraftData, LineData, invoice_create, invoice_issue
from apps.parties.tests.factories import PartyFactory
from apps.tenants.models import Tenant

pytestmark = pytest.mark.django_db
RACERS = 50


def _drafts(company: Tenant) -> list[int]:
    with tenant_context(company):
        customer = PartyFactory()
        line = LineData(
            description="Arbeitsstunde", quantity=Decimal("1"), unit_price=Decimal("65"), tax_code="de-standard-19"
        )
        return [invoice_create(data=DraftData(customer=customer.pk, lines=[line])).pk for _ in range(RACERS)]


def _numbers(company: Tenant) -> list[str]:
    with tenant_context(company):
        return sorted(Invoice.objects.values_list("number", flat=True))


def test_fifty_concurrent_issues_get_fifty_consecutive_numbers(scratch_company, committed, in_threads):
    company = scratch_company("invoice-race")
    drafts = committed(lambda: _drafts(company))

    def issue(index: int) -> str:
        with tenant_context(company):
            invoice = Invoice.objects.get(pk=drafts[index])
            return invoice_issue(invoice=invoice, issue_date=datetime.date(2031, 7, 1)).number

    numbers = in_threads(issue, RACERS)

    expected = [f"RE-2031-{n:05d}" for n in range(1, RACERS + 1)]
    assert sorted(numbers) == expected
    assert committed(lambda: _numbers(company)) == expected
