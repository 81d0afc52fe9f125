import datetime

import factory

from apps.invoicing.models import Invoice, RecurringInvoice
from apps.parties.tests.factories import PartyFactory


class InvoiceFactory(factory.django.DjangoModelFactory):
    """A draft without lines; issued invoices come only from the issuing service."""

    class Meta:
        model = Invoice

    customer = factory.SubFactory(PartyFactory)
    currency = "EUR"


class RecurringInvoiceFactory(factory.django.DjangoModelFactory):
    """A template without lines (the service refuses those; the isolation test only needs a row)."""

    class Meta:
        model = RecurringInvoice

    name = factory.Sequence(lambda n: f"Wartungsvertrag {n}")
    customer = factory.SubFactory(PartyFactory)
    start_date = datetime.date(2031, 1, 31)
    next_run = datetime.date(2031, 1, 31)
