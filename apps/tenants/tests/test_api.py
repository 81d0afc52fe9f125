import json

import pytest
from django_tenants.utils import schema_exists

from apps.tenants.models import Domain, Membership, Role, Tenant, User
from apps.tenants.services import membership_grant
from apps.tenants.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SIGNUP = {
    "slug": "delta-shop",
    "name": "Delta Shop SRL",
    "country": "DO",
    "tax_id": "131246796",
    "owner_email": "dueno@delta.test",
    "owner_password": PASSWORD,
}


def counts():
    return Tenant.objects.count(), Domain.objects.count(), User.objects.count(), Membership.objects.count()


def errors_of(response):
    return [(error["field"], error["code"]) for error in response.json()["errors"]]


def test_signup_creates_a_company_whose_host_issues_tokens(api_client):
    response = api_client(None).post("/api/v1/signup/", SIGNUP, format="json")

    assert response.status_code == 201, response.content
    assert response.json()["url"] == "http://delta-shop.kontor.test/"
    assert response.json()["base_currency"] == "DOP"
    tenant = Tenant.objects.get(slug="delta-shop")
    token = api_client(tenant).post(
        "/api/v1/auth/token/", {"email": "dueno@delta.test", "password": PASSWORD}, format="json"
    )
    assert token.status_code == 200
    assert set(token.json()) == {"access", "refresh"}


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"slug": "alpha"}, [("slug", "slug_taken")]),
        ({"tax_id": "131246797"}, [("tax_id", "invalid")]),
        ({"country": "FR"}, [("country", "invalid_choice")]),
        ({"owner_email": "not-an-email"}, [("owner_email", "invalid")]),
        ({"owner_password": "password"}, [("owner_password", "invalid")]),
        ({"slug": "Bad Slug!"}, [("slug", "invalid")]),
    ],
)
def test_signup_bad_input_names_the_field_and_creates_nothing(api_client, tenant_a, change, expected):
    before = counts()

    response = api_client(None).post("/api/v1/signup/", {**SIGNUP, **change}, format="json")

    assert response.status_code == 400, response.content
    assert set(errors_of(response)) == set(expected)
    assert response.json()["request_id"] == response["X-Request-ID"]
    assert counts() == before
    assert not schema_exists("t_delta_shop")


def test_signup_lists_every_missing_field(api_client):
    response = api_client(None).post("/api/v1/signup/", {}, format="json")

    assert response.status_code == 400
    assert {field for field, code in errors_of(response)} == {
        "slug",
        "name",
        "country",
        "owner_email",
        "owner_password",
    }
    assert {code for field, code in errors_of(response)} == {"required"}


def test_malformed_json_is_a_400_parse_error(api_client):
    response = api_client(None).post("/api/v1/signup/", '{"slug": "x",', content_type="application/json")

    assert response.status_code == 400
    assert errors_of(response) == [(None, "parse_error")]


def test_oversized_payload_is_refused_before_parsing(api_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    before = counts()
    body = json.dumps({**SIGNUP, "name": "x" * 5000})

    response = api_client(None).post("/api/v1/signup/", body, content_type="application/json")

    assert response.status_code == 413
    assert errors_of(response) == [(None, "payload_too_large")]
    assert counts() == before


def test_company_api_shows_the_hosts_company(tenant_a, owner_a, token_for):
    response = token_for(tenant_a, owner_a).get("/api/v1/company/")

    assert response.status_code == 200
    assert response.json()["name"] == "Alpha Bau GmbH"
    assert response.json()["tax_id"] == "DE136695976"


def test_owner_makes_two_factor_mandatory_and_others_cannot(tenant_a, owner_a, token_for):
    member = UserFactory()
    membership_grant(tenant=tenant_a, user=member, role=Role.ACCOUNTANT)

    refused = token_for(tenant_a, member).post("/api/v1/company/security/", {"require_two_factor": True})
    assert refused.status_code == 403
    assert errors_of(refused) == [(None, "permission_denied")]
    tenant_a.refresh_from_db()
    assert tenant_a.require_two_factor is False

    done = token_for(tenant_a, owner_a).post("/api/v1/company/security/", {"require_two_factor": True})
    assert done.status_code == 200
    assert done.json()["require_two_factor"] is True


def test_security_api_rejects_a_non_boolean(tenant_a, owner_a, token_for):
    response = token_for(tenant_a, owner_a).post("/api/v1/company/security/", {"require_two_factor": "maybe"})

    assert response.status_code == 400
    assert errors_of(response) == [("require_two_factor", "invalid")]
