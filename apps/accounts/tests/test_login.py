"""Web sign-in as a person does it: password, second factor, mandatory set-up, sign-out."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.accounts.tests.conftest import code_for
from apps.tenants.models import Role
from apps.tenants.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def sign_in(client, user, password=PASSWORD):
    return client.post("/accounts/login/", {"email": user.email.upper(), "password": password})


def test_member_signs_in_and_sees_the_dashboard(tenant_a, owner_a, web_client):
    client = web_client(tenant_a)

    response = sign_in(client, owner_a)

    assert response.status_code == 302 and response["Location"] == "/"
    page = client.get("/")
    assert page.status_code == 200
    assert "Alpha Bau GmbH" in page.content.decode()
    assert "USt 19 %" in page.content.decode()


def test_wrong_password_is_refused_with_a_message(tenant_a, owner_a, web_client):
    client = web_client(tenant_a)

    response = sign_in(client, owner_a, password="wrong")

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["E-mail or password is not correct."]
    assert client.get("/").status_code == 302


def test_a_member_of_another_company_cannot_sign_in_here(tenant_a, owner_b, web_client):
    response = sign_in(web_client(tenant_a), owner_b)

    assert response.status_code == 200
    assert "no access to Alpha Bau GmbH" in response.context["form"].non_field_errors()[0]


def test_anonymous_visitors_are_sent_to_sign_in(tenant_a, web_client):
    response = web_client(tenant_a).get("/")

    assert response.status_code == 302 and response["Location"] == "/accounts/login/?next=/"


def test_set_up_two_factor_then_sign_in_with_a_code(tenant_a, member_of, web_client, login_as, frozen_step):
    user = member_of(tenant_a, Role.MEMBER)
    client = login_as(tenant_a, user)

    page = client.get("/accounts/two-factor/")
    assert page.status_code == 200 and "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    wrong = client.post("/accounts/two-factor/", {"token": "000000" if code_for(device) != "000000" else "111111"})
    assert wrong.context["form"].errors == {"token": ["That code is not valid. Check the time on your phone."]}
    assert client.post("/accounts/two-factor/", {"token": code_for(device)}).status_code == 302
    assert TOTPDevice.objects.get(user=user).confirmed is True

    client.post("/accounts/logout/")
    fresh = web_client(tenant_a)
    step_one = sign_in(fresh, user)
    assert step_one.status_code == 302 and step_one["Location"].startswith("/accounts/login/verify/")
    assert fresh.get("/").status_code == 302  # not signed in until the code is given
    bad = fresh.post("/accounts/login/verify/", {"otp": "12345"})
    assert bad.context["form"].errors == {"otp": ["That code is not valid."]}
    good = fresh.post("/accounts/login/verify/", {"otp": code_for(device, steps_ahead=1)})
    assert good.status_code == 302
    assert fresh.get("/").status_code == 200


def test_mandatory_two_factor_sends_members_without_it_to_set_up(tenant_a, member_of, web_client):
    tenant_a.require_two_factor = True
    tenant_a.save()
    user = member_of(tenant_a, Role.ACCOUNTANT)
    client = web_client(tenant_a)

    response = sign_in(client, user)

    assert response["Location"] == "/accounts/two-factor/"
    assert client.get("/")["Location"] == "/accounts/two-factor/"
    assert client.get("/admin/")["Location"] == "/accounts/two-factor/"
    api = client.get("/api/v1/me/")
    assert api.status_code == 403
    assert api.json()["errors"][0]["code"] == "two_factor_setup_required"


def test_owner_turns_on_mandatory_two_factor_in_the_web(tenant_a, owner_a, login_as, member_of):
    client = login_as(tenant_a, owner_a)

    assert client.post("/accounts/security/", {"require_two_factor": "on"}).status_code == 302
    tenant_a.refresh_from_db()
    assert tenant_a.require_two_factor is True

    viewer_client = login_as(tenant_a, member_of(tenant_a, Role.VIEWER))
    viewer_client.post("/accounts/security/", {})
    tenant_a.refresh_from_db()
    assert tenant_a.require_two_factor is True


def test_logout_ends_the_session(tenant_a, owner_a, login_as):
    client = login_as(tenant_a, owner_a)

    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/").status_code == 302


def test_login_form_cannot_redirect_to_another_site(tenant_a, owner_a, web_client):
    response = web_client(tenant_a).post(
        "/accounts/login/", {"email": owner_a.email, "password": PASSWORD, "next": "https://evil.example/"}
    )

    assert response["Location"] == "/"


def test_the_admin_login_cannot_skip_the_second_factor(tenant_a, member_of, totp_device, web_client):
    accountant = member_of(tenant_a, Role.ACCOUNTANT)
    totp_device(accountant)
    client = web_client(tenant_a)

    response = client.post("/admin/login/?next=/admin/", {"username": accountant.email, "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/admin/"
    assert client.get("/admin/").status_code == 302
