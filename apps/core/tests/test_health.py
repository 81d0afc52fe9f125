import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("on_tenant_host", [False, True])
def test_healthz_reports_every_backing_service(web_client, tenant_a, on_tenant_host):
    response = web_client(tenant_a if on_tenant_host else None).get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert {name: check["ok"] for name, check in body["checks"].items()} == {
        "database": True,
        "cache": True,
        "broker": True,
    }
    assert response["X-Request-ID"]


def test_unknown_company_host_is_not_found(web_client):
    response = web_client(None).get("/healthz", HTTP_HOST="nobody.kontor.test")

    assert response.status_code == 404
