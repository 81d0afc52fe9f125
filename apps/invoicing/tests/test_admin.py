"""The accountant's invoice admin: issued documents are read-only; drafts are issued by action."""

import datetime

import pytest
from django_tenants.utils import tenant_context

from apps.invoicing.models import Invoice, InvoiceStatus
from apps.invoicing.services import (
    DraftData,
    LineData,
    ScheduleData,
    invoice_create,
    invoice_issue,
    recurring_invoice_create,
)
from apps.parties.tests.factories import PartyFactory
from apps.tenants.models import Role
from apps.tenants.services import membership_grant
from apps.tenants.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def accountant_client(tenant_a, login_as):
    user = UserFactory()
    membership_grant(tenant=tenant_a, user=user, role=Role.ACCOUNTANT)
    return login_as(tenant_a, user)


def _draft():  # type: ignore[no-untyped-def]
    line = LineData(description="Montage", quantity=1, unit_price=100, tax_code="de-standard-19")  # type: ignore[arg-type]
    return invoice_create(data=DraftData(customer=PartyFactory().pk, lines=[line]))


def test_an_accountant_issues_drafts_by_action(tenant_a, accountant_client):
    with tenant_context(tenant_a):
        draft = _draft()

    accountant_client.post("/admin/invoicing/invoice/", {"action": "issue_drafts", "_selected_action": [draft.pk]})

    with tenant_context(tenant_a):
        issued = Invoice.objects.get(pk=draft.pk)
    assert issued.status == InvoiceStatus.ISSUED and issued.number.startswith("RE-")


def test_an_issued_invoice_is_read_only_in_the_admin(tenant_a, accountant_client):
    with tenant_context(tenant_a):
        invoice = invoice_issue(invoice=_draft())

    page = accountant_client.get(f"/admin/invoicing/invoice/{invoice.pk}/change/")
    accountant_client.post(f"/admin/invoicing/invoice/{invoice.pk}/change/", {"notes": "changed"})

    assert page.status_code == 200 and 'name="notes"' not in page.content.decode()
    with tenant_context(tenant_a):
        assert Invoice.objects.get(pk=invoice.pk).notes == ""


def test_an_accountant_bills_a_recurring_invoice_now_and_pauses_it(tenant_a, accountant_client):
    with tenant_context(tenant_a):
        line = LineData(description="Miete {month}", quantity=1, unit_price=800, tax_code="de-standard-19")  # type: ignore[arg-type]
        recurring = recurring_invoice_create(
            schedule=ScheduleData(name="Büromiete", start_date=datetime.date(2031, 1, 1)),
            draft=DraftData(customer=PartyFactory().pk, lines=[line]),
        )
    changelist = "/admin/invoicing/recurringinvoice/"

    accountant_client.post(changelist, {"action": "bill_now", "_selected_action": [recurring.pk]})
    accountant_client.post(changelist, {"action": "pause", "_selected_action": [recurring.pk]})
    refused = accountant_client.post(
        changelist, {"action": "bill_now", "_selected_action": [recurring.pk]}, follow=True
    )

    assert "This recurring invoice is paused; resume it first." in refused.content.decode()
    page = accountant_client.get(f"{changelist}{recurring.pk}/change/").content.decode()
    assert "Büromiete" in page and "RE-" in page
    with tenant_context(tenant_a):
        recurring.refresh_from_db()
        assert (recurring.is_active, recurring.issued_count, recurring.next_run) == (
            False,
            1,
            datetime.date(2031, 2, 1),
        )
        assert Invoice.objects.get().status == InvoiceStatus.ISSUED
