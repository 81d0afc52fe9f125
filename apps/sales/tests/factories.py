import datetime

import factory

from apps.parties.tests.factories import PartyFactory
from apps.sales.models import DeliveryNote, Quote, SalesOrder


class QuoteFactory(factory.django.DjangoModelFactory):
    """A draft without lines; sent quotes come only from `quote_send`."""

    class Meta:
        model = Quote

    customer = factory.SubFactory(PartyFactory)
    currency = "EUR"
    valid_until = datetime.date(2031, 12, 31)


class SalesOrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SalesOrder

    number = factory.Sequence(lambda n: f"AB-T-{n:05d}")
    customer = factory.SubFactory(PartyFactory)
    currency = "EUR"
    order_date = datetime.date(2031, 1, 15)


class DeliveryNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeliveryNote

    number = factory.Sequence(lambda n: f"LS-T-{n:05d}")
    order = factory.SubFactory(SalesOrderFactory)
    delivered_on = datetime.date(2031, 1, 20)
