"""Roles × actions, through the API and the admin, as members would use them."""

import pytest
from django_tenants.utils import tenant_context

from apps.taxes.models import TaxRate
from apps.taxes.tests.factories import TaxRateFactory
from apps.tenants.models import Role
from apps.tenants.selectors import business_modules

pytestmark = pytest.mark.django_db

NEW_RATE = {"code": "de-special", "name": "Sondersatz", "category": "S", "rate": "5.50", "valid_from": "2026-01-01"}
ACTIONS = ["list", "create", "update", "delete"]
ALLOWED = {
    Role.OWNER: {"list", "create", "update", "delete"},
    Role.ACCOUNTANT: {"list", "create", "update", "delete"},
    Role.MEMBER: {"list", "create", "update"},
    Role.VIEWER: {"list"},
}


def perform(client, action, rate_id):
    if action == "list":
        return client.get("/api/v1/tax-rates/")
    if action == "create":
        return client.post("/api/v1/tax-rates/", NEW_RATE, format="json")
    if action == "update":
        return client.patch(f"/api/v1/tax-rates/{rate_id}/", {"name": "Renamed"}, format="json")
    return client.delete(f"/api/v1/tax-rates/{rate_id}/")


def rate_snapshot(tenant):
    with tenant_context(tenant):
        return sorted(TaxRate.objects.values_list("code", "name"))


@pytest.mark.parametrize("role", list(ALLOWED))
@pytest.mark.parametrize("action", ACTIONS)
def test_roles_may_do_what_their_rights_allow_and_nothing_else(tenant_a, member_of, token_for, role, action):
    client = token_for(tenant_a, member_of(tenant_a, role))
    with tenant_context(tenant_a):
        rate_id = TaxRateFactory().pk  # a rate no account uses yet
    before = rate_snapshot(tenant_a)

    response = perform(client, action, rate_id)

    if action in ALLOWED[role]:
        assert response.status_code == {"list": 200, "create": 201, "update": 200, "delete": 204}[action]
    else:
        assert response.status_code == 403
        assert response.json()["errors"][0]["code"] == "permission_denied"
        assert rate_snapshot(tenant_a) == before


def test_module_rights_override_the_role(tenant_a, member_of, token_for):
    client = token_for(tenant_a, member_of(tenant_a, Role.MEMBER, rights={"taxes": {"view"}}))

    assert client.get("/api/v1/tax-rates/").status_code == 200
    assert client.post("/api/v1/tax-rates/", NEW_RATE, format="json").status_code == 403


def test_me_reports_role_and_rights(tenant_a, member_of, token_for):
    user = member_of(tenant_a, Role.VIEWER)

    body = token_for(tenant_a, user).get("/api/v1/me/").json()

    assert body["email"] == user.email
    assert body["role"] == "viewer"
    assert body["rights"] == {label: ["view"] for label, _name in business_modules()}
    assert body["companies"] == [{"company": "Alpha Bau GmbH", "slug": "alpha", "role": "viewer"}]


@pytest.mark.parametrize(
    ("role", "admin_status"),
    [(Role.OWNER, 200), (Role.ACCOUNTANT, 200), (Role.MEMBER, 302), (Role.VIEWER, 302)],
)
def test_the_admin_is_open_to_owners_and_accountants_only(tenant_a, member_of, login_as, role, admin_status):
    client = login_as(tenant_a, member_of(tenant_a, role))

    response = client.get("/admin/taxes/taxrate/")

    assert response.status_code == admin_status
    if admin_status == 302:
        assert response["Location"].startswith("/admin/login/")


def test_accountant_edits_a_rate_in_the_admin(tenant_a, member_of, login_as):
    client = login_as(tenant_a, member_of(tenant_a, Role.ACCOUNTANT))
    with tenant_context(tenant_a):
        rate = TaxRate.objects.get(code="de-reduced-7")

    response = client.post(
        f"/admin/taxes/taxrate/{rate.pk}/change/",
        {
            "code": rate.code,
            "name": "Ermäßigt",
            "category": "S",
            "rate": "7.00",
            "valid_from": "2020-01-01",
            "is_active": "on",
        },
    )

    assert response.status_code == 302
    with tenant_context(tenant_a):
        assert TaxRate.objects.get(pk=rate.pk).name == "Ermäßigt"


def test_admin_refuses_a_rate_that_breaks_its_rules(tenant_a, member_of, login_as):
    client = login_as(tenant_a, member_of(tenant_a, Role.ACCOUNTANT))

    response = client.post(
        "/admin/taxes/taxrate/add/",
        {"code": "bad", "name": "Exempt with a rate", "category": "E", "rate": "5.00", "valid_from": "2020-01-01"},
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    with tenant_context(tenant_a):
        assert not TaxRate.objects.filter(code="bad").exists()


def test_api_refuses_a_rate_that_breaks_its_rules_by_field(tenant_a, owner_a, token_for):
    client = token_for(tenant_a, owner_a)

    response = client.post("/api/v1/tax-rates/", {**NEW_RATE, "rate": "150"}, format="json")
    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == ["rate"]

    response = client.post("/api/v1/tax-rates/", {**NEW_RATE, "category": "E"}, format="json")
    assert response.status_code == 400
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [("rate", "not_zero")]
