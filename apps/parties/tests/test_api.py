import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from apps.parties.models import Party
from apps.tenants.models import Role
from apps.tenants.services import membership_grant
from apps.tenants.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/parties/"
NEW = {
    "is_customer": True,
    "legal_name": "Brouwerij Gent NV",
    "country": "BE",
    "tax_id": "BE 0403.019.261",
    "peppol_id": "0208:0403019261",
    "iban": "BE68 5390 0754 7034",
    "payment_days": 30,
    "skonto_percent": "2.00",
    "skonto_days": 10,
    "language": "nl",
    "addresses": [{"kind": "billing", "line1": "Korenmarkt 1", "postal_code": "9000", "city": "Gent", "country": "BE"}],
    "contacts": [{"name": "An Peeters", "email": "an@brouwerij.test", "role": "Boekhouding"}],
}


@pytest.fixture
def client(tenant_a, owner_a, token_for):
    return token_for(tenant_a, owner_a)


def party_names(tenant):
    with tenant_context(tenant):
        return sorted(Party.objects.values_list("legal_name", flat=True))


def test_create_returns_the_compact_party_with_children_and_no_warnings(client):
    response = client.post(URL, NEW, format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["tax_id"], body["iban"], body["currency"]) == ("BE0403019261", "BE68539007547034", "EUR")
    assert body["number"].startswith("K-") and body["warnings"] == []
    assert body["fiscal_regime"] == "standard"
    assert [a["city"] for a in body["addresses"]] == ["Gent"] and body["contacts"][0]["name"] == "An Peeters"


def test_a_second_party_with_the_same_tax_id_gets_a_warning(client):
    first = client.post(URL, NEW, format="json").json()

    response = client.post(URL, {**NEW, "legal_name": "Brouwerij Gent (2)"}, format="json")

    assert response.status_code == 201
    assert [(w["code"], w["party"]) for w in response.json()["warnings"]] == [
        ("duplicate_tax_id", first["id"]),
        ("duplicate_iban", first["id"]),
    ]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"tax_id": "BE0403019262"}, "tax_id"),
        ({"iban": "BE68 5390 0754 7035"}, "iban"),
        ({"skonto_days": 30}, "skonto_days"),
        ({"legal_name": ""}, "legal_name"),
        ({"fiscal_regime": "free_zone"}, "fiscal_regime"),
        ({"addresses": [{"line1": "x"}]}, "addresses.0.city"),
    ],
)
def test_bad_input_is_a_400_naming_the_field_and_nothing_is_saved(client, tenant_a, changes, field):
    before = party_names(tenant_a)

    response = client.post(URL, {**NEW, **changes}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == field
    assert party_names(tenant_a) == before


def test_list_filters_and_search(client):
    customer = client.post(URL, NEW, format="json").json()
    client.post(
        URL, {**NEW, "legal_name": "Weber Elektro KG", "is_customer": False, "is_supplier": True}, format="json"
    )

    suppliers = client.get(URL, {"is_supplier": "true"}).json()["results"]
    found = client.get(URL, {"search": "Brouwrij Gnt", "is_customer": "true"}).json()["results"]

    assert [p["legal_name"] for p in suppliers] == ["Weber Elektro KG"]
    assert [p["id"] for p in found] == [customer["id"]]


def test_partial_update_and_delete_deactivates(client, tenant_a):
    party = client.post(URL, NEW, format="json").json()

    updated = client.patch(f"{URL}{party['id']}/", {"notes": "VIP", "contacts": []}, format="json")
    deleted = client.delete(f"{URL}{party['id']}/")

    assert updated.status_code == 200 and updated.json()["notes"] == "VIP" and updated.json()["contacts"] == []
    assert updated.json()["addresses"][0]["city"] == "Gent"
    assert deleted.status_code == 204
    assert client.get(f"{URL}{party['id']}/").json()["is_active"] is False


def test_a_viewer_reads_but_cannot_write(client, tenant_a, token_for):
    party = client.post(URL, NEW, format="json").json()
    viewer = UserFactory()
    membership_grant(tenant=tenant_a, user=viewer, role=Role.VIEWER)
    as_viewer = token_for(tenant_a, viewer)

    assert as_viewer.get(URL).status_code == 200
    assert as_viewer.post(URL, {**NEW, "legal_name": "Other"}, format="json").status_code == 403
    assert as_viewer.patch(f"{URL}{party['id']}/", {"notes": "x"}, format="json").status_code == 403
    assert as_viewer.delete(f"{URL}{party['id']}/").status_code == 403
    assert party_names(tenant_a) == ["Brouwerij Gent NV"]


def test_search_costs_the_same_queries_for_one_hit_as_for_three(client):
    client.post(URL, NEW, format="json")
    with CaptureQueriesContext(connection) as one:
        assert len(client.get(URL, {"search": "Brouwerij"}).json()["results"]) == 1
    client.post(URL, {**NEW, "legal_name": "Brouwerij Gent (2)"}, format="json")
    client.post(URL, {**NEW, "legal_name": "Brouwerij Gent (3)"}, format="json")

    with CaptureQueriesContext(connection) as three:
        assert len(client.get(URL, {"search": "Brouwerij"}).json()["results"]) == 3

    assert len(three) == len(one)
