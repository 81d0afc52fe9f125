"""Quote and delivery note PDFs: content on the HTML WeasyPrint lays out, and the endpoints."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django_tenants.utils import tenant_context

from apps.parties.tests.factories import AddressFactory, PartyFactory
from apps.sales import services
from apps.sales.pdf import delivery_note_html, quote_html
from apps.sales.services import QuantityData, QuoteData, SalesLineData

pytestmark = pytest.mark.django_db
D = Decimal
DAY = datetime.date(2031, 6, 2)


def _quote():  # type: ignore[no-untyped-def]
    customer = PartyFactory(legal_name="Hotel Sonnenhof GmbH", language="de")
    AddressFactory(party=customer, line1="Seestraße 4", postal_code="83700", city="Rottach-Egern")
    lines = [
        SalesLineData(description="Einbauschrank", quantity=D("2"), unit_price=D("1450"), tax_code="de-standard-19"),
        SalesLineData(
            description="Montage", quantity=D("6.5"), unit_code="HUR", unit_price=D("65"), tax_code="de-standard-19"
        ),
    ]
    quote = services.quote_create(
        data=QuoteData(customer=customer.pk, lines=lines, valid_until=datetime.date(2031, 7, 1))
    )
    return services.quote_send(quote=quote, sent_on=DAY)


def test_a_quote_prints_in_the_customers_language_with_engine_totals(in_alpha):
    html = quote_html(_quote())

    assert '<html lang="de">' in html and "AN-2031-0001" in html
    assert "Hotel Sonnenhof GmbH" in html and "Seestraße 4" in html
    assert "01.07.2031" in html  # valid until, German date
    assert "3.322,50" in html  # 2 × 1450 + 6.5 × 65 = 3,322.50 net
    assert "3.953,78" in html  # gross, 19 %
    assert "6,5 Std." in html  # the invoice's short unit for hours, in German


def test_a_delivery_note_prints_quantities_without_prices(in_alpha):
    quote = services.quote_accept(quote=_quote(), accepted_on=DAY)
    order = services.order_create_from_quote(quote=quote, order_date=DAY)
    note = services.delivery_note_create(
        order=order, lines=[QuantityData(position=2, quantity=D("3"))], delivered_on=DAY
    )

    html = delivery_note_html(note)

    assert note.number in html and order.number in html
    assert "Montage" in html and "3 Std." in html
    assert "Einbauschrank" not in html and "65,00" not in html


def test_the_pdf_endpoints_answer_pdf(tenant_a, owner_a, token_for):
    with tenant_context(tenant_a):
        quote = _quote()
        order = services.order_create_from_quote(quote=services.quote_accept(quote=quote, accepted_on=DAY))
        note = services.delivery_note_create(order=order, delivered_on=DAY)
    client = token_for(tenant_a, owner_a)

    for path in (f"/api/v1/quotes/{quote.pk}/pdf/", f"/api/v1/delivery-notes/{note.pk}/pdf/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
