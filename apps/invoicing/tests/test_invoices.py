"""Drafts, issuing and its ledger posting, through the API and the services."""

import datetime
from decimal import Decimal

import pytest
from django_tenants.utils import tenant_context

from apps.invoicing.models import Invoice, InvoiceKind, InvoiceStatus
from apps.invoicing.services import DraftData, LineData, invoice_create, invoice_issue
from apps.ledger.models import JournalEntry
from apps.parties.tests.factories import PartyFactory
from apps.tenants.models import Role
from apps.tenants.services import membership_grant
from apps.tenants.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def customer(tenant_a):
    with tenant_context(tenant_a):
        return PartyFactory(legal_name="Müller & Söhne KG", tax_id="DE136695976", payment_days=30)


def _payload(party, **changes):  # type: ignore[no-untyped-def]
    return {
        "customer": party.pk,
        "delivery_date": "2031-03-01",
        "lines": [
            {"description": "Eichenbrett 2 m", "quantity": "3", "unit_price": "19.99", "tax_code": "de-standard-19"},
            {
                "description": "Fachbuch Holzbau",
                "quantity": "2.5",
                "unit_code": "C62",
                "unit_price": "12.40",
                "discount": "10",
                "tax_code": "de-reduced-7",
            },
        ],
        "allowances_charges": [{"reason": "Fracht", "is_charge": True, "amount": "5.00", "tax_code": "de-standard-19"}],
        **changes,
    }


def test_a_draft_shows_its_en16931_totals(tenant_a, owner_a, token_for, customer):
    response = token_for(tenant_a, owner_a).post("/api/v1/invoices/", _payload(customer), format="json")

    assert response.status_code == 201, response.json()
    totals = response.json()["totals"]
    # 3 × 19.99 = 59.97 (19 %); 2.5 × 12.40 = 31.00 − 10 % = 27.90 (7 %); freight 5.00 (19 %).
    assert (totals["line_total"], totals["charge_total"], totals["net"]) == ("87.87", "5.00", "92.87")
    assert [(row["tax_rate"], row["taxable_amount"], row["tax_amount"]) for row in totals["tax_breakdown"]] == [
        ("19.00", "64.97", "12.34"),
        ("7.00", "27.90", "1.95"),
    ]
    assert (totals["tax"], totals["gross"], totals["payable"]) == ("14.29", "107.16", "107.16")
    assert response.json()["status"] == "draft" and response.json()["number"] == ""


def test_issuing_numbers_the_invoice_and_posts_it(tenant_a, owner_a, token_for, customer):
    client = token_for(tenant_a, owner_a)
    draft = client.post("/api/v1/invoices/", _payload(customer), format="json").json()

    issued = client.post(f"/api/v1/invoices/{draft['id']}/issue/", {"issue_date": "2031-03-10"}, format="json")

    assert issued.status_code == 200, issued.json()
    body = issued.json()
    assert (body["number"], body["status"], body["due_date"]) == ("RE-2031-00001", "issued", "2031-04-09")
    with tenant_context(tenant_a):
        entry = JournalEntry.objects.get(pk=body["ledger_entry_id"])
        lines = sorted((line.account.code, line.debit, line.credit) for line in entry.lines.all())
        assert (entry.source_type, entry.document_number, entry.party_name) == (
            "invoicing.invoice",
            "RE-2031-00001",
            "Müller & Söhne KG",
        )
    assert lines == [
        ("1400", D("107.16"), D("0.00")),  # receivable
        ("1771", D("0.00"), D("1.95")),  # USt 7 %
        ("1776", D("0.00"), D("12.34")),  # USt 19 %
        ("8300", D("0.00"), D("27.90")),  # Erlöse 7 %
        ("8400", D("0.00"), D("64.97")),  # Erlöse 19 %, freight included
    ]


def test_an_issued_invoice_cannot_be_edited_or_issued_again(tenant_a, owner_a, token_for, customer):
    client = token_for(tenant_a, owner_a)
    draft = client.post("/api/v1/invoices/", _payload(customer), format="json").json()
    client.post(f"/api/v1/invoices/{draft['id']}/issue/", {}, format="json")

    edited = client.put(f"/api/v1/invoices/{draft['id']}/", _payload(customer, notes="changed"), format="json")
    again = client.post(f"/api/v1/invoices/{draft['id']}/issue/", {}, format="json")

    for response in (edited, again):
        assert response.status_code == 409
        assert (response.json()["errors"][0]["code"], response.json()["errors"][0]["field"]) == ("not_draft", "status")
    with tenant_context(tenant_a):
        assert Invoice.objects.get(pk=draft["id"]).notes == ""
        assert JournalEntry.objects.filter(source_type="invoicing.invoice").count() == 1


