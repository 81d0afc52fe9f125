"""Quotes and orders for `make run`'s demo companies, using the invoicing demo's customers and articles.

One quote in every state an owner meets (draft, sent, accepted, declined, expired) and an order
that is partly delivered and partly invoiced, so the order page shows all three quantities.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from apps.catalog.models import Product
from apps.parties.models import Party
from apps.tenants.models import Tenant

from .models import QuoteStatus
from .services import (
    QuantityData,
    QuoteData,
    SalesLineData,
    delivery_note_create,
    invoice_create_from_order,
    order_create_from_quote,
    quote_accept,
    quote_create,
    quote_decline,
    quote_send,
    quotes_expire,
)

STATES = [QuoteStatus.DRAFT, QuoteStatus.SENT, QuoteStatus.ACCEPTED, QuoteStatus.DECLINED, QuoteStatus.EXPIRED]


def sales_demo_seed(tenant: Tenant) -> None:
    customers = list(Party.objects.filter(is_customer=True).order_by("pk"))
    products = list(Product.objects.order_by("number"))
    if not customers or not products:
        return  # the invoicing demo seeds both; without them there is nothing to quote
    today = datetime.date.today()
    for index, state in enumerate(STATES):
        lines = [
            SalesLineData(
                description=product.name,
                quantity=Decimal(2 + (index + position) % 5),
                unit_price=product.unit_price,
                unit_code=product.unit,
                tax_code=product.tax_code.code,
                product=product.pk,
            )
            for position, product in enumerate(products[: 2 + index % 2])
        ]
        sent_on = today - datetime.timedelta(days=45 if state == QuoteStatus.EXPIRED else 5)
        quote = quote_create(
            data=QuoteData(
                customer=customers[index % len(customers)].pk,
                lines=lines,
                valid_until=sent_on + datetime.timedelta(days=30),
            )
        )
        if state == QuoteStatus.DRAFT:
            continue
        quote = quote_send(quote=quote, sent_on=sent_on)
        if state == QuoteStatus.ACCEPTED:
            order = order_create_from_quote(quote=quote_accept(quote=quote), order_date=today)
            delivery_note_create(
                order=order, lines=[QuantityData(position=1, quantity=Decimal("1"))], delivered_on=today
            )
            invoice_create_from_order(order=order)  # bills the delivered piece; the rest stays open
        elif state == QuoteStatus.DECLINED:
            quote_decline(quote=quote)
    quotes_expire(on=today)
