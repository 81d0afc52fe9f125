"""Credit notes from issued invoices: full and partial, never more than was invoiced."""

import datetime
from decimal import Decimal

import pytest
from django_tenants.utils import tenant_context

from apps.core.errors import ApplicationError
from apps.invoicing.models import Invoice, InvoiceKind, InvoiceStatus
from apps.invoicing.services import (
    AllowanceChargeData,
    DraftData,
    LineData,
    credit_note_create,
    invoice_create,
    invoice_issue,
)
from apps.ledger.models import JournalEntry
from apps.parties.tests.factories import PartyFactory
from apps.tenants.models import Role
from apps.tenants.services import membership_grant
from apps.tenants.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
D = Decimal
ISSUED_ON = datetime.date(2031, 3, 10)


@pytest.fixture
def customer(tenant_a):
    with tenant_context(tenant_a):
        return PartyFactory(legal_name="Müller & Söhne KG", tax_id="DE136695976", payment_days=30)


def _issued(customer) -> Invoice:  # type: ignore[no-untyped-def]
    """3 × 19.99 (19 %), 2.5 × 12.40 − 10 % (7 %) and 5.00 freight (19 %): 107.16 gross."""
    data = DraftData(
        customer=customer.pk,
        lines=[
            LineData(description="Eichenbrett 2 m", quantity=D("3"), unit_price=D("19.99"), tax_code="de-standard-19"),
            LineData(
                description="Fachbuch Holzbau",
                quantity=D("2.5"),
                unit_price=D("12.40"),
                discount_percent=D("10"),
                tax_code="de-reduced-7",
            ),
        ],
        allowances_charges=[
            AllowanceChargeData(reason="Fracht", tax_code="de-standard-19", is_charge=True, amount=D("5.00"))
        ],
        skonto_percent=D("2"),
        skonto_days=10,
    )
    return invoice_issue(invoice=invoice_create(data=data), issue_date=ISSUED_ON)


def _posting(entry_id: int) -> list[tuple[str, Decimal, Decimal]]:
    entry = JournalEntry.objects.get(pk=entry_id)
    return sorted((line.account.code, line.debit, line.credit) for line in entry.lines.all())


def _error(response) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    error = response.json()["errors"][0]
    return response.status_code, error["code"], error["field"]


def test_a_full_credit_note_copies_the_invoice_and_issuing_it_posts_the_mirror(tenant_a, owner_a, token_for, customer):
    with tenant_context(tenant_a):
        invoice = _issued(customer)
    client = token_for(tenant_a, owner_a)

    response = client.post(f"/api/v1/invoices/{invoice.pk}/credit-note/", {}, format="json")

    assert response.status_code == 201, response.json()
    note = response.json()
    assert (note["kind"], note["status"], note["corrects"], note["customer"]) == (
        "credit_note",
        "draft",
        invoice.pk,
        customer.pk,
    )
    assert [(line["position"], line["quantity"], line["unit_price"]) for line in note["lines"]] == [
        (1, "3.0000", "19.9900"),
        (2, "2.5000", "12.4000"),
    ]
    assert (note["skonto_percent"], note["skonto_days"], note["payment_days"]) == ("2.00", 10, 30)
    assert (note["totals"]["charge_total"], note["totals"]["gross"]) == ("5.00", "107.16")

    issued = client.post(f"/api/v1/invoices/{note['id']}/issue/", {"issue_date": "2031-03-20"}, format="json")

    assert issued.status_code == 200, issued.json()
    with tenant_context(tenant_a):
        mirrored = [(code, credit, debit) for code, debit, credit in _posting(invoice.ledger_entry_id)]  # type: ignore[arg-type]
        assert _posting(issued.json()["ledger_entry_id"]) == mirrored
    assert mirrored[0] == ("1400", D("0.00"), D("107.16"))


