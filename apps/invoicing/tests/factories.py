import factory

from apps.invoicing.models import Invoice
from apps.parties.tests.factories import PartyFactory


class InvoiceFactory(factory.django.DjangoModelFactory):
    """A draft without lines; issued invoices come only from the issuing service."""

    class Meta:
        model = Invoice

    customer = factory.SubFactory(PartyFactory)
    currency = "EUR"
