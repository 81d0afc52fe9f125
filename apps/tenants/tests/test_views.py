import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from apps.tenants.models import Tenant
from apps.tenants.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_signup_page_creates_the_company_and_sends_the_owner_to_its_login(web_client):
    client = web_client(None)
    assert client.get("/signup/").status_code == 200

    response = client.post(
        "/signup/",
        {
            "name": "Epsilon Freelance",
            "slug": "epsilon",
            "country": "BE",
            "tax_id": "",
            "owner_email": "me@epsilon.test",
            "owner_password": PASSWORD,
        },
    )

    assert response.status_code == 302
    assert response["Location"] == "http://epsilon.kontor.test/accounts/login/?welcome=1"
    assert Tenant.objects.get(slug="epsilon").country == "BE"


def test_signup_page_shows_errors_next_to_their_fields(web_client, tenant_a):
    response = web_client(None).post(
        "/signup/",
        {"name": "Copy", "slug": "alpha", "country": "DE", "owner_email": "x@y.test", "owner_password": PASSWORD},
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"slug": ["This address is already taken."]}


@pytest.mark.parametrize(
    ("slug", "says"),
    [("alpha", "already taken"), ("www", "reserved"), ("no", "lowercase letters"), ("fresh-name", "is free")],
)
def test_slug_check_fragment_tells_whether_the_address_is_free(web_client, tenant_a, slug, says):
    response = web_client(None).get("/signup/slug-check/", {"slug": slug})

    assert response.status_code == 200
    assert says in response.content.decode()


def test_create_tenant_command_prints_the_url(capsys):
    call_command(
        "create_tenant",
        "--slug=zeta",
        "--name=Zeta GmbH",
        "--country=DE",
        "--owner-email=z@zeta.test",
        f"--owner-password={PASSWORD}",
    )

    assert capsys.readouterr().out.strip() == "http://zeta.kontor.test/"
    assert Tenant.objects.filter(slug="zeta").exists()


def test_create_tenant_command_reports_bad_input_by_field(tenant_a):
    with pytest.raises(CommandError, match=r"^slug: This address is already taken"):
        call_command(
            "create_tenant", "--slug=alpha", "--name=X", "--country=DE", "--owner-email=a@b.test", "--owner-password=x"
        )


def test_landing_page_invites_to_sign_up(web_client):
    response = web_client(None).get("/")

    assert response.status_code == 200
    assert 'href="/signup/"' in response.content.decode()
