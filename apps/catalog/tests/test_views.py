"""The products' web pages under /products/: search, the editor, unit names, rights."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django_tenants.utils import tenant_context

from apps.catalog.models import Product
from apps.catalog.tests.factories import ProductFactory
from apps.ledger.models import Account, AccountRole, AccountType
from apps.taxes.models import TaxRate
from apps.tenants.models import Role
from apps.tenants.services import membership_grant
from apps.tenants.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser(tenant_a, owner_a, login_as):  # type: ignore[no-untyped-def]
    return login_as(tenant_a, owner_a)


@pytest.fixture
def screw(tenant_a):  # type: ignore[no-untyped-def]
    with tenant_context(tenant_a):
        return ProductFactory(
            number="A-100",
            name="Holzschraube 4x40 verzinkt",
            unit="H87",
            unit_price=Decimal("0.1234"),
            tax_code=TaxRate.objects.get(code="de-standard-19"),
        )


@pytest.fixture
def hour(tenant_a):  # type: ignore[no-untyped-def]
    with tenant_context(tenant_a):
        return ProductFactory(
            number="S-1",
            name="Montage",
            unit="HUR",
            unit_price=Decimal("65.5000"),
            tax_code=TaxRate.objects.get(code="de-standard-19"),
        )


def _form(**changes: str) -> dict[str, Any]:
    return {
        "number": "B-200",
        "name": "Eichenbrett 2 m",
        "description": "",
        "kind": "goods",
        "unit": "MTR",
        "unit_price": "12.5",
        "price_base_quantity": "1",
        "currency": "",
        "tax_code": "",
        "revenue_account": "",
        "expense_account": "",
        "gtin": "",
        "is_active": "on",
        **changes,
    }


def _tax_code_pk(tenant) -> int:  # type: ignore[no-untyped-def]
    with tenant_context(tenant):
        return TaxRate.objects.get(code="de-standard-19").pk


def _products(tenant) -> list[tuple[str, str, Decimal]]:  # type: ignore[no-untyped-def]
    with tenant_context(tenant):
        return list(Product.objects.order_by("pk").values_list("number", "name", "unit_price"))


def test_list_shows_unit_names_and_trimmed_prices(browser, screw, hour):
    page = browser.get("/products/").content.decode()

    assert "Holzschraube 4x40 verzinkt" in page and "Montage" in page
    assert "0.1234 EUR" in page and "65.50 EUR" in page and "65.5000" not in page
    assert ">piece<" in page and ">hour<" in page and ">HUR<" not in page
    assert 'href="/products/"' in browser.get("/").content.decode()  # the navigation links here


def test_search_finds_by_number_prefix_and_misspelt_word(browser, screw, hour):
    by_word = browser.get("/products/", {"q": "schraub"}, headers={"HX-Request": "true"}).content.decode()
    by_number = browser.get("/products/", {"q": "s-"}).content.decode()

    assert "<html" not in by_word and 'id="product-rows"' in by_word
    assert f"/products/{screw.pk}/" in by_word and f"/products/{hour.pk}/" not in by_word
    assert f"/products/{hour.pk}/" in by_number and f"/products/{screw.pk}/" not in by_number


def test_inactive_products_show_only_when_asked(tenant_a, browser, screw):
    with tenant_context(tenant_a):
        old = ProductFactory(name="Altes Modell", is_active=False)

    assert f"/products/{old.pk}/" not in browser.get("/products/").content.decode()
    assert f"/products/{old.pk}/" in browser.get("/products/", {"inactive": "on"}).content.decode()


def test_the_form_offers_units_by_name_and_only_income_accounts_for_revenue(tenant_a, browser):
    form = browser.get("/products/new/").context["form"]

    units = dict(form.fields["unit"].choices)
    assert units["HUR"] == "hour" and units["C62"] == "one (piece)"
    with tenant_context(tenant_a):
        revenue = list(form.fields["revenue_account"].queryset)
        assert revenue and {account.type for account in revenue} == {AccountType.INCOME}
        assert all(account.is_postable for account in revenue)


def test_create_and_detail(tenant_a, browser):
    response = browser.post("/products/new/", _form(tax_code=str(_tax_code_pk(tenant_a))))

    with tenant_context(tenant_a):
        product = Product.objects.get(number="B-200")
        assert response.status_code == 302 and response["Location"] == f"/products/{product.pk}/"
        assert (product.unit, product.unit_price, product.currency) == ("MTR", Decimal("12.5000"), "EUR")
        assert product.revenue_account == Account.objects.get(role=AccountRole.REVENUE)  # the service's default
    detail = browser.get(f"/products/{product.pk}/").content.decode()
    assert "Eichenbrett 2 m" in detail and "12.50 EUR" in detail and "metre" in detail


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"unit_price": "-1"}, "unit_price", "The price cannot be negative."),
        ({"gtin": "4006381333932"}, "gtin", "This is not a valid GTIN/EAN."),
        ({"number": "A-100"}, "number", "already exists"),
        ({"unit": "XYZ"}, "unit", "Select a valid choice."),
        ({"tax_code": ""}, "tax_code", "This field is required."),
    ],
)
def test_bad_input_is_shown_beside_the_field_and_saves_nothing(tenant_a, browser, screw, changes, field, message):
    before = _products(tenant_a)

    response = browser.post("/products/new/", _form(**{"tax_code": str(_tax_code_pk(tenant_a)), **changes}))

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert list(errors) == [field] and message in errors[field][0]
    assert f'<small class="error" id="id_{field}-error">' in response.content.decode()
    assert _products(tenant_a) == before


def test_edit_changes_the_product(tenant_a, browser, hour):
    assert 'value="65.50"' in browser.get(f"/products/{hour.pk}/edit/").content.decode()

    response = browser.post(
        f"/products/{hour.pk}/edit/",
        _form(number="S-1", name="Montage Meister", unit="HUR", unit_price="72", tax_code=str(_tax_code_pk(tenant_a))),
    )

    assert response.status_code == 302
    with tenant_context(tenant_a):
        assert Product.objects.filter(pk=hour.pk).values_list("name", "unit_price").get() == (
            "Montage Meister",
            Decimal("72.0000"),
        )


def test_viewers_see_products_but_cannot_create_or_edit(tenant_a, login_as, hour):
    user = UserFactory()
    membership_grant(tenant=tenant_a, user=user, role=Role.VIEWER)
    client = login_as(tenant_a, user)

    assert client.get(f"/products/{hour.pk}/").status_code == 200
    assert client.get("/products/new/").status_code == 403
    assert client.post("/products/new/", _form(tax_code=str(_tax_code_pk(tenant_a)))).status_code == 403
    assert client.post(f"/products/{hour.pk}/edit/", _form(name="Hijacked")).status_code == 403
    assert _products(tenant_a) == [("S-1", "Montage", Decimal("65.5000"))]


def test_another_companys_product_is_not_found(tenant_a, tenant_b, browser):
    with tenant_context(tenant_b):
        theirs = ProductFactory(pk=12_345_678, name="Beta Stuhl")

    assert browser.get(f"/products/{theirs.pk}/").status_code == 404
    assert browser.post(f"/products/{theirs.pk}/edit/", _form(tax_code=str(_tax_code_pk(tenant_a)))).status_code == 404
    assert "Beta Stuhl" not in browser.get("/products/", {"q": "Stuhl"}).content.decode()
