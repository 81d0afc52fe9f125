"""JWT for the mobile apps: bound to one company, short-lived, refresh tokens rotate once."""

import pytest

from apps.accounts.tests.conftest import code_for
from apps.tenants.models import Role
from apps.tenants.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def obtain(client, user, **extra):
    return client.post("/api/v1/auth/token/", {"email": user.email, "password": PASSWORD, **extra}, format="json")


def test_refresh_rotates_and_a_reused_refresh_token_is_rejected(tenant_a, owner_a, api_client):
    client = api_client(tenant_a)
    first = obtain(client, owner_a).json()

    rotated = client.post("/api/v1/auth/token/refresh/", {"refresh": first["refresh"]}, format="json")
    assert rotated.status_code == 200
    assert rotated.json()["refresh"] != first["refresh"]

    reused = client.post("/api/v1/auth/token/refresh/", {"refresh": first["refresh"]}, format="json")
    assert reused.status_code == 401
    assert reused.json()["errors"][0]["code"] == "token_not_valid"

    again = client.post("/api/v1/auth/token/refresh/", {"refresh": rotated.json()["refresh"]}, format="json")
    assert again.status_code == 200


def test_access_token_works_only_on_its_companys_host(tenant_a, tenant_b, owner_a, api_client):
    access = obtain(api_client(tenant_a), owner_a).json()["access"]

    here = api_client(tenant_a)
    here.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    assert here.get("/api/v1/me/").status_code == 200
    there = api_client(tenant_b)
    there.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    response = there.get("/api/v1/me/")
    assert response.status_code == 401
    assert response.json()["errors"][0]["code"] == "token_tenant_mismatch"


def test_refresh_token_of_one_company_cannot_be_refreshed_on_another(tenant_a, tenant_b, owner_a, api_client):
    refresh = obtain(api_client(tenant_a), owner_a).json()["refresh"]

    response = api_client(tenant_b).post("/api/v1/auth/token/refresh/", {"refresh": refresh}, format="json")

    assert response.status_code == 401
    assert response.json()["errors"][0]["code"] == "token_tenant_mismatch"


def test_tokens_are_not_issued_to_non_members_or_on_the_public_host(tenant_a, owner_b, api_client):
    assert obtain(api_client(tenant_a), owner_b).status_code == 403
    assert obtain(api_client(None), owner_b).status_code == 404


def test_wrong_password_gets_401_in_the_error_format(tenant_a, owner_a, api_client):
    response = api_client(tenant_a).post(
        "/api/v1/auth/token/", {"email": owner_a.email, "password": "nope"}, format="json"
    )

    assert response.status_code == 401
    assert response.json()["errors"] == [
        {"code": "no_active_account", "message": "No active account found with the given credentials", "field": None}
    ]


def test_two_factor_users_need_their_code_for_a_token(tenant_a, member_of, totp_device, api_client, frozen_step):
    user = member_of(tenant_a, Role.MEMBER)
    device = totp_device(user)
    client = api_client(tenant_a)

    missing = obtain(client, user)
    assert missing.status_code == 400
    assert [(e["field"], e["code"]) for e in missing.json()["errors"]] == [("otp", "otp_required")]
    wrong = obtain(client, user, otp="000000" if code_for(device) != "000000" else "111111")
    assert [(e["field"], e["code"]) for e in wrong.json()["errors"]] == [("otp", "invalid_otp")]
    assert obtain(client, user, otp=code_for(device, steps_ahead=1)).status_code == 200


def test_mandatory_two_factor_without_a_device_gets_no_token(tenant_a, member_of, api_client):
    tenant_a.require_two_factor = True
    tenant_a.save()

    response = obtain(api_client(tenant_a), member_of(tenant_a, Role.MEMBER))

    assert response.status_code == 403
    assert response.json()["errors"][0]["code"] == "two_factor_setup_required"


def test_a_revoked_membership_invalidates_live_tokens(tenant_a, member_of, token_for):
    user = member_of(tenant_a, Role.MEMBER)
    client = token_for(tenant_a, user)
    user.memberships.update(is_active=False)

    response = client.get("/api/v1/me/")

    assert response.status_code == 401
    assert response.json()["errors"][0]["code"] == "not_a_member"


def test_repeated_wrong_codes_are_throttled(tenant_a, member_of, totp_device, api_client, settings, frozen_step):
    settings.OTP_TOTP_THROTTLE_FACTOR = 1
    user = member_of(tenant_a, Role.MEMBER)
    device = totp_device(user)
    client = api_client(tenant_a)
    wrong = "000000" if code_for(device) != "000000" else "111111"

    assert obtain(client, user, otp=wrong).status_code == 400
    # Right away, even the right code is refused until the back-off has passed.
    assert obtain(client, user, otp=code_for(device)).status_code == 400
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
