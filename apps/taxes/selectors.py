from django.db.models import QuerySet

from .models import TaxRate


def tax_rates_active() -> QuerySet[TaxRate]:
    return TaxRate.objects.filter(is_active=True).order_by("-rate", "code")
