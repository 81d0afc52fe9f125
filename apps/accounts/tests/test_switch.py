"""An accountant serving several companies moves between them without signing in again."""

import pytest

from apps.tenants.models import Role

pytestmark = pytest.mark.django_db


def test_accountant_switches_to_another_client_company(tenant_a, tenant_b, member_of, login_as, web_client):
    accountant = member_of(tenant_a, Role.ACCOUNTANT)
    from apps.tenants.services import membership_grant

    membership_grant(tenant=tenant_b, user=accountant, role=Role.ACCOUNTANT)
    on_a = login_as(tenant_a, accountant)
    assert "Beta Design BV" in on_a.get("/").content.decode()  # offered in the switcher

    hand_over = on_a.post("/accounts/switch/beta/")
    assert hand_over.status_code == 302
    url = hand_over["Location"]
    assert url.startswith("http://beta.kontor.test/accounts/switch/accept/?token=")
    path = url.removeprefix("http://beta.kontor.test")

    on_b = web_client(tenant_b)
    assert on_b.get(path)["Location"] == "/"
    assert "Beta Design BV" in on_b.get("/").content.decode()
    replay = web_client(tenant_b)
    assert replay.get(path)["Location"] == "/accounts/login/"  # the ticket is single-use
    assert replay.get("/").status_code == 302


def test_no_switch_into_a_company_one_does_not_belong_to(tenant_a, tenant_b, member_of, login_as):
    client = login_as(tenant_a, member_of(tenant_a, Role.ACCOUNTANT))

    response = client.post("/accounts/switch/beta/")

    assert response["Location"] == "/"


def test_a_ticket_for_one_company_does_not_open_another(tenant_a, tenant_b, member_of, login_as, web_client):
    from apps.tenants.services import membership_grant

    accountant = member_of(tenant_a, Role.ACCOUNTANT)
    membership_grant(tenant=tenant_b, user=accountant, role=Role.ACCOUNTANT)
    ticket_for_b = login_as(tenant_a, accountant).post("/accounts/switch/beta/")["Location"].split("?")[1]

    response = web_client(tenant_a).get(f"/accounts/switch/accept/?{ticket_for_b}")

    assert response["Location"] == "/accounts/login/"
