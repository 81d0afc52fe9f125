"""A customer's account page (open items, documents), the editor's pickers, and the invoice page's polish."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import tenant_context

from apps.catalog.tests.factories import ProductFactory
from apps.invoicing.models import Invoice, InvoiceStatus
from apps.invoicing.payment_selectors import invoice_open_amount
from apps.invoicing.services import (
    DraftData,
    LineData,
    credit_note_create,
    invoice_create,
    invoice_issue,
    payment_record,
)
from apps.parties.models import Party
from apps.parties.tests.factories import PartyFactory
from apps.taxes.models import TaxRate
from apps.tenants.models import Role
from apps.tenants.services import membership_grant
from apps.tenants.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def customer(tenant_a):  # type: ignore[no-untyped-def]
    with tenant_context(tenant_a):
        return PartyFactory(legal_name="Tischlerei Müller GmbH", payment_days=14, credit_limit=D("1000.00"))


def _days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def _issued(customer: Party, *, days_ago: int = 0, quantity: str = "2", price: str = "50.00") -> Invoice:
    """An issued invoice of `quantity` × `price` net at 19 % (2 × 50.00 = 119.00 gross)."""
    line = LineData(description="Montage", quantity=D(quantity), unit_price=D(price), tax_code="de-standard-19")
    draft = invoice_create(data=DraftData(customer=customer.pk, lines=[line]))
    return invoice_issue(invoice=draft, issue_date=_days_ago(days_ago))


@pytest.fixture
def account(tenant_a, customer) -> dict[str, Invoice]:  # type: ignore[no-untyped-def]
    """Late and partly paid, credited in part, paid in full, a draft, and one credited in full."""
    with tenant_context(tenant_a):
        late = _issued(customer, days_ago=40)
        payment_record(invoice=late, amount=D("19.00"), paid_on=_days_ago(5))
        credited = _issued(customer, days_ago=3)
        invoice_issue(invoice=credit_note_create(invoice=credited, lines=[(1, D("1"))]))
        paid = _issued(customer, days_ago=2)
        payment_record(invoice=paid, amount=D("119.00"), paid_on=_days_ago(1))
        cancelled = _issued(customer, days_ago=1)
        invoice_issue(invoice=credit_note_create(invoice=cancelled))
        draft = invoice_create(
            data=DraftData(
                customer=customer.pk,
                lines=[LineData(description="Entwurf", quantity=D("1"), unit_price=D("9"), tax_code="de-standard-19")],
            )
        )
        return {"late": late, "credited": credited, "paid": paid, "cancelled": cancelled, "draft": draft}


def test_open_items_are_exact_with_payments_and_credit_notes(tenant_a, browser, customer, account):
    response = browser.get(f"/invoices/customers/{customer.pk}/")

    assert response.status_code == 200
    state = response.context["account"]
    opened = {item.invoice.pk: (item.open_amount, item.days_overdue) for item in state.items}
    assert opened == {account["late"].pk: (D("100.00"), 26), account["credited"].pk: (D("59.50"), 0)}
    assert [(total.currency, total.open, total.overdue) for total in state.totals] == [
        ("EUR", D("159.50"), D("100.00"))
    ]
    assert state.credit_limit_used_percent == D("16.0")
    page = response.content.decode()
    assert "159.50" in page and "16.0 % used" in page and f"/invoices/new/?customer={customer.pk}" in page
    assert f"/invoices/{account['late'].pk}/#record-payment" in page
    documents = {invoice.pk: invoice.open_amount for invoice in response.context["documents"]}
    assert len(documents) == 7  # five invoices, two credit notes
    with tenant_context(tenant_a):
        for key in ("late", "credited", "paid", "cancelled", "draft"):
            invoice = Invoice.objects.get(pk=account[key].pk)
            assert documents[invoice.pk] == invoice_open_amount(invoice), key


def test_the_account_page_costs_the_same_queries_however_many_invoices(
    tenant_a, browser, customer, account, django_assert_max_num_queries
):
    path = f"/invoices/customers/{customer.pk}/"
    browser.get(path)  # the session's first request does one-off work
    with CaptureQueriesContext(connection) as few:
        browser.get(path)
    with tenant_context(tenant_a):
        for days_ago in (30, 20, 10, 8, 6):
            payment_record(invoice=_issued(customer, days_ago=days_ago), amount=D("10.00"), paid_on=_days_ago(1))

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = browser.get(path)

    assert len(response.context["account"].items) == 7 and len(few.captured_queries) <= 16


def test_viewers_see_the_account_without_edit_links(tenant_a, login_as, customer, account):
    user = UserFactory()
    membership_grant(tenant=tenant_a, user=user, role=Role.VIEWER)
    page = login_as(tenant_a, user).get(f"/invoices/customers/{customer.pk}/").content.decode()

    assert "159.50" in page and "/invoices/new/" not in page and "#record-payment" not in page


def test_members_without_invoicing_rights_and_other_companies_are_refused(tenant_a, tenant_b, login_as, customer):
    user = UserFactory()
    membership_grant(tenant=tenant_a, user=user, role=Role.MEMBER, module_rights={"invoicing": set()})
    with tenant_context(tenant_b):
        theirs = PartyFactory(pk=12_345_679, legal_name="Beta Kundschaft", country="BE")
    owner = login_as(tenant_a, tenant_a.memberships.get(role=Role.OWNER).user)

    assert login_as(tenant_a, user).get(f"/invoices/customers/{customer.pk}/").status_code == 403
    assert owner.get(f"/invoices/customers/{theirs.pk}/").status_code == 404
    assert owner.get("/invoices/customer-options/", {"q": "Beta Kundschaft"}).content.decode().count("<option") == 1


def test_a_supplier_has_no_customer_account(tenant_a, browser):
    with tenant_context(tenant_a):
        supplier = PartyFactory(is_customer=False, is_supplier=True)

    assert browser.get(f"/invoices/customers/{supplier.pk}/").status_code == 404


def test_the_editor_starts_with_the_chosen_customer_and_lists_only_that_one(tenant_a, browser, customer):
    with tenant_context(tenant_a):
        PartyFactory.create_batch(3)

    page = browser.get("/invoices/new/", {"customer": customer.pk}).content.decode()

    assert f'<option value="{customer.pk}" selected>Tischlerei Müller GmbH ({customer.number})</option>' in page
    picker = re.search(r'<select name="customer".*?</select>', page, re.S)
    assert picker and picker.group(0).count("<option") == 2  # "—" and the chosen customer, not the registry


def test_the_customer_picker_searches_active_customers(tenant_a, browser, customer):
    with tenant_context(tenant_a):
        supplier = PartyFactory(legal_name="Tischlerei Lieferant", is_customer=False, is_supplier=True)
        gone = PartyFactory(legal_name="Tischlerei Alt", is_active=False)

    options = browser.get("/invoices/customer-options/", {"q": "tischlerei"}).content.decode()

    assert f'value="{customer.pk}" selected' in options
    assert f'value="{supplier.pk}"' not in options and f'value="{gone.pk}"' not in options


def test_a_product_from_the_search_becomes_a_prefilled_line(tenant_a, browser):
    with tenant_context(tenant_a):
        product = ProductFactory(
            name="Holzschraube 4x40",
            unit="H87",
            unit_price=D("0.1000"),
            tax_code=TaxRate.objects.get(code="de-reduced-7"),
        )

    hits = browser.get("/invoices/product-options/", {"q": "schraube"}).content.decode()
    row = browser.get("/invoices/line/", {"product": product.pk, "lines-TOTAL_FORMS": "2"}).content.decode()

    assert f"/invoices/line/?product={product.pk}" in hits and "0.10 EUR / piece" in hits
    assert 'name="lines-2-description" value="Holzschraube 4x40"' in row
    assert 'name="lines-2-unit_price" value="0.10"' in row and 'name="lines-2-unit_code" value="H87"' in row
    assert f'name="lines-2-product" value="{product.pk}"' in row
    assert '<option value="de-reduced-7" selected>' in row


def test_a_line_saved_from_a_product_keeps_the_link(tenant_a, browser, customer):
    with tenant_context(tenant_a):
        product = ProductFactory(tax_code=TaxRate.objects.get(code="de-standard-19"))
    data = {
        "customer": customer.pk,
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-0-description": "Schraube",
        "lines-0-quantity": "1",
        "lines-0-unit_code": "C62",
        "lines-0-unit_price": "10",
        "lines-0-discount_percent": "0",
        "lines-0-tax_code": "de-standard-19",
        "lines-0-product": str(product.pk),
    }

    assert browser.post("/invoices/new/", data).status_code == 302
    with tenant_context(tenant_a):
        assert Invoice.objects.get(customer=customer).lines.get().product_id == product.pk


def _line(description: str, quantity: str, unit: str, price: str) -> LineData:
    return LineData(
        description=description, quantity=D(quantity), unit_code=unit, unit_price=D(price), tax_code="de-standard-19"
    )


def test_the_invoice_page_names_units_and_trims_prices(tenant_a, browser, customer):
    with tenant_context(tenant_a):
        lines = [
            LineData(
                description="Montage", quantity=D("2"), unit_code="HUR", unit_price=D("10.5"), tax_code="de-standard-19"
            ),
            LineData(
                description="Schraube",
                quantity=D("100"),
                unit_code="H87",
                unit_price=D("1.2345"),
                tax_code="de-standard-19",
            ),
        ]
        invoice = invoice_issue(invoice=invoice_create(data=DraftData(customer=customer.pk, lines=lines)))
        payment_record(invoice=invoice, amount=D("10.00"), paid_on=timezone.localdate(), reference="SEPA " + "X" * 120)

    page = browser.get(f"/invoices/{invoice.pk}/").content.decode()

    assert '<abbr title="HUR">hour</abbr>' in page and '<abbr title="H87">piece</abbr>' in page
    assert ">10.50<" in page and ">1.2345<" in page and "10.5000" not in page
    assert "Invoice items" in page and ">Lines<" not in page
    assert '<section class="card wide">\n    <h2>Payments</h2>\n    <div class="table-scroll">' in page
    assert f"/invoices/customers/{customer.pk}/" in page


def test_the_german_invoice_page_names_units_in_german(tenant_a, owner_a, login_as, customer):
    with tenant_context(tenant_a):
        line = LineData(
            description="Montage", quantity=D("2"), unit_code="HUR", unit_price=D("10.5"), tax_code="de-standard-19"
        )
        invoice = invoice_create(data=DraftData(customer=customer.pk, lines=[line]))
    client = login_as(tenant_a, owner_a)
    client.cookies["django_language"] = "de"

    page = client.get(f"/invoices/{invoice.pk}/").content.decode()

    assert '<html lang="de">' in page and ">10,50<" in page
    assert invoice.status == InvoiceStatus.DRAFT


def test_suppliers_never_crowd_customers_out_of_the_picker(tenant_a, browser):
    with tenant_context(tenant_a):
        for index in range(25):  # more than the search returns, all sorting before the customer
            PartyFactory(legal_name=f"Tischlerei A{index:02d}", is_customer=False, is_supplier=True)
        wanted = PartyFactory(legal_name="Tischlerei Zimmermann")

    options = browser.get("/invoices/customer-options/", {"q": "tischlerei"}).content.decode()

    assert f'value="{wanted.pk}"' in options
