"""Recurring invoices over HTTP: the API's CRUD and actions, refusals naming the field, the web pages."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import tenant_context

from apps.invoicing.models import Invoice, RecurringInvoice
from apps.invoicing.services import DraftData, LineData, ScheduleData, recurring_invoice_create
from apps.parties.tests.factories import PartyFactory
from apps.tenants.models import Role
from apps.tenants.services import membership_grant
from apps.tenants.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def customer(tenant_a):  # type: ignore[no-untyped-def]
    with tenant_context(tenant_a):
        return PartyFactory(legal_name="Hotel Sonnenhof GmbH", payment_days=14)


def _body(party: Any, **changes: Any) -> dict[str, Any]:
    body = {
        "name": "Wartungsvertrag",
        "customer": party.pk,
        "frequency": "monthly",
        "interval": 1,
        "start_date": "2031-01-31",
        "lines": [
            {"description": "Wartung {month}", "quantity": "1", "unit_price": "120", "tax_code": "de-standard-19"}
        ],
        "payment_terms": {"net_days": 10},
    }
    return body | changes


def _error(response: Any) -> tuple[int, str, str]:
    error = response.json()["errors"][0]
    return response.status_code, error["code"], error["field"]


def test_a_recurring_invoice_is_created_read_updated_and_deleted(tenant_a, owner_a, token_for, customer):
    client = token_for(tenant_a, owner_a)

    created = client.post("/api/v1/recurring-invoices/", _body(customer), format="json")

    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["name"], body["next_run"], body["issued_count"], body["is_active"]) == (
        "Wartungsvertrag", "2031-01-31", 0, True,
    )  # fmt: skip
    assert (body["payment_days"], body["lines"][0]["tax_code"], body["lines"][0]["unit_price"]) == (
        10, "de-standard-19", "120.0000",
    )  # fmt: skip
    url = f"/api/v1/recurring-invoices/{body['id']}/"
    updated = client.put(url, _body(customer, frequency="quarterly", start_date="2031-02-15"), format="json")
    assert (updated.status_code, updated.json()["next_run"]) == (200, "2031-02-15")
    assert [row["id"] for row in client.get("/api/v1/recurring-invoices/").json()["results"]] == [body["id"]]
    assert client.delete(url).status_code == 204
    with tenant_context(tenant_a):
        assert not RecurringInvoice.objects.exists()


@pytest.mark.parametrize(
    ("changes", "status", "code", "field"),
    [
        ({"name": ""}, 400, "blank", "name"),
        ({"frequency": "weekly"}, 400, "invalid_choice", "frequency"),
        ({"interval": 0}, 400, "min_value", "interval"),
        ({"end_date": "2030-12-31"}, 400, "before_start", "end_date"),
        ({"auto_issue": False, "auto_send": True}, 400, "needs_auto_issue", "auto_send"),
        ({"customer": 999999}, 400, "unknown_customer", "customer"),
        (
            {"lines": [{"description": "x", "quantity": "1", "unit_price": "1", "tax_code": "xx"}]},
            400,
            "unknown_tax_code",
            "lines.0.tax_code",
        ),
        ({"lines": []}, 400, "empty", "lines"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(
    tenant_a, owner_a, token_for, customer, changes, status, code, field
):
    response = token_for(tenant_a, owner_a).post(
        "/api/v1/recurring-invoices/", _body(customer, **changes), format="json"
    )

    assert _error(response) == (status, code, field)
    with tenant_context(tenant_a):
        assert not RecurringInvoice.objects.exists()


def test_pause_resume_and_bill_now(tenant_a, owner_a, token_for, login_as, customer):
    client = token_for(tenant_a, owner_a)
    pk = client.post("/api/v1/recurring-invoices/", _body(customer, max_count=1), format="json").json()["id"]
    url = f"/api/v1/recurring-invoices/{pk}"

    assert client.post(f"{url}/pause/").json()["is_active"] is False
    assert _error(client.post(f"{url}/run/")) == (409, "paused", "is_active")
    assert client.post(f"{url}/resume/").json()["is_active"] is True

    billed = client.post(f"{url}/run/")

    assert billed.status_code == 201, billed.json()
    invoice = billed.json()
    today = timezone.localdate()
    assert (invoice["status"], invoice["recurring"], invoice["recurring_period"], invoice["issue_date"]) == (
        "issued", pk, "2031-01-31", today.isoformat(),
    )  # fmt: skip
    assert invoice["lines"][0]["description"] == "Wartung January"
    assert _error(client.post(f"{url}/run/")) == (409, "finished", "next_run")
    page = login_as(tenant_a, owner_a).get(f"/invoices/{invoice['id']}/").content.decode()
    assert f'href="/invoices/recurring/{pk}/"' in page and "Recurring, period 2031-01-31" in page
    with tenant_context(tenant_a):
        assert Invoice.objects.count() == 1


def test_a_viewer_reads_but_cannot_create_or_pause(tenant_a, token_for, customer):
    with tenant_context(tenant_a):
        recurring = recurring_invoice_create(
            schedule=ScheduleData(name="Miete", start_date=datetime.date(2031, 1, 1)),
            draft=DraftData(
                customer=customer.pk,
                lines=[LineData(description="Miete", quantity=D("1"), unit_price=D("800"), tax_code="de-standard-19")],
            ),
        )
    viewer = UserFactory()
    membership_grant(tenant=tenant_a, user=viewer, role=Role.VIEWER)
    client = token_for(tenant_a, viewer)

    assert client.get(f"/api/v1/recurring-invoices/{recurring.pk}/").status_code == 200
    assert client.post("/api/v1/recurring-invoices/", _body(customer), format="json").status_code == 403
    assert client.post(f"/api/v1/recurring-invoices/{recurring.pk}/pause/").status_code == 403
    with tenant_context(tenant_a):
        assert RecurringInvoice.objects.get().is_active


def _form(customer: Any, **changes: str) -> dict[str, str]:
    data = {
        "name": "Hausmeisterdienst",
        "frequency": "monthly",
        "interval": "1",
        "start_date": "2031-02-01",
        "end_date": "",
        "max_count": "",
        "auto_issue": "on",
        "customer": str(customer.pk),
        "currency": "",
        "payment_days": "",
        "skonto_percent": "",
        "skonto_days": "",
        "notes": "",
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-0-description": "Hausmeister {month} {year}",
        "lines-0-quantity": "1",
        "lines-0-unit_code": "C62",
        "lines-0-unit_price": "250",
        "lines-0-discount_percent": "0",
        "lines-0-tax_code": "de-standard-19",
    }
    return data | changes


def test_the_web_pages_list_create_edit_pause_and_resume(tenant_a, owner_a, login_as, customer):
    browser = login_as(tenant_a, owner_a)

    empty = browser.get("/invoices/recurring/")
    assert empty.status_code == 200 and "No recurring invoices yet" in empty.content.decode()
    assert browser.get("/invoices/recurring/new/").status_code == 200

    created = browser.post("/invoices/recurring/new/", _form(customer))

    assert created.status_code == 302, created.content.decode()
    with tenant_context(tenant_a):
        recurring = RecurringInvoice.objects.get()
        assert (recurring.next_run, recurring.lines.get().description) == (
            datetime.date(2031, 2, 1), "Hausmeister {month} {year}",
        )  # fmt: skip
    page = browser.get(f"/invoices/recurring/{recurring.pk}/").content.decode()
    assert "Hausmeisterdienst" in page and 'value="Hausmeister {month} {year}"' in page
    refused = browser.post(f"/invoices/recurring/{recurring.pk}/", _form(customer, end_date="2031-01-01"))
    assert refused.status_code == 400 and "The end cannot be before the first period." in refused.content.decode()

    assert browser.post(f"/invoices/recurring/{recurring.pk}/pause/").status_code == 302
    listed = browser.get("/invoices/recurring/").content.decode()
    assert "Hausmeisterdienst" in listed and "Paused" in listed and "Resume" in listed
    assert browser.post(f"/invoices/recurring/{recurring.pk}/resume/").status_code == 302
    with tenant_context(tenant_a):
        assert RecurringInvoice.objects.get().is_active


def test_lists_read_a_fixed_number_of_queries(tenant_a, owner_a, token_for, customer):
    client = token_for(tenant_a, owner_a)

    def queries(path: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    def billed_template() -> None:
        created = client.post("/api/v1/recurring-invoices/", _body(customer), format="json").json()
        assert client.post(f"/api/v1/recurring-invoices/{created['id']}/run/").status_code == 201

    billed_template()
    one = queries("/api/v1/recurring-invoices/"), queries("/api/v1/invoices/")
    for _ in range(3):
        billed_template()

    assert (queries("/api/v1/recurring-invoices/"), queries("/api/v1/invoices/")) == one
