"""The API's common ground: one error format, request ids, schema and docs, pagination, filters."""

import json
import logging
import re

import pytest

pytestmark = pytest.mark.django_db


def test_unknown_api_path_gets_the_error_format(tenant_a, owner_a, token_for):
    client = token_for(tenant_a, owner_a)
    client.cookies["django_language"] = "en"

    response = client.get("/api/v1/nothing-here/")

    assert response.status_code == 404
    assert response.json() == {
        "errors": [{"code": "not_found", "message": "Not found.", "field": None}],
        "request_id": response["X-Request-ID"],
    }


def test_wrong_method_gets_the_error_format(tenant_a, owner_a, token_for):
    response = token_for(tenant_a, owner_a).delete("/api/v1/me/")

    assert response.status_code == 405
    assert response.json()["errors"][0]["code"] == "method_not_allowed"


def test_missing_token_is_401_with_a_bearer_challenge(tenant_a, api_client):
    response = api_client(tenant_a).get("/api/v1/tax-rates/")

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["errors"][0]["code"] == "not_authenticated"


def test_an_incoming_request_id_is_kept_and_logged(tenant_a, owner_a, token_for, caplog):
    client = token_for(tenant_a, owner_a)

    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get("/api/v1/nothing-here/", HTTP_X_REQUEST_ID="req-12345")

    assert response["X-Request-ID"] == "req-12345"
    assert response.json()["request_id"] == "req-12345"
    assert any(getattr(record, "request_id", None) == "req-12345" for record in caplog.records)


def test_log_lines_are_json_with_request_id_and_tenant():
    from pythonjsonlogger.json import JsonFormatter

    from apps.core.request_context import bind_request_id

    bind_request_id("abc-123")
    record = logging.getLogger("kontor").makeRecord("kontor", logging.INFO, __file__, 1, "hello %s", ("world",), None)
    line = JsonFormatter("%(levelname)s %(message)s %(request_id)s %(tenant)s").format(record)

    assert json.loads(line) == {
        "levelname": "INFO",
        "message": "hello world",
        "request_id": "abc-123",
        "tenant": "public",
    }


def test_lists_are_paginated_and_filterable(tenant_a, owner_a, token_for):
    client = token_for(tenant_a, owner_a)

    page = client.get("/api/v1/tax-rates/", {"page_size": 2, "ordering": "-rate"}).json()
    assert page["count"] == 7 and len(page["results"]) == 2
    assert [r["rate"] for r in page["results"]] == ["19.00", "7.00"]
    assert page["next"].endswith("page=2&page_size=2&ordering=-rate") or "page=2" in page["next"]

    standard = client.get("/api/v1/tax-rates/", {"category": "S"}).json()
    assert {r["code"] for r in standard["results"]} == {"de-standard-19", "de-reduced-7"}

    bad = client.get("/api/v1/tax-rates/", {"rate__gte": "lots"})
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["field"] == "rate__gte"


def test_openapi_schema_describes_every_route_with_request_and_response(tenant_a, api_client):
    response = api_client(tenant_a).get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")

    assert response.status_code == 200
    schema = json.loads(response.content)
    paths = schema["paths"]
    assert {
        "/api/v1/auth/token/",
        "/api/v1/auth/token/refresh/",
        "/api/v1/me/",
        "/api/v1/company/",
        "/api/v1/company/security/",
        "/api/v1/tax-rates/",
        "/api/v1/tax-rates/{id}/",
    } <= set(paths)
    for path, operations in paths.items():
        for method, operation in operations.items():
            assert {"200", "201", "202", "204"} & set(operation["responses"]), (path, method)
            # A workflow action on one object (`/periods/{id}/close/`, `/invoices/{id}/einvoice/{format}/send/`)
            # may need no input at all.
            bodyless_action = method == "post" and re.search(r"\{id\}/(?:[\w-]+/|\{\w+\}/)*[\w-]+/$", path)
            if method in ("post", "put", "patch") and not bodyless_action:
                assert "requestBody" in operation, (path, method)


def test_interactive_docs_are_served_from_our_own_static_files(tenant_a, api_client):
    response = api_client(tenant_a).get("/api/v1/docs/")

    assert response.status_code == 200
    assert "/static/vendor/swagger-ui-dist/swagger-ui-bundle.js" in response.content.decode()
    assert "cdn" not in response.content.decode().lower()


def test_public_api_schema_documents_signup(api_client):
    response = api_client(None).get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")

    assert set(json.loads(response.content)["paths"]) == {"/api/v1/signup/"}


def test_signup_is_throttled_per_address(api_client, monkeypatch):
    from rest_framework.throttling import ScopedRateThrottle

    monkeypatch.setitem(ScopedRateThrottle.THROTTLE_RATES, "signup", "2/hour")
    client = api_client(None)

    statuses = [client.post("/api/v1/signup/", {}, format="json").status_code for _ in range(3)]

    assert statuses == [400, 400, 429]
    throttled = client.post("/api/v1/signup/", {}, format="json")
    assert throttled.json()["errors"][0]["code"] == "throttled"
    assert int(throttled["Retry-After"]) > 0


def test_the_production_logging_configuration_loads_and_prints_json(capsys):
    import logging.config

    from config.settings import base

    logging.config.dictConfig(base.LOGGING)
    try:
        logging.getLogger("kontor.check").warning("configured")
        line = capsys.readouterr().err.strip().splitlines()[-1]
    finally:
        from django.conf import settings
        from django.utils.log import configure_logging

        configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)
    record = json.loads(line)
    assert (record["level"], record["logger"], record["message"]) == ("WARNING", "kontor.check", "configured")
    assert set(record) >= {"time", "request_id", "tenant"}


def test_the_openapi_schema_generates_without_a_single_warning(tmp_path):
    from django.core.management import call_command

    schema = tmp_path / "schema.yml"

    call_command("spectacular", "--urlconf=config.urls_tenant", "--fail-on-warn", "--validate", f"--file={schema}")

    assert "/api/v1/invoices/{id}/issue/" in schema.read_text()
