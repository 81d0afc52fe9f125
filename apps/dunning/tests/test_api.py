"""The dunning API: levels and stops CRUD, notices with filters and PDF, the run; rights and 4xx fields."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django_tenants.utils import tenant_context

from apps.dunning.models import DunningLevel, DunningNotice, DunningStop
from apps.dunning.services import dunning_run
from apps.parties.tests.factories import PartyFactory
from apps.tenants.models import Role
from apps.tenants.services import membership_grant
from apps.tenants.tests.factories import UserFactory

from .conftest import issued_invoice

pytestmark = pytest.mark.django_db
D = Decimal
ISSUED = datetime.date(2031, 3, 1)
DUE = datetime.date(2031, 3, 15)


@pytest.fixture
def client(tenant_a, owner_a, token_for):  # type: ignore[no-untyped-def]
    return token_for(tenant_a, owner_a)


@pytest.fixture
def invoices(tenant_a):  # type: ignore[no-untyped-def]
    with tenant_context(tenant_a):
        first, second = PartyFactory(language="de"), PartyFactory(language="fr")
        return issued_invoice(first, issued=ISSUED), issued_invoice(second, issued=ISSUED)


def _errors(response):  # type: ignore[no-untyped-def]
    return [(error["field"], error["code"]) for error in response.json()["errors"]]


def test_run_creates_the_due_notices_once(client, invoices):
    response = client.post("/api/v1/dunning/run/", {"on": str(DUE + datetime.timedelta(days=7))}, format="json")
    again = client.post("/api/v1/dunning/run/", {"on": str(DUE + datetime.timedelta(days=7))}, format="json")

    assert response.status_code == 200, response.json()
    created = response.json()["created"]
    assert sorted(row["invoice"] for row in created) == sorted(invoice.pk for invoice in invoices)
    assert {(row["level_number"], row["total"], row["send_status"]) for row in created} == {(1, "1190.00", "not_sent")}
    assert (again.status_code, again.json()["created"]) == (200, [])


def test_run_refuses_a_bad_date_naming_the_field(client, tenant_a):
    response = client.post("/api/v1/dunning/run/", {"on": "31.03.2031"}, format="json")

    assert response.status_code == 400
    assert _errors(response)[0][0] == "on"
    with tenant_context(tenant_a):
        assert DunningNotice.objects.count() == 0


def test_a_viewer_may_read_but_not_run(tenant_a, token_for, invoices):
    viewer = UserFactory()
    membership_grant(tenant=tenant_a, user=viewer, role=Role.VIEWER)
    client = token_for(tenant_a, viewer)

    assert client.get("/api/v1/dunning/notices/").status_code == 200
    assert client.post("/api/v1/dunning/run/", {}, format="json").status_code == 403
    assert client.post("/api/v1/dunning/levels/", {}, format="json").status_code == 403
    with tenant_context(tenant_a):
        assert DunningNotice.objects.count() == 0


def test_notices_filter_by_invoice_and_customer_and_print(client, tenant_a, invoices):
    with tenant_context(tenant_a):
        dunning_run(on=DUE + datetime.timedelta(days=7))
    first, second = invoices

    by_invoice = client.get("/api/v1/dunning/notices/", {"invoice": first.pk}).json()["results"]
    by_customer = client.get("/api/v1/dunning/notices/", {"customer": second.customer_id}).json()["results"]

    assert [row["invoice_number"] for row in by_invoice] == [first.number]
    assert [row["invoice"] for row in by_customer] == [second.pk]
    pdf = client.get(f"/api/v1/dunning/notices/{by_invoice[0]['id']}/pdf/")
    assert (pdf.status_code, pdf["Content-Type"]) == (200, "application/pdf")
    assert pdf.content[:5] == b"%PDF-"
    assert pdf["Content-Disposition"] == f'inline; filename="{first.number}-1.pdf"'
    assert client.get("/api/v1/dunning/notices/999999/pdf/").status_code == 404


def test_a_notice_for_one_invoice_now_or_a_409_naming_the_field(client, tenant_a, invoices):
    first, _second = invoices

    early = client.post("/api/v1/dunning/notices/", {"invoice": first.pk, "on": str(DUE)}, format="json")
    made = client.post(
        "/api/v1/dunning/notices/", {"invoice": first.pk, "on": str(DUE + datetime.timedelta(days=1))}, format="json"
    )
    missing = client.post("/api/v1/dunning/notices/", {}, format="json")

    assert (early.status_code, _errors(early)) == (409, [("invoice", "not_overdue")])
    assert made.status_code == 201, made.json()
    assert (made.json()["level_number"], made.json()["notice_date"]) == (1, "2031-03-16")
    assert (missing.status_code, _errors(missing)[0][0]) == (400, "invoice")


def test_levels_crud_with_field_errors(client, tenant_a):
    listed = client.get("/api/v1/dunning/levels/").json()["results"]
    assert [(row["level"], row["days"], row["fee"], row["charges_interest"]) for row in listed] == [
        (1, 7, "0.00", False), (2, 21, "5.00", False), (3, 35, "10.00", True),
    ]  # fmt: skip

    duplicate = client.post("/api/v1/dunning/levels/", {"level": 3, "name": "Again", "days": 50}, format="json")
    negative = client.post(
        "/api/v1/dunning/levels/", {"level": 4, "name": "Inkasso", "days": 50, "fee": "-1"}, format="json"
    )
    made = client.post(
        "/api/v1/dunning/levels/", {"level": 4, "name": "Inkasso", "days": 50, "fee": "25.00"}, format="json"
    )
    changed = client.patch(f"/api/v1/dunning/levels/{made.json()['id']}/", {"days": 56}, format="json")

    assert (duplicate.status_code, _errors(duplicate)[0][0]) == (400, "level")
    assert (negative.status_code, _errors(negative)[0][0]) == (400, "fee")
    assert (made.status_code, changed.status_code, changed.json()["days"]) == (201, 200, 56)
    with tenant_context(tenant_a):
        assert list(DunningLevel.objects.values_list("level", flat=True)) == [1, 2, 3, 4]


def test_stops_per_customer(client, tenant_a):
    with tenant_context(tenant_a):
        customer = PartyFactory()
        supplier = PartyFactory(is_customer=False, is_supplier=True)

    made = client.post(
        "/api/v1/dunning/stops/", {"party": customer.pk, "reason": "Ratenzahlung", "until": "2031-06-30"}, format="json"
    )
    again = client.post("/api/v1/dunning/stops/", {"party": customer.pk, "reason": "Streit"}, format="json")
    lifted = client.patch(f"/api/v1/dunning/stops/{made.json()['id']}/", {"stopped": False}, format="json")
    refused = client.post("/api/v1/dunning/stops/", {"party": supplier.pk}, format="json")
    unknown = client.post("/api/v1/dunning/stops/", {"party": 999999}, format="json")

    assert made.status_code == 201, made.json()
    assert (again.status_code, again.json()["id"], again.json()["reason"], again.json()["until"]) == (
        201, made.json()["id"], "Streit", None,
    )  # fmt: skip
    assert (lifted.status_code, lifted.json()["stopped"], lifted.json()["reason"]) == (200, False, "")
    assert (refused.status_code, _errors(refused)) == (400, [("party", "not_customer")])
    assert (unknown.status_code, _errors(unknown)[0][0]) == (400, "party")
    with tenant_context(tenant_a):
        assert DunningStop.objects.count() == 1


def test_a_level_in_use_cannot_be_deleted(client, tenant_a, invoices):
    with tenant_context(tenant_a):
        dunning_run(on=DUE + datetime.timedelta(days=7))
        reminder = DunningLevel.objects.get(level=1)

    response = client.delete(f"/api/v1/dunning/levels/{reminder.pk}/")

    assert response.status_code == 409
    with tenant_context(tenant_a):
        assert DunningLevel.objects.filter(pk=reminder.pk).exists()
