import datetime
from decimal import Decimal

import factory

from apps.taxes.models import TaxCategory, TaxRate


class TaxRateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TaxRate

    code = factory.Sequence(lambda n: f"test-rate-{n}")
    name = factory.Sequence(lambda n: f"Test rate {n}")
    category = TaxCategory.STANDARD
    rate = Decimal("10.00")
    valid_from = datetime.date(2024, 1, 1)
