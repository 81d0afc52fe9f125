"""Deliveries and invoices racing on one order: its row lock lets them through one by one, never over."""

import datetime
from decimal import Decimal

import pytest
from django_tenants.utils import tenant_context

from apps.core.errors import ApplicationError
from apps.parties.tests.factories import PartyFactory
from apps.sales import services
from apps.sales.models import DeliveryNote, DeliveryNoteLine, OrderLineInvoicing, OrderStatus, SalesOrder
from apps.sales.services import QuantityData, QuoteData, SalesLineData
from apps.tenants.models import Tenant

pytestmark = pytest.mark.django_db
RACERS = 8
DAY = datetime.date(2031, 5, 4)


def _order(company: Tenant) -> int:
    with tenant_context(company):
        line = SalesLineData(
            description="Palette", quantity=Decimal("5"), unit_price=Decimal("80"), tax_code="de-standard-19"
        )
        quote = services.quote_create(data=QuoteData(customer=PartyFactory().pk, lines=[line], valid_until=DAY))
        quote = services.quote_accept(quote=services.quote_send(quote=quote, sent_on=DAY), accepted_on=DAY)
        return services.order_create_from_quote(quote=quote, order_date=DAY).pk


def test_concurrent_deliveries_never_deliver_more_than_ordered(scratch_company, committed, in_threads):
    company = scratch_company("delivery-race")
    order_pk = committed(lambda: _order(company))

    def deliver(index: int) -> str:
        with tenant_context(company):
            try:
                note = services.delivery_note_create(
                    order=SalesOrder.objects.get(pk=order_pk),
                    lines=[QuantityData(position=1, quantity=Decimal("1"))],
                    delivered_on=DAY,
                )
            except ApplicationError as error:
                return error.field or ""
            return note.number

    results = in_threads(deliver, RACERS)

    numbers = sorted(result for result in results if result.startswith("LS-"))
    assert numbers == [f"LS-2031-{n:04d}" for n in range(1, 6)]
    assert sorted(result for result in results if not result.startswith("LS-")) == ["lines.0.quantity"] * 3

    def stored() -> tuple:
        with tenant_context(company):
            delivered = sum(DeliveryNoteLine.objects.values_list("quantity", flat=True))
            return delivered, DeliveryNote.objects.count(), SalesOrder.objects.get(pk=order_pk).status

    assert committed(stored) == (Decimal("5"), 5, OrderStatus.DELIVERED)


def test_concurrent_invoices_never_bill_more_than_ordered(scratch_company, committed, in_threads):
    company = scratch_company("invoice-from-order-race")
    order_pk = committed(lambda: _order(company))

    def bill(index: int) -> str:
        with tenant_context(company):
            try:
                invoice = services.invoice_create_from_order(
                    order=SalesOrder.objects.get(pk=order_pk), lines=[QuantityData(position=1, quantity=Decimal("2"))]
                )
            except ApplicationError as error:
                return error.field or ""
            return "invoice" if invoice.pk else ""

    results = in_threads(bill, RACERS)

    assert sorted(results) == ["invoice"] * 2 + ["lines.0.quantity"] * (RACERS - 2)

    def billed() -> Decimal:
        with tenant_context(company):
            return sum(OrderLineInvoicing.objects.values_list("quantity", flat=True), Decimal("0"))

    assert committed(billed) == Decimal("4")