def test_partial_credit_notes_credit_at_most_what_was_invoiced(in_alpha, customer):
    invoice = _issued(customer)

    first = credit_note_create(invoice=invoice, lines=[(2, D("1"))])
    second = credit_note_create(invoice=invoice, lines=[(2, D("1.5")), (1, D("1"))])
    with pytest.raises(ApplicationError) as refused:
        credit_note_create(invoice=invoice, lines=[(1, D("1")), (2, D("0.0001"))])

    assert [(line.position, line.quantity) for line in first.lines.all()] == [(2, D("1"))]
    assert [(line.position, line.quantity) for line in second.lines.all()] == [(1, D("1")), (2, D("1.5"))]
    assert not first.allowances_charges.exists()
    assert (refused.value.code, refused.value.field, refused.value.status) == ("over_credited", "lines.1.quantity", 400)
    assert Invoice.objects.filter(kind=InvoiceKind.CREDIT_NOTE).count() == 2
    # 1 × 12.40 − 10 % = 11.16 at 7 %: 0.78 tax.
    issued = invoice_issue(invoice=first, issue_date=ISSUED_ON)
    assert (issued.total_net, issued.total_tax, issued.total_gross) == (D("11.16"), D("0.78"), D("11.94"))
    assert _posting(issued.ledger_entry_id) == [  # type: ignore[arg-type]
        ("1400", D("0.00"), D("11.94")),
        ("1771", D("0.78"), D("0.00")),
        ("8300", D("11.16"), D("0.00")),
    ]


@pytest.mark.parametrize(
    ("lines", "field", "code"),
    [
        ([{"position": 1, "quantity": "3.0001"}], "lines.0.quantity", "over_credited"),
        ([{"position": 2, "quantity": "1"}, {"position": 1, "quantity": "0"}], "lines.1.quantity", "not_positive"),
        ([{"position": 1, "quantity": "-1"}], "lines.0.quantity", "not_positive"),
        ([{"position": 7, "quantity": "1"}], "lines.0.position", "unknown_position"),
        ([{"position": 1, "quantity": "1"}, {"position": 1, "quantity": "1"}], "lines.1.position", "duplicate"),
        ([], "lines", "empty"),
    ],
)
def test_bad_credit_lines_name_the_field_and_create_nothing(tenant_a, owner_a, token_for, customer, lines, field, code):
    with tenant_context(tenant_a):
        invoice = _issued(customer)

    response = token_for(tenant_a, owner_a).post(
        f"/api/v1/invoices/{invoice.pk}/credit-note/", {"lines": lines}, format="json"
    )

    assert _error(response) == (400, code, field)
    with tenant_context(tenant_a):
        assert not Invoice.objects.filter(kind=InvoiceKind.CREDIT_NOTE).exists()


def test_drafts_credit_notes_and_partly_credited_invoices_cannot_be_credited_in_full(
    tenant_a, owner_a, token_for, customer
):
    with tenant_context(tenant_a):
        invoice = _issued(customer)
        partial = credit_note_create(invoice=invoice, lines=[(1, D("1"))])
        draft = invoice_create(
            data=DraftData(
                customer=customer.pk,
                lines=[LineData(description="Brett", quantity=D("1"), unit_price=D("1"), tax_code="de-standard-19")],
            )
        )
    client = token_for(tenant_a, owner_a)

    def credit(pk: int):  # type: ignore[no-untyped-def]
        return client.post(f"/api/v1/invoices/{pk}/credit-note/", {}, format="json")

    assert _error(credit(draft.pk)) == (409, "not_issued", "status")
    assert _error(credit(partial.pk)) == (409, "is_credit_note", "kind")
    assert _error(credit(invoice.pk)) == (409, "already_credited", "lines")
    assert credit(999999).status_code == 404
    with tenant_context(tenant_a):
        assert Invoice.objects.filter(kind=InvoiceKind.CREDIT_NOTE).count() == 1
        assert Invoice.objects.get(pk=invoice.pk).status == InvoiceStatus.ISSUED


def test_a_viewer_cannot_create_a_credit_note(tenant_a, token_for, customer):
    with tenant_context(tenant_a):
        invoice = _issued(customer)
    viewer = UserFactory()
    membership_grant(tenant=tenant_a, user=viewer, role=Role.VIEWER)

    response = token_for(tenant_a, viewer).post(f"/api/v1/invoices/{invoice.pk}/credit-note/", {}, format="json")

    assert response.status_code == 403
    with tenant_context(tenant_a):
        assert not Invoice.objects.filter(kind=InvoiceKind.CREDIT_NOTE).exists()
