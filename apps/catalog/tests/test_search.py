from decimal import Decimal

import pytest

from apps.catalog.models import Product
from apps.catalog.selectors import product_search

pytestmark = pytest.mark.django_db

NAMES = {
    "A-100": "Holzschraube 4x40 verzinkt",
    "A-101": "Holzschraube 5x60 verzinkt",
    "A-200": "Kreuzschlitz-Schraubendreher PH2",
    "B-100": "Steuerberatung (Stunde)",
    "B-110": "Lohnabrechnung je Mitarbeiter",
    "C-900": "Dübel Nylon 8 mm",
}


@pytest.fixture
def catalogue(vat19):
    Product.objects.bulk_create(
        Product(number=number, name=name, unit_price=Decimal("1"), currency="EUR", tax_code=vat19)
        for number, name in NAMES.items()
    )


def _numbers(products):
    return [p.number for p in products]


def test_a_misspelt_name_is_found(catalogue):
    assert _numbers(product_search(query="steurberatung")) == ["B-100"]
    assert _numbers(product_search(query="Lohnabrechnug")) == ["B-110"]


def test_a_word_inside_a_longer_name_ranks_the_closer_names_first(catalogue):
    found = _numbers(product_search(query="holzschraube"))

    assert found[:2] == ["A-100", "A-101"]
    assert "B-100" not in found


def test_a_number_prefix_comes_first(catalogue):
    assert _numbers(product_search(query="a-1")) == ["A-100", "A-101"]
    assert _numbers(product_search(query="A-2")) == ["A-200"]


def test_inactive_products_only_when_asked(catalogue):
    Product.objects.filter(number="A-101").update(is_active=False)

    assert _numbers(product_search(query="A-10")) == ["A-100"]
    assert _numbers(product_search(query="A-10", include_inactive=True)) == ["A-100", "A-101"]


def test_limit_and_an_empty_query(catalogue):
    assert _numbers(product_search(query="  ", limit=3)) == ["A-100", "A-101", "A-200"]
    assert product_search(query="zzzzqqqq") == []


def test_search_is_one_query(catalogue, django_assert_num_queries):
    with django_assert_num_queries(1):
        product_search(query="schraube")
