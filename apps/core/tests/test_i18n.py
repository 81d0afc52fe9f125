import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("slug", "language", "sign_in"), [("alpha", "de", "Anmelden"), ("beta", "nl", "Aanmelden")])
def test_a_company_speaks_its_countrys_language(web_client, slug, language, sign_in, tenant_a, tenant_b):
    tenant = tenant_a if slug == "alpha" else tenant_b

    response = web_client(tenant, language=None).get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en")

    assert response["Content-Language"] == language
    assert f'<html lang="{language}">' in response.content.decode()
    assert sign_in in response.content.decode()


def test_a_chosen_language_wins_over_the_country(web_client, tenant_a):
    client = web_client(tenant_a, language=None)
    client.post("/i18n/setlang/", {"language": "es", "next": "/accounts/login/"})

    response = client.get("/accounts/login/")

    assert response["Content-Language"] == "es"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"


def test_the_public_site_follows_the_browser(web_client):
    response = web_client(None, language=None).get("/", HTTP_ACCEPT_LANGUAGE="fr-BE,fr;q=0.9")

    assert response["Content-Language"] == "fr"
