from decimal import Decimal

import factory

from apps.catalog.models import Product
from apps.taxes.tests.factories import TaxRateFactory


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    number = factory.Sequence(lambda n: f"T-{n:05d}")
    name = factory.Sequence(lambda n: f"Test product {n}")
    unit_price = Decimal("10.0000")
    currency = "EUR"
    tax_code = factory.SubFactory(TaxRateFactory)
