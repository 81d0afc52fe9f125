from decimal import Decimal

import pytest
from django_tenants.utils import tenant_context

from apps.catalog.models import Product
from apps.ledger.models import TaxPosting
from apps.tenants.models import Role
from apps.tenants.services import membership_grant
from apps.tenants.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/products/"
SCREW = {
    "number": "A-100",
    "name": "Holzschraube 4x40",
    "unit": "H87",
    "unit_price": "0.1234",
    "tax_code": "de-standard-19",
}


@pytest.fixture
def client(tenant_a, owner_a, token_for):
    return token_for(tenant_a, owner_a)


def _products(tenant):
    with tenant_context(tenant):
        return list(Product.objects.values_list("number", "unit_price", "is_active"))


def _error(response):
    error = response.json()["errors"][0]
    return error["field"], error["code"]


def test_create_returns_codes_and_ids(client, tenant_a, revenue):
    response = client.post(URL, SCREW | {"price_base_quantity": "100"}, format="json")

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["tax_code"] == "de-standard-19"
    assert body["revenue_account"] == revenue.code
    assert body["revenue_account_id"] == revenue.pk
    assert body["expense_account"] is None
    assert (body["unit"], body["unit_name"]) == ("H87", "piece")
    assert (body["unit_price"], body["price_base_quantity"], body["currency"]) == ("0.1234", "100.0000", "EUR")
    assert _products(tenant_a) == [("A-100", Decimal("0.1234"), True)]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"tax_code": "xx-made-up"}, "tax_code"),
        ({"unit_price": "-1.00"}, "unit_price"),
        ({"unit": "BOX"}, "unit"),
        ({"revenue_account": "no-such"}, "revenue_account"),
        ({"gtin": "123"}, "gtin"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(client, tenant_a, change, field):
    response = client.post(URL, SCREW | change, format="json")

    assert response.status_code == 400
    assert _error(response)[0] == field
    assert _products(tenant_a) == []


def test_a_heading_account_is_refused(client, tenant_a, heading):
    response = client.post(URL, SCREW | {"revenue_account": heading.code}, format="json")

    assert response.status_code == 400
    assert _error(response) == ("revenue_account", "not_postable")
    assert _products(tenant_a) == []


def test_a_duplicate_number_is_refused(client, tenant_a):
    client.post(URL, SCREW, format="json")

    response = client.post(URL, SCREW | {"name": "Other"}, format="json")

    assert response.status_code == 400
    assert _error(response) == ("number", "unique")


def test_list_filters_retrieve_update_and_delete_deactivates(client, tenant_a, other_income):
    first = client.post(URL, SCREW, format="json").json()
    client.post(URL, SCREW | {"number": "S-1", "name": "Montage", "kind": "service", "unit": "HUR"}, format="json")

    assert [p["number"] for p in client.get(URL, {"kind": "service"}).json()["results"]] == ["S-1"]
    assert [p["number"] for p in client.get(URL, {"tax_code": "de-standard-19"}).json()["results"]] == ["A-100", "S-1"]
    assert client.get(f"{URL}{first['id']}/").json()["name"] == "Holzschraube 4x40"

    patched = client.patch(
        f"{URL}{first['id']}/", {"unit_price": "0.2", "revenue_account": other_income.code}, format="json"
    )
    assert patched.status_code == 200, patched.content
    assert (patched.json()["unit_price"], patched.json()["revenue_account"]) == ("0.2000", other_income.code)

    assert client.delete(f"{URL}{first['id']}/").status_code == 204
    assert [p["number"] for p in client.get(URL, {"is_active": "true"}).json()["results"]] == ["S-1"]
    assert _products(tenant_a) == [("A-100", Decimal("0.2000"), False), ("S-1", Decimal("0.1234"), True)]


def test_patch_with_a_bad_value_changes_nothing(client, tenant_a):
    product = client.post(URL, SCREW, format="json").json()

    response = client.patch(f"{URL}{product['id']}/", {"unit_price": "-5", "name": "Renamed"}, format="json")

    assert response.status_code == 400
    assert _error(response)[0] == "unit_price"
    assert _products(tenant_a) == [("A-100", Decimal("0.1234"), True)]


def test_search_ranks_number_prefix_then_fuzzy_name(client):
    client.post(URL, SCREW, format="json")
    client.post(URL, SCREW | {"number": "B-7", "name": "Steuerberatung je Stunde"}, format="json")

    assert [p["number"] for p in client.get(URL, {"search": "steurberatung"}).json()["results"]] == ["B-7"]
    assert [p["number"] for p in client.get(URL, {"search": "a-1"}).json()["results"]] == ["A-100"]


def test_a_viewer_reads_but_cannot_write(client, tenant_a, token_for):
    product = client.post(URL, SCREW, format="json").json()
    viewer = UserFactory()
    membership_grant(tenant=tenant_a, user=viewer, role=Role.VIEWER)
    reader = token_for(tenant_a, viewer)

    assert reader.get(URL).status_code == 200
    assert reader.post(URL, SCREW | {"number": "X-1"}, format="json").status_code == 403
    assert reader.patch(f"{URL}{product['id']}/", {"name": "x"}, format="json").status_code == 403
    assert reader.delete(f"{URL}{product['id']}/").status_code == 403
    assert _products(tenant_a) == [("A-100", Decimal("0.1234"), True)]


def test_tax_codes_list_the_companys_rates_with_their_accounts(client, tenant_a):
    response = client.get("/api/v1/tax-codes/", {"page_size": 500})

    assert response.status_code == 200
    codes = {row["code"]: row for row in response.json()["results"]}
    standard = codes["de-standard-19"]
    assert (standard["category"], standard["rate"]) == ("S", "19.00")
    with tenant_context(tenant_a):
        posting = TaxPosting.objects.select_related("output_account", "input_account").get(
            tax_code__code="de-standard-19"
        )
    assert (standard["output_account"], standard["input_account"]) == (
        posting.output_account.code,
        posting.input_account.code,
    )
    assert not any(code.startswith("be-") for code in codes)
