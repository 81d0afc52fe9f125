"""Writes to the catalogue. Every change passes the model's checks and is refused naming the field."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _
from stdnum import ean

from apps.core.errors import ApplicationError
from apps.ledger.models import Account, AccountRole
from apps.ledger.selectors import account_for_role
from apps.taxes.models import TaxRate

from .models import Product, ProductKind
from .units import Unit

# What product_update may change (in the order the product form shows them); everything else is
# bookkeeping of the row itself.
PRODUCT_FIELDS = (
    "number",
    "name",
    "description",
    "kind",
    "unit",
    "unit_price",
    "price_base_quantity",
    "currency",
    "tax_code",
    "revenue_account",
    "expense_account",
    "gtin",
    "is_active",
)
UPDATABLE_FIELDS = frozenset(PRODUCT_FIELDS)


def _validated_save(product: Product) -> Product:
    """Fills the company defaults, runs the model's checks as an ApplicationError on the first field, saves."""
    if not product.currency:
        product.currency = connection.tenant.base_currency  # type: ignore[attr-defined]
    if product.revenue_account_id is None:
        product.revenue_account = account_for_role(AccountRole.REVENUE)
    product.gtin = ean.compact(product.gtin) if product.gtin else ""
    try:
        product.full_clean()
    except ValidationError as error:
        raise ApplicationError.from_validation(error) from error
    product.save()
    return product


@transaction.atomic
def product_create(
    *,
    number: str,
    name: str,
    tax_code: TaxRate,
    unit_price: Decimal,
    kind: str = ProductKind.GOODS,
    unit: str = Unit.ONE,
    description: str = "",
    price_base_quantity: Decimal = Decimal("1"),
    currency: str = "",
    revenue_account: Account | None = None,
    expense_account: Account | None = None,
    gtin: str = "",
    is_active: bool = True,
) -> Product:
    """A new article; without a revenue account it books to the chart's default revenue account."""
    return _validated_save(
        Product(
            number=number,
            name=name,
            tax_code=tax_code,
            unit_price=unit_price,
            kind=kind,
            unit=unit,
            description=description,
            price_base_quantity=price_base_quantity,
            currency=currency,
            revenue_account=revenue_account,
            expense_account=expense_account,
            gtin=gtin,
            is_active=is_active,
        )
    )


@transaction.atomic
def product_update(*, product: Product, data: dict[str, Any]) -> Product:
    """Changes the given fields only; the row is locked so two editors cannot interleave."""
    unknown = sorted(set(data) - UPDATABLE_FIELDS)
    if unknown:
        raise ApplicationError(_("This field cannot be changed."), code="not_updatable", field=unknown[0])
    locked = Product.objects.select_for_update().get(pk=product.pk)
    for field, value in data.items():
        setattr(locked, field, value)
    return _validated_save(locked)


@transaction.atomic
def product_deactivate(*, product: Product) -> Product:
    """Products are never deleted: documents keep pointing at them; inactive ones leave search and pickers."""
    product.is_active = False
    product.save(update_fields=["is_active", "updated_at"])
    return product
