"""The invoices' web pages under /invoices/: rights, the editor, live totals and issuing."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django_tenants.utils import tenant_context

from apps.invoicing import services
from apps.invoicing.models import Invoice, InvoiceDispatch, InvoiceKind, InvoiceLine, InvoiceStatus, Payment
from apps.invoicing.services import DraftData, LineData, invoice_create, invoice_issue
from apps.parties.tests.factories import PartyFactory
from apps.tenants.models import Role
from apps.tenants.services import membership_grant
from apps.tenants.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def customer(tenant_a):  # type: ignore[no-untyped-def]
    with tenant_context(tenant_a):
        return PartyFactory(legal_name="Müller & Söhne KG", tax_id="DE136695976", payment_days=30, currency="EUR")


@pytest.fixture
def draft(tenant_a, customer) -> Invoice:  # type: ignore[no-untyped-def]
    with tenant_context(tenant_a):
        return invoice_create(
            data=DraftData(
                customer=customer.pk,
                lines=[
                    LineData(
                        description="Eichenbrett", quantity=D("3"), unit_price=D("19.99"), tax_code="de-standard-19"
                    )
                ],
            )
        )


def _form(customer_pk: int | str, lines: list[dict[str, str]], initial: int = 0, **header: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "customer": customer_pk,
        "delivery_date": "2031-03-01",
        "currency": "",
        "payment_days": "",
        "skonto_percent": "",
        "skonto_days": "",
        "notes": "",
        "lines-TOTAL_FORMS": str(len(lines)),
        "lines-INITIAL_FORMS": str(initial),
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "1000",
        **header,
    }
    for index, line in enumerate(lines):
        row = {"quantity": "1", "unit_code": "C62", "discount_percent": "0", **line}
        data.update({f"lines-{index}-{name}": value for name, value in row.items()})
    return data


BOARD = {"description": "Eichenbrett 2 m", "quantity": "3", "unit_price": "19.99", "tax_code": "de-standard-19"}
BOOK = {
    "description": "Fachbuch Holzbau",
    "quantity": "2.5",
    "unit_price": "12.40",
    "discount_percent": "10",
    "tax_code": "de-reduced-7",
}
BLANK = {"description": "", "quantity": "1", "unit_price": "", "tax_code": ""}


def test_list_and_detail_open_for_the_owner(browser, draft):
    listing = browser.get("/invoices/", {"q": "Müller", "status": "draft"})
    detail = browser.get(f"/invoices/{draft.pk}/")

    assert listing.status_code == 200 and f"/invoices/{draft.pk}/" in listing.content.decode()
    assert detail.status_code == 200
    page = detail.content.decode()
    assert "Eichenbrett" in page and "71.36" in page and f"/api/v1/invoices/{draft.pk}/pdf/" in page
    assert f"/invoices/{draft.pk}/issue/" in page
    assert 'href="/invoices/"' in browser.get("/").content.decode()  # the navigation links here


def test_the_list_filters_by_status_and_search(browser, draft):
    assert f"/invoices/{draft.pk}/" not in browser.get("/invoices/", {"status": "issued"}).content.decode()
    assert f"/invoices/{draft.pk}/" not in browser.get("/invoices/", {"q": "Nobody GmbH"}).content.decode()


def test_members_without_invoicing_rights_are_refused(tenant_a, login_as, draft):
    user = UserFactory()
    membership_grant(tenant=tenant_a, user=user, role=Role.MEMBER, module_rights={"invoicing": set()})
    client = login_as(tenant_a, user)

    for path in ("/invoices/", f"/invoices/{draft.pk}/", "/invoices/new/", f"/invoices/{draft.pk}/edit/"):
        assert client.get(path).status_code == 403, path
    assert client.post(f"/invoices/{draft.pk}/issue/").status_code == 403
    assert 'href="/invoices/"' not in client.get("/").content.decode()
    with tenant_context(tenant_a):
        assert Invoice.objects.get(pk=draft.pk).status == InvoiceStatus.DRAFT


def test_viewers_see_invoices_but_cannot_edit_or_issue(tenant_a, login_as, draft):
    user = UserFactory()
    membership_grant(tenant=tenant_a, user=user, role=Role.VIEWER)
    client = login_as(tenant_a, user)

    assert client.get(f"/invoices/{draft.pk}/").status_code == 200
    assert client.get("/invoices/new/").status_code == 403
    assert client.post(f"/invoices/{draft.pk}/issue/").status_code == 403


def test_the_editor_saves_a_draft_with_its_exact_lines(browser, tenant_a, customer):
    assert browser.get("/invoices/new/").status_code == 200

    response = browser.post("/invoices/new/", _form(customer.pk, [BOARD, BLANK, BOOK], notes="Danke!"))

    assert response.status_code == 302, response.content.decode()
    with tenant_context(tenant_a):
        invoice = Invoice.objects.get(customer=customer)
        lines = [
            (line.position, line.description, line.quantity, line.unit_price, line.discount_percent, line.tax_code.code)
            for line in InvoiceLine.objects.filter(invoice=invoice)
        ]
    assert response["Location"] == f"/invoices/{invoice.pk}/"
    assert (invoice.status, invoice.currency, invoice.payment_days, invoice.notes) == ("draft", "EUR", 30, "Danke!")
    assert invoice.delivery_date == datetime.date(2031, 3, 1)
    assert lines == [
        (1, "Eichenbrett 2 m", D("3.0000"), D("19.9900"), D("0.00"), "de-standard-19"),
        (2, "Fachbuch Holzbau", D("2.5000"), D("12.4000"), D("10.00"), "de-reduced-7"),
    ]


def test_a_bad_quantity_is_shown_on_its_row_and_nothing_is_saved(browser, tenant_a, customer):
    response = browser.post("/invoices/new/", _form(customer.pk, [BOARD, {**BOOK, "quantity": "-2"}]))

    assert response.status_code == 400
    page = response.content.decode()
    assert "cannot have a negative quantity" in page
    # The message sits in the second row, in the quantity's cell.
    second_row = page.split('name="lines-1-description"')[1].split("</tr>")[0]
    assert 'class="has-error"' in second_row and "negative quantity" in second_row
    assert 'name="lines-1-quantity" value="-2"' in second_row
    with tenant_context(tenant_a):
        assert not Invoice.objects.filter(customer=customer).exists()


def test_a_malformed_number_is_a_form_error_and_nothing_is_saved(browser, tenant_a, customer):
    response = browser.post("/invoices/new/", _form(customer.pk, [{**BOARD, "quantity": "three"}]))

    assert response.status_code == 400 and "Enter a number." in response.content.decode()
    with tenant_context(tenant_a):
        assert not Invoice.objects.filter(customer=customer).exists()


def test_live_totals_compute_the_unsaved_form_exactly(browser, tenant_a, customer):
    response = browser.post("/invoices/totals/", _form(customer.pk, [BOARD]), HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-total="net">59.97<' in page
    assert 'data-total="tax">11.39<' in page
    assert 'data-total="gross">71.36<' in page
    assert 'data-total="payable">71.36<' in page
    with tenant_context(tenant_a):
        assert not Invoice.objects.filter(customer=customer).exists()  # computed, not saved


def test_live_totals_break_down_mixed_rates_and_skip_invalid_rows(browser, customer):
    rows = [BOARD, BOOK, {**BOARD, "quantity": "x"}, BLANK]
    page = browser.post("/invoices/totals/", _form("", rows)).content.decode()

    # 59.97 at 19 % (tax 11.39); 2.5 × 12.40 − 10 % = 27.90 at 7 % (tax 1.95).
    assert 'data-total="net">87.87<' in page
    assert 'data-tax="S-19.00">11.39<' in page and 'data-tax="S-7.00">1.95<' in page
    assert 'data-total="gross">101.21<' in page
    assert "error" not in page


def test_live_totals_without_a_complete_line_show_nothing(browser):
    page = browser.post("/invoices/totals/", _form("", [BLANK])).content.decode()

    assert "data-total" not in page and "Totals appear once a line is complete." in page


def test_add_line_returns_the_next_row_and_count(browser):
    page = browser.get("/invoices/line/", {"lines-TOTAL_FORMS": "2"}).content.decode()

    assert 'name="lines-2-description"' in page
    assert 'id="id_lines-TOTAL_FORMS" value="3" hx-swap-oob="true"' in page


def test_editing_a_draft_replaces_its_lines(browser, tenant_a, customer, draft):
    form = browser.get(f"/invoices/{draft.pk}/edit/").content.decode()
    assert 'value="Eichenbrett"' in form

    data = _form(customer.pk, [{**BOARD, "description": "Eichenbrett", "DELETE": "on"}, BOOK], initial=1)
    response = browser.post(f"/invoices/{draft.pk}/edit/", data)

    assert response.status_code == 302, response.content.decode()
    with tenant_context(tenant_a):
        assert [line.description for line in InvoiceLine.objects.filter(invoice=draft)] == ["Fachbuch Holzbau"]


def test_the_issue_button_issues_and_redirects(browser, tenant_a, draft):
    response = browser.post(f"/invoices/{draft.pk}/issue/", follow=True)

    assert response.redirect_chain == [(f"/invoices/{draft.pk}/", 302)]
    with tenant_context(tenant_a):
        issued = Invoice.objects.get(pk=draft.pk)
    assert issued.status == InvoiceStatus.ISSUED and issued.number.startswith("RE-")
    page = response.content.decode()
    assert f"Invoice {issued.number} is issued." in page
    assert f"/books/entries/{issued.ledger_entry_id}/" in page
    assert f"/invoices/{draft.pk}/issue/" not in page


def test_editing_an_issued_invoice_redirects_with_a_message(browser, tenant_a, customer, draft):
    with tenant_context(tenant_a):
        issued = invoice_issue(invoice=draft)

    response = browser.get(f"/invoices/{draft.pk}/edit/", follow=True)
    posted = browser.post(f"/invoices/{draft.pk}/edit/", _form(customer.pk, [BOOK]))

    assert response.redirect_chain == [(f"/invoices/{draft.pk}/", 302)]
    assert f"Invoice {issued.number} is issued and cannot be changed." in response.content.decode()
    assert posted.status_code == 302
    with tenant_context(tenant_a):
        assert [line.description for line in InvoiceLine.objects.filter(invoice=draft)] == ["Eichenbrett"]


@pytest.fixture
def issued(tenant_a, draft) -> Invoice:  # type: ignore[no-untyped-def]
    with tenant_context(tenant_a):
        return invoice_issue(invoice=draft)


def test_record_payment_posts_the_payment(browser, tenant_a, issued):
    assert "Record payment" in browser.get(f"/invoices/{issued.pk}/").content.decode()

    response = browser.post(
        f"/invoices/{issued.pk}/payments/", {"amount": "71.36", "paid_on": "2031-03-20", "reference": "SEPA 1"}
    )

    assert response.status_code == 302 and response["Location"] == f"/invoices/{issued.pk}/"
    with tenant_context(tenant_a):
        payments = [(p.amount, p.paid_on, p.reference) for p in Payment.objects.filter(invoice=issued)]
    assert payments == [(D("71.36"), datetime.date(2031, 3, 20), "SEPA 1")]
    assert "Record payment" not in browser.get(f"/invoices/{issued.pk}/").content.decode()  # nothing left to pay


def test_a_bad_payment_amount_records_nothing(browser, tenant_a, issued):
    response = browser.post(f"/invoices/{issued.pk}/payments/", {"amount": "-1", "paid_on": "2031-03-20"}, follow=True)

    assert response.redirect_chain == [(f"/invoices/{issued.pk}/", 302)]
    assert "Amount: Ensure this value is greater than or equal to 0.01." in response.content.decode()
    with tenant_context(tenant_a):
        assert not Payment.objects.filter(invoice=issued).exists()


def test_create_credit_note_opens_the_new_draft(browser, tenant_a, issued):
    response = browser.post(f"/invoices/{issued.pk}/credit-note/")

    with tenant_context(tenant_a):
        credit_note = Invoice.objects.get(corrects=issued)
    assert response.status_code == 302 and response["Location"] == f"/invoices/{credit_note.pk}/"
    assert (credit_note.kind, credit_note.status) == (InvoiceKind.CREDIT_NOTE, InvoiceStatus.DRAFT)


def test_send_by_email_queues_a_dispatch(browser, tenant_a, customer, issued):
    with tenant_context(tenant_a):
        customer.email = "buchhaltung@mueller.example"
        customer.save()

    response = browser.post(f"/invoices/{issued.pk}/send/", follow=True)

    assert response.redirect_chain == [(f"/invoices/{issued.pk}/", 302)]
    with tenant_context(tenant_a):
        assert list(InvoiceDispatch.objects.filter(invoice=issued).values_list("recipients", flat=True)) == [
            "buchhaltung@mueller.example"
        ]


def test_the_payment_form_proposes_what_is_still_open(browser, tenant_a, issued):
    with tenant_context(tenant_a):
        services.payment_record(invoice=issued, amount=D("30.00"), paid_on=datetime.date(2031, 3, 20))

    page = browser.get(f"/invoices/{issued.pk}/").content.decode()

    assert 'name="amount" value="41.36"' in page  # 71.36 due, 30.00 paid
