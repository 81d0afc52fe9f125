"""Tax rates are reference data: plain CRUD through a ViewSet."""

from django_filters import rest_framework as filters
from rest_framework import viewsets

from .models import TaxRate
from .serializers import TaxRateSerializer


class TaxRateFilter(filters.FilterSet):
    class Meta:
        model = TaxRate
        fields = {"category": ["exact"], "is_active": ["exact"], "rate": ["exact", "gte", "lte"]}


class TaxRateViewSet(viewsets.ModelViewSet):
    queryset = TaxRate.objects.all()
    serializer_class = TaxRateSerializer
    filterset_class = TaxRateFilter
    ordering_fields = ["rate", "code", "valid_from"]