@pytest.mark.parametrize(
    ("line_change", "field", "code"),
    [
        ({"quantity": "-1"}, "lines.0.quantity", "negative_quantity"),
        ({"tax_code": "xx-none"}, "lines.0.tax_code", "unknown_tax_code"),
        ({"quantity": "1.23456"}, "lines.0.quantity", "max_decimal_places"),
        ({"unit_price": "-3"}, "lines.0.unit_price", "min_value"),
    ],
)
def test_bad_input_names_the_field_and_creates_nothing(
    tenant_a, owner_a, token_for, customer, line_change, field, code
):
    payload = _payload(customer)
    payload["lines"][0].update(line_change)

    response = token_for(tenant_a, owner_a).post("/api/v1/invoices/", payload, format="json")

    assert response.status_code == 400
    assert (response.json()["errors"][0]["field"], response.json()["errors"][0]["code"]) == (field, code)
    with tenant_context(tenant_a):
        assert not Invoice.objects.exists()


def test_an_unknown_customer_is_refused(tenant_a, owner_a, token_for, customer):
    response = token_for(tenant_a, owner_a).post(
        "/api/v1/invoices/", _payload(customer, customer=999999), format="json"
    )

    assert (response.status_code, response.json()["errors"][0]["field"]) == (400, "customer")


def test_a_viewer_reads_invoices_but_cannot_create_or_issue(tenant_a, owner_a, token_for, customer):
    draft = token_for(tenant_a, owner_a).post("/api/v1/invoices/", _payload(customer), format="json").json()
    viewer = UserFactory()
    membership_grant(tenant=tenant_a, user=viewer, role=Role.VIEWER)
    client = token_for(tenant_a, viewer)

    assert client.get(f"/api/v1/invoices/{draft['id']}/").status_code == 200
    assert client.post("/api/v1/invoices/", _payload(customer), format="json").status_code == 403
    assert client.post(f"/api/v1/invoices/{draft['id']}/issue/", {}, format="json").status_code == 403


def test_a_credit_note_posts_the_mirror_image(in_alpha, customer):
    lines = [LineData(description="Brett", quantity=D("2"), unit_price=D("50.00"), tax_code="de-standard-19")]
    invoice = invoice_issue(invoice=invoice_create(data=DraftData(customer=customer.pk, lines=lines)))
    credit = invoice_create(
        data=DraftData(customer=customer.pk, lines=lines), kind=InvoiceKind.CREDIT_NOTE, corrects=invoice
    )

    credit = invoice_issue(invoice=credit)

    entry = JournalEntry.objects.get(pk=credit.ledger_entry_id)
    assert sorted((line.account.code, line.debit, line.credit) for line in entry.lines.all()) == [
        ("1400", D("0.00"), D("119.00")),
        ("1776", D("19.00"), D("0.00")),
        ("8400", D("100.00"), D("0.00")),
    ]
    assert (credit.status, credit.number) == (InvoiceStatus.ISSUED, f"RE-{datetime.date.today().year}-00002")


def test_a_line_may_name_its_revenue_account_which_issuing_posts_to(tenant_a, owner_a, token_for, customer):
    payload = _payload(customer, allowances_charges=[])
    payload["lines"][0]["revenue_account"] = "8200"  # SKR 03: Erlöse
    client = token_for(tenant_a, owner_a)
    draft = client.post("/api/v1/invoices/", payload, format="json").json()

    body = client.post(f"/api/v1/invoices/{draft['id']}/issue/", {"issue_date": "2031-03-10"}, format="json").json()

    assert [line["revenue_account"] for line in body["lines"]] == ["8200", None]
    with tenant_context(tenant_a):
        credits = {
            line.account.code: line.credit for line in JournalEntry.objects.get(pk=body["ledger_entry_id"]).lines.all()
        }
    assert (credits["8200"], credits["8300"]) == (D("59.97"), D("27.90"))


def test_a_revenue_account_that_is_no_postable_income_account_is_refused(tenant_a, owner_a, token_for, customer):
    with tenant_context(tenant_a):
        before = Invoice.objects.count()
    payload = _payload(customer)
    payload["lines"][1]["revenue_account"] = "1200"  # SKR 03: Bank

    response = token_for(tenant_a, owner_a).post("/api/v1/invoices/", payload, format="json")

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "lines.1.revenue_account"
    with tenant_context(tenant_a):
        assert Invoice.objects.count() == before
