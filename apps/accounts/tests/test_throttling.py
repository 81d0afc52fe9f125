"""Five failed sign-ins per account or per address pause sign-in for 15 minutes."""

import pytest
from django.test import Client

from apps.tenants.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def attempt(tenant, email, password, ip):
    client = Client(HTTP_HOST=f"{tenant.slug}.kontor.test", REMOTE_ADDR=ip)
    client.cookies["django_language"] = "en"
    return client.post("/accounts/login/", {"email": email, "password": password})


def test_five_failures_for_one_account_lock_it_even_from_other_addresses(tenant_a, owner_a):
    for n in range(4):
        assert attempt(tenant_a, owner_a.email, "wrong", f"198.51.100.{n}").status_code == 200
    assert attempt(tenant_a, owner_a.email, "wrong", "198.51.100.4").status_code == 429  # the fifth locks

    locked = attempt(tenant_a, owner_a.email, PASSWORD, "198.51.100.99")

    assert locked.status_code == 429
    assert "Too many failed sign-in attempts" in locked.content.decode()


def test_five_failures_from_one_address_lock_it_for_every_account(tenant_a, owner_a):
    for n in range(5):
        attempt(tenant_a, f"guess{n}@example.test", "wrong", "198.51.100.50")

    assert attempt(tenant_a, owner_a.email, PASSWORD, "198.51.100.50").status_code == 429
    assert attempt(tenant_a, owner_a.email, PASSWORD, "198.51.100.51").status_code == 302


def test_four_failures_do_not_lock_and_success_resets_the_count(tenant_a, owner_a):
    for _ in range(4):
        attempt(tenant_a, owner_a.email, "wrong", "198.51.100.60")
    assert attempt(tenant_a, owner_a.email, PASSWORD, "198.51.100.60").status_code == 302
    for _ in range(4):
        attempt(tenant_a, owner_a.email, "wrong", "198.51.100.60")
    assert attempt(tenant_a, owner_a.email, PASSWORD, "198.51.100.60").status_code == 302


def test_the_token_endpoint_is_locked_too_with_a_json_error(tenant_a, owner_a, api_client):
    client = api_client(tenant_a)
    for _ in range(5):
        client.post("/api/v1/auth/token/", {"email": owner_a.email, "password": "wrong"}, format="json")

    response = client.post("/api/v1/auth/token/", {"email": owner_a.email, "password": PASSWORD}, format="json")

    assert response.status_code == 429
    assert response.json()["errors"][0]["code"] == "login_locked"
    assert response["Retry-After"] == "900"
