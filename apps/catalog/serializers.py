"""Products travel with their tax code and account numbers (the codes people know) beside the ids."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from apps.ledger.models import Account
from apps.taxes.models import TaxRate

from .models import PRICE_DECIMALS, PRICE_DIGITS, Product, ProductKind
from .units import Unit


class ProductInputSerializer(serializers.Serializer):
    """What a client may send; tax code and accounts by code, so scripts need no id look-ups."""

    number = serializers.CharField(max_length=40)
    name = serializers.CharField(max_length=255)
    description = serializers.CharField(required=False, allow_blank=True)
    kind = serializers.ChoiceField(choices=ProductKind.choices, required=False)
    unit = serializers.ChoiceField(choices=Unit.choices, required=False)
    unit_price = serializers.DecimalField(
        max_digits=PRICE_DIGITS, decimal_places=PRICE_DECIMALS, min_value=Decimal("0")
    )
    price_base_quantity = serializers.DecimalField(max_digits=12, decimal_places=4, required=False)
    currency = serializers.CharField(max_length=3, required=False, allow_blank=True)
    tax_code = serializers.SlugRelatedField(slug_field="code", queryset=TaxRate.objects.all())
    revenue_account = serializers.SlugRelatedField(
        slug_field="code", queryset=Account.objects.all(), required=False, allow_null=True
    )
    expense_account = serializers.SlugRelatedField(
        slug_field="code", queryset=Account.objects.all(), required=False, allow_null=True
    )
    gtin = serializers.CharField(max_length=20, required=False, allow_blank=True)
    is_active = serializers.BooleanField(required=False)


class ProductSerializer(serializers.ModelSerializer):
    tax_code = serializers.CharField(source="tax_code.code", read_only=True)
    revenue_account = serializers.CharField(source="revenue_account.code", read_only=True, allow_null=True)
    expense_account = serializers.CharField(source="expense_account.code", read_only=True, allow_null=True)
    unit_name = serializers.CharField(source="get_unit_display", read_only=True, help_text=_("The unit's label."))

    class Meta:
        model = Product
        fields = [
            "id",
            "number",
            "name",
            "description",
            "kind",
            "unit",
            "unit_name",
            "unit_price",
            "price_base_quantity",
            "currency",
            "tax_code",
            "tax_code_id",
            "revenue_account",
            "revenue_account_id",
            "expense_account",
            "expense_account_id",
            "gtin",
            "is_active",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class TaxCodeSerializer(serializers.ModelSerializer):
    """A tax code as an invoice line picks it, with the accounts its tax posts to in this company."""

    output_account = serializers.CharField(source="posting.output_account.code", read_only=True, allow_null=True)
    input_account = serializers.CharField(source="posting.input_account.code", read_only=True, allow_null=True)

    class Meta:
        model = TaxRate
        fields = ["id", "code", "name", "category", "rate", "is_active", "output_account", "input_account"]
        read_only_fields = fields
