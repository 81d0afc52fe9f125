from decimal import Decimal

import pytest
from django.db import IntegrityError

from apps.catalog.models import Product, ProductKind
from apps.catalog.services import product_create, product_deactivate, product_update
from apps.catalog.units import Unit
from apps.core.errors import ApplicationError

pytestmark = pytest.mark.django_db


def _create(vat19, **overrides):
    return product_create(
        **{"number": "A-100", "name": "Holzschraube 4x40", "tax_code": vat19, "unit_price": Decimal("0.1234")}
        | overrides
    )


def test_create_fills_company_currency_and_default_revenue_account(vat19, revenue):
    product = _create(vat19, gtin="4006381 333931", unit=Unit.PIECE)

    product.refresh_from_db()
    assert product.currency == "EUR"
    assert product.revenue_account == revenue
    assert product.unit_price == Decimal("0.1234")
    assert product.price_base_quantity == Decimal("1")
    assert product.gtin == "4006381333931"
    assert product.kind == ProductKind.GOODS
    assert product.is_active


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"unit_price": Decimal("-0.01")}, "unit_price", "negative"),
        ({"price_base_quantity": Decimal("0")}, "price_base_quantity", "not_positive"),
        ({"gtin": "4006381333932"}, "gtin", "invalid_gtin"),
        ({"currency": "euro"}, "currency", "invalid"),
        ({"unit": "XYZ"}, "unit", "invalid_choice"),
        ({"number": ""}, "number", "blank"),
    ],
)
def test_create_refuses_bad_input_naming_the_field(vat19, overrides, field, code):
    with pytest.raises(ApplicationError) as raised:
        _create(vat19, **overrides)

    assert (raised.value.field, raised.value.code, raised.value.status) == (field, code, 400)
    assert not Product.objects.exists()


def test_accounts_must_be_postable_and_of_the_right_type(vat19, heading, expense, other_income):
    with pytest.raises(ApplicationError) as raised:
        _create(vat19, revenue_account=heading)
    assert (raised.value.field, raised.value.code) == ("revenue_account", "not_postable")

    with pytest.raises(ApplicationError) as raised:
        _create(vat19, revenue_account=expense)
    assert (raised.value.field, raised.value.code) == ("revenue_account", "wrong_type")

    with pytest.raises(ApplicationError) as raised:
        _create(vat19, expense_account=other_income)
    assert (raised.value.field, raised.value.code) == ("expense_account", "wrong_type")
    assert not Product.objects.exists()


def test_number_is_unique_per_company(vat19):
    _create(vat19)

    with pytest.raises(ApplicationError) as raised:
        _create(vat19, name="Another")
    assert (raised.value.field, raised.value.code) == ("number", "unique")
    assert Product.objects.count() == 1


def test_update_changes_only_the_given_fields(vat19, other_income):
    product = _create(vat19, description="verzinkt")

    updated = product_update(
        product=product, data={"unit_price": Decimal("0.2000"), "revenue_account": other_income, "kind": "service"}
    )

    updated.refresh_from_db()
    assert updated.unit_price == Decimal("0.2000")
    assert updated.revenue_account == other_income
    assert updated.kind == ProductKind.SERVICE
    assert updated.description == "verzinkt"


def test_update_refuses_bad_values_and_unknown_fields_leaving_the_row(vat19, heading):
    product = _create(vat19)

    with pytest.raises(ApplicationError) as raised:
        product_update(product=product, data={"revenue_account": heading})
    assert raised.value.field == "revenue_account"
    with pytest.raises(ApplicationError) as raised:
        product_update(product=product, data={"created_at": None})
    assert (raised.value.field, raised.value.code) == ("created_at", "not_updatable")

    product.refresh_from_db()
    assert product.revenue_account.role == "revenue"


def test_deactivate_keeps_the_row(vat19):
    product = _create(vat19)

    product_deactivate(product=product)

    assert Product.objects.get(pk=product.pk).is_active is False


def test_database_refuses_a_negative_price_from_any_writer(vat19):
    product = _create(vat19)

    with pytest.raises(IntegrityError):
        Product.objects.filter(pk=product.pk).update(unit_price=Decimal("-1"))
