"""The sales pages under /sales/ and the admin: editor, quick actions, quantities forms, rights."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django_tenants.utils import tenant_context

from apps.catalog.tests.factories import ProductFactory
from apps.invoicing.models import Invoice, InvoiceLine
from apps.parties.tests.factories import PartyFactory
from apps.sales import services
from apps.sales.models import DeliveryNote, OrderStatus, Quote, QuoteStatus, SalesOrder
from apps.sales.services import QuantityData, QuoteData, SalesLineData
from apps.tenants.models import Role
from apps.tenants.services import membership_grant
from apps.tenants.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
D = Decimal
FAR = datetime.date(2099, 12, 31)


@pytest.fixture
def customer(tenant_a):  # type: ignore[no-untyped-def]
    with tenant_context(tenant_a):
        return PartyFactory(legal_name="Café Central")


def _quote(customer_pk: int) -> Quote:
    lines = [
        SalesLineData(description="Eichenbrett", quantity=D("8"), unit_price=D("24.90"), tax_code="de-standard-19"),
        SalesLineData(description="Anfahrt", quantity=D("1"), unit_price=D("35"), tax_code="de-standard-19"),
    ]
    return services.quote_create(data=QuoteData(customer=customer_pk, lines=lines, valid_until=FAR))


def _order(customer_pk: int) -> SalesOrder:
    quote = services.quote_accept(quote=services.quote_send(quote=_quote(customer_pk)))
    return services.order_create_from_quote(quote=quote)


def _editor_form(customer_pk: int, lines: list[dict[str, str]]) -> dict[str, Any]:
    data: dict[str, Any] = {
        "customer": customer_pk,
        "valid_until": "2099-06-30",
        "currency": "",
        "notes": "Angebot Küche",
        "lines-TOTAL_FORMS": str(len(lines)),
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "1000",
    }
    for index, line in enumerate(lines):
        row = {"unit_code": "C62", "discount_percent": "0", "tax_code": "de-standard-19", **line}
        data.update({f"lines-{index}-{key}": value for key, value in row.items()})
    return data


def test_the_lists_show_documents_and_filter_by_status(tenant_a, browser, customer):
    with tenant_context(tenant_a):
        draft = _quote(customer.pk)
        order = _order(customer.pk)
        services.delivery_note_create(order=order, lines=[QuantityData(position=1, quantity=D("3"))])
        sent_number = order.quote.number

    quotes = browser.get("/sales/")
    accepted = browser.get("/sales/", {"status": "accepted"}).content.decode()
    orders = browser.get("/sales/orders/", {"status": "partly_delivered"})
    notes = browser.get("/sales/delivery-notes/")

    assert quotes.status_code == orders.status_code == notes.status_code == 200
    assert f"/sales/quotes/{draft.pk}/" in quotes.content.decode()
    assert sent_number in accepted and f"/sales/quotes/{draft.pk}/" not in accepted
    assert order.number in orders.content.decode()
    assert "LS-" in notes.content.decode() and "Café Central" in notes.content.decode()
    assert 'href="/sales/"' in quotes.content.decode()  # the main navigation's entry


def test_the_quote_editor_creates_and_rewrites_a_draft(tenant_a, browser, customer):
    assert browser.get("/sales/quotes/new/").status_code == 200

    created = browser.post(
        "/sales/quotes/new/",
        _editor_form(customer.pk, [{"description": "Küche", "quantity": "1", "unit_price": "4800"}]),
    )

    with tenant_context(tenant_a):
        quote = Quote.objects.get()
    assert created.status_code == 302 and created["Location"] == f"/sales/quotes/{quote.pk}/"
    assert browser.get(f"/sales/quotes/{quote.pk}/edit/").status_code == 200
    with tenant_context(tenant_a):
        product = ProductFactory(name="Küche")
    rewritten = browser.post(
        f"/sales/quotes/{quote.pk}/edit/",
        _editor_form(
            customer.pk, [{"description": "Küche", "quantity": "2", "unit_price": "4800", "product": str(product.pk)}]
        ),
    )
    page = browser.get(f"/sales/quotes/{quote.pk}/").content.decode()
    assert rewritten.status_code == 302
    assert "Küche" in page and "11,424.00" in page  # 2 × 4800 × 1.19
    with tenant_context(tenant_a):
        assert list(Quote.objects.get().lines.values_list("quantity", "product")) == [(D("2"), product.pk)]


def test_the_editor_shows_a_service_refusal_beside_the_line(tenant_a, browser, customer):
    response = browser.post(
        "/sales/quotes/new/", _editor_form(customer.pk, [{"description": "Nichts", "quantity": "0", "unit_price": "1"}])
    )

    assert response.status_code == 400
    assert "The quantity must be more than zero." in response.content.decode()
    with tenant_context(tenant_a):
        assert not Quote.objects.exists()


def test_quick_actions_take_a_quote_to_an_order(tenant_a, browser, customer):
    with tenant_context(tenant_a):
        quote = _quote(customer.pk)

    browser.post(f"/sales/quotes/{quote.pk}/send/")
    browser.post(f"/sales/quotes/{quote.pk}/accept/")
    converted = browser.post(f"/sales/quotes/{quote.pk}/order/")

    with tenant_context(tenant_a):
        quote.refresh_from_db()
        order = SalesOrder.objects.get(quote=quote)
    assert quote.status == QuoteStatus.ACCEPTED and quote.number.startswith("AN-")
    assert converted["Location"] == f"/sales/orders/{order.pk}/"
    page = browser.get(converted["Location"])
    assert page.status_code == 200 and "Write delivery note" in page.content.decode()
    quote_page = browser.get(f"/sales/quotes/{quote.pk}/").content.decode()
    assert f"/sales/orders/{order.pk}/" in quote_page and "Convert to order" not in quote_page
    assert browser.post(f"/sales/quotes/{quote.pk}/unknown/").status_code == 404


def test_a_refused_quick_action_says_why_and_changes_nothing(tenant_a, browser, customer):
    with tenant_context(tenant_a):
        quote = _quote(customer.pk)

    response = browser.post(f"/sales/quotes/{quote.pk}/accept/", follow=True)

    assert "this is not possible now" in response.content.decode()
    with tenant_context(tenant_a):
        assert Quote.objects.get(pk=quote.pk).status == QuoteStatus.DRAFT


def test_delivering_and_invoicing_from_the_order_page(tenant_a, browser, customer):
    with tenant_context(tenant_a):
        order = _order(customer.pk)

    delivered = browser.post(f"/sales/orders/{order.pk}/deliver/", {"line-1": "5", "line-2": ""})
    invoiced = browser.post(f"/sales/orders/{order.pk}/invoice/", {"line-1": "5", "line-2": "1"})

    with tenant_context(tenant_a):
        invoice = Invoice.objects.get()
        assert list(InvoiceLine.objects.filter(invoice=invoice).values_list("quantity", flat=True)) == [D("5"), D("1")]
        assert SalesOrder.objects.get(pk=order.pk).status == OrderStatus.PARTLY_DELIVERED
        note = DeliveryNote.objects.get()
    assert delivered.status_code == 302
    assert invoiced["Location"] == f"/invoices/{invoice.pk}/edit/"
    assert browser.get(f"/sales/delivery-notes/{note.pk}/").status_code == 200
    page = browser.get(f"/sales/orders/{order.pk}/").content.decode()
    assert note.number in page and f"/invoices/{invoice.pk}/" in page


def test_over_delivery_on_the_page_is_shown_beside_the_line(tenant_a, browser, customer):
    with tenant_context(tenant_a):
        order = _order(customer.pk)

    response = browser.post(f"/sales/orders/{order.pk}/deliver/", {"line-1": "1", "line-2": "2"})

    assert response.status_code == 400
    assert "at most 1" in response.content.decode()
    with tenant_context(tenant_a):
        assert not DeliveryNote.objects.exists()


def test_an_order_is_cancelled_from_its_page(tenant_a, browser, customer):
    with tenant_context(tenant_a):
        order = _order(customer.pk)

    browser.post(f"/sales/orders/{order.pk}/cancel/")

    with tenant_context(tenant_a):
        assert SalesOrder.objects.get(pk=order.pk).status == OrderStatus.CANCELLED
    assert "Write delivery note" not in browser.get(f"/sales/orders/{order.pk}/").content.decode()


def test_a_viewer_reads_but_cannot_act(tenant_a, login_as, customer):
    viewer = UserFactory()
    membership_grant(tenant=tenant_a, user=viewer, role=Role.VIEWER)
    client = login_as(tenant_a, viewer)
    with tenant_context(tenant_a):
        quote = _quote(customer.pk)

    assert client.get(f"/sales/quotes/{quote.pk}/").status_code == 200
    assert client.post(f"/sales/quotes/{quote.pk}/send/").status_code == 403
    assert client.get("/sales/quotes/new/").status_code == 403
    with tenant_context(tenant_a):
        assert Quote.objects.get(pk=quote.pk).status == QuoteStatus.DRAFT


def test_the_admin_lists_and_shows_sales_documents_read_only(tenant_a, login_as, customer):
    accountant = UserFactory()
    membership_grant(tenant=tenant_a, user=accountant, role=Role.ACCOUNTANT)
    client = login_as(tenant_a, accountant)
    with tenant_context(tenant_a):
        order = _order(customer.pk)
        note = services.delivery_note_create(order=order)

    for model, pk in (("quote", order.quote_id), ("salesorder", order.pk), ("deliverynote", note.pk)):
        assert client.get(f"/admin/sales/{model}/").status_code == 200, model
        change = client.get(f"/admin/sales/{model}/{pk}/change/")
        assert change.status_code == 200 and 'type="submit" value="Save"' not in change.content.decode(), model
    assert client.get("/admin/sales/quote/add/").status_code == 403
