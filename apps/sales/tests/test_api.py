"""The sales API end to end: quote → order → deliveries → invoices, rights and refusals."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import tenant_context

from apps.invoicing.models import Invoice, InvoiceStatus
from apps.parties.tests.factories import PartyFactory
from apps.sales.models import DeliveryNote, OrderStatus, Quote, QuoteStatus, SalesOrder
from apps.tenants.models import Role
from apps.tenants.services import membership_grant
from apps.tenants.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def customer(tenant_a):
    with tenant_context(tenant_a):
        return PartyFactory(legal_name="Hotel Sonnenhof GmbH")


@pytest.fixture
def api(tenant_a, owner_a, token_for):
    return token_for(tenant_a, owner_a)


def _payload(customer, **changes):  # type: ignore[no-untyped-def]
    return {
        "customer": customer.pk,
        "valid_until": str(timezone.localdate() + datetime.timedelta(days=14)),
        "lines": [
            {
                "description": "Einbauschrank nach Maß",
                "quantity": "2",
                "unit_price": "1450",
                "tax_code": "de-standard-19",
            },
            {
                "description": "Montage",
                "quantity": "6",
                "unit_code": "HUR",
                "unit_price": "65",
                "tax_code": "de-standard-19",
            },
        ],
        **changes,
    }


def test_the_whole_flow_over_http(api, tenant_a, customer):
    created = api.post("/api/v1/quotes/", _payload(customer), format="json")
    assert created.status_code == 201, created.json()
    quote = created.json()
    assert (quote["status"], quote["number"], quote["totals"]["gross"]) == (
        "draft",
        "",
        "3915.10",
    )  # (2 × 1450 + 6 × 65) × 1.19

    changed = api.put(f"/api/v1/quotes/{quote['id']}/", _payload(customer, notes="Lieferung KW 12"), format="json")
    assert (changed.status_code, changed.json()["notes"]) == (200, "Lieferung KW 12")

    sent = api.post(f"/api/v1/quotes/{quote['id']}/send/", {}, format="json")
    assert (sent.status_code, sent.json()["status"]) == (200, "sent")
    assert sent.json()["number"].startswith("AN-")
    assert api.post(f"/api/v1/quotes/{quote['id']}/accept/", {}, format="json").json()["status"] == "accepted"

    ordered = api.post(f"/api/v1/quotes/{quote['id']}/order/", {}, format="json")
    assert ordered.status_code == 201, ordered.json()
    order = ordered.json()
    assert (order["status"], order["quote"], len(order["lines"])) == ("open", quote["id"], 2)
    assert api.get(f"/api/v1/quotes/{quote['id']}/").json()["order"] == order["id"]

    delivered = api.post(
        f"/api/v1/orders/{order['id']}/deliver/", {"lines": [{"position": 1, "quantity": "1"}]}, format="json"
    )
    assert delivered.status_code == 201, delivered.json()
    assert delivered.json()["lines"] == [
        {
            "position": 1,
            "order_line": 1,
            "description": "Einbauschrank nach Maß",
            "quantity": "1.0000",
            "unit_code": "C62",
        }
    ]
    invoiced = api.post(f"/api/v1/orders/{order['id']}/invoice/", {}, format="json")
    assert invoiced.status_code == 201, invoiced.json()
    assert [(line["description"], line["quantity"]) for line in invoiced.json()["lines"]] == [
        ("Einbauschrank nach Maß", "1.0000")
    ]
    assert invoiced.json()["status"] == "draft"

    detail = api.get(f"/api/v1/orders/{order['id']}/").json()
    assert detail["status"] == "partly_delivered"
    assert [(line["delivered"], line["invoiced"]) for line in detail["lines"]] == [
        ("1.0000", "1.0000"),
        ("0.0000", "0.0000"),
    ]
    notes = api.get("/api/v1/delivery-notes/", {"order": order["id"]}).json()["results"]
    assert [note["id"] for note in notes] == [delivered.json()["id"]]
    assert [row["id"] for row in api.get("/api/v1/quotes/", {"status": "accepted"}).json()["results"]] == [quote["id"]]


def _order(api, customer) -> dict:  # type: ignore[no-untyped-def]
    quote = api.post("/api/v1/quotes/", _payload(customer), format="json").json()
    api.post(f"/api/v1/quotes/{quote['id']}/send/", {}, format="json")
    api.post(f"/api/v1/quotes/{quote['id']}/accept/", {}, format="json")
    return api.post(f"/api/v1/quotes/{quote['id']}/order/", {}, format="json").json()


def test_over_delivery_and_over_invoicing_answer_400_naming_the_line(api, tenant_a, customer):
    order = _order(api, customer)

    too_much = api.post(
        f"/api/v1/orders/{order['id']}/deliver/",
        {"lines": [{"position": 2, "quantity": "6"}, {"position": 1, "quantity": "2.5"}]},
        format="json",
    )
    over_invoiced = api.post(
        f"/api/v1/orders/{order['id']}/invoice/", {"lines": [{"position": 2, "quantity": "6.0001"}]}, format="json"
    )

    assert too_much.status_code == 400
    assert too_much.json()["errors"][0]["field"] == "lines.1.quantity"
    assert over_invoiced.status_code == 400
    assert over_invoiced.json()["errors"][0]["field"] == "lines.0.quantity"
    with tenant_context(tenant_a):
        assert not DeliveryNote.objects.exists() and not Invoice.objects.exists()


def test_invalid_transitions_answer_409_on_status(api, tenant_a, customer):
    quote = api.post("/api/v1/quotes/", _payload(customer), format="json").json()

    for action in ("accept", "decline", "order"):
        response = api.post(f"/api/v1/quotes/{quote['id']}/{action}/", {}, format="json")
        assert response.status_code == 409, action
        assert response.json()["errors"][0]["field"] == "status"
    api.post(f"/api/v1/quotes/{quote['id']}/send/", {}, format="json")
    edit = api.put(f"/api/v1/quotes/{quote['id']}/", _payload(customer, notes="changed"), format="json")
    assert (edit.status_code, edit.json()["errors"][0]["field"]) == (409, "status")
    with tenant_context(tenant_a):
        assert Quote.objects.get(pk=quote["id"]).status == QuoteStatus.SENT
        assert Quote.objects.get(pk=quote["id"]).notes == ""


def test_an_order_is_cancelled_once(api, tenant_a, customer):
    order = _order(api, customer)

    assert api.post(f"/api/v1/orders/{order['id']}/cancel/", {}, format="json").json()["status"] == "cancelled"
    again = api.post(f"/api/v1/orders/{order['id']}/cancel/", {}, format="json")
    deliver = api.post(f"/api/v1/orders/{order['id']}/deliver/", {}, format="json")

    assert (again.status_code, deliver.status_code) == (409, 409)
    with tenant_context(tenant_a):
        assert SalesOrder.objects.get(pk=order["id"]).status == OrderStatus.CANCELLED
        assert not DeliveryNote.objects.exists()


def test_bad_input_names_the_field(api, customer):
    line = {"description": "X", "quantity": "1", "unit_price": "1", "tax_code": "nope"}
    response = api.post("/api/v1/quotes/", _payload(customer, lines=[line]), format="json")

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "lines.0.tax_code"


def test_a_member_who_may_only_view_reads_but_cannot_act(tenant_a, token_for, api, customer):
    order = _order(api, customer)
    viewer = UserFactory()
    membership_grant(tenant=tenant_a, user=viewer, role=Role.VIEWER)
    client = token_for(tenant_a, viewer)

    assert client.get(f"/api/v1/orders/{order['id']}/").status_code == 200
    assert client.post("/api/v1/quotes/", _payload(customer), format="json").status_code == 403
    assert client.post(f"/api/v1/orders/{order['id']}/invoice/", {}, format="json").status_code == 403
    with tenant_context(tenant_a):
        assert Invoice.objects.filter(status=InvoiceStatus.DRAFT).count() == 0


def test_the_schema_documents_the_sales_endpoints(api):
    schema = api.get("/api/v1/schema/", {"format": "json"}).json()

    for path in ("/api/v1/quotes/{id}/send/", "/api/v1/orders/{id}/deliver/", "/api/v1/orders/{id}/invoice/"):
        assert "post" in schema["paths"][path], path
    assert "QuoteInputRequest" in schema["components"]["schemas"]


def test_the_order_list_reads_a_fixed_number_of_queries(api, tenant_a, customer):
    def queries_for_list() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert api.get("/api/v1/orders/").status_code == 200
        return len(captured.captured_queries)

    order = _order(api, customer)
    api.post(f"/api/v1/orders/{order['id']}/deliver/", {"lines": [{"position": 1, "quantity": "1"}]}, format="json")
    one = queries_for_list()
    for _ in range(4):
        _order(api, customer)

    assert queries_for_list() == one
    rows = api.get("/api/v1/orders/").json()["results"]
    assert [line["delivered"] for line in rows[-1]["lines"]] == ["1.0000", "0.0000"]
