"""Products for mobile and scripts, and the tax codes their lines pick from.

A product is never deleted: DELETE deactivates it, since documents keep referring to it.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from apps.accounts.permissions import ModuleRightsPermission
from apps.taxes.models import TaxRate

from .models import Product
from .selectors import product_matches
from .serializers import ProductInputSerializer, ProductSerializer, TaxCodeSerializer
from .services import product_create, product_deactivate, product_update


class ProductFilter(filters.FilterSet):
    tax_code = filters.CharFilter(field_name="tax_code__code")
    search = filters.CharFilter(method="search_filter", label=_("Number prefix or (misspelt) words of the name."))

    class Meta:
        model = Product
        fields = ["kind", "is_active"]

    def search_filter(self, queryset: QuerySet[Product], name: str, value: str) -> QuerySet[Product]:
        """Ranks within the other filters, so the best match comes first on page one."""
        return product_matches(queryset=queryset, query=value)


class ProductViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = Product.objects.select_related("tax_code", "revenue_account", "expense_account")
    serializer_class = ProductSerializer
    permission_classes = [ModuleRightsPermission]
    filterset_class = ProductFilter
    ordering_fields = ["number", "name", "unit_price"]

    def _answer(self, product: Product, status_code: int = status.HTTP_200_OK) -> Response:
        return Response(ProductSerializer(self.get_queryset().get(pk=product.pk)).data, status=status_code)

    @extend_schema(request=ProductInputSerializer, responses={201: ProductSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = ProductInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._answer(product_create(**data.validated_data), status.HTTP_201_CREATED)

    @extend_schema(request=ProductInputSerializer, responses={200: ProductSerializer})
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        product = self.get_object()
        data = ProductInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        return self._answer(product_update(product=product, data=data.validated_data))

    @extend_schema(responses={204: None})
    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        product_deactivate(product=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


class TaxCodeViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Read-only: tax rates are maintained at /tax-rates/, their accounts in the ledger."""

    queryset = TaxRate.objects.select_related("posting__output_account", "posting__input_account")
    serializer_class = TaxCodeSerializer
    permission_classes = [ModuleRightsPermission]
    filterset_fields = ["category", "is_active"]
