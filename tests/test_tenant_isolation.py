"""A member of company A can reach nothing of company B: not by API, admin or web page.

The test walks every API route and every model of the tenant admin, so a new
app is covered as soon as it mounts a route or registers a model. Each tenant
model needs a factory in `apps/<app>/tests/factories.py` to plant a marker row.
"""

from __future__ import annotations

import importlib
import random
import re
from collections.abc import Iterator
from typing import Any

import factory
import pytest
from django.apps import apps as django_apps
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver
from django_tenants.utils import tenant_context

from apps.core.admin import tenant_admin_site
from apps.tenants.models import Role
from apps.tenants.services import membership_grant
from apps.tenants.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
UNAUTHENTICATED_ROUTES = {"api:token_obtain", "api:token_refresh", "api:schema", "api:docs"}
# Path arguments that are names, not ids; and routes that refuse the factory's draft with a 400 (found, not hidden).
ROUTE_ARGUMENTS = {"einvoice_format": "peppol"}
ISSUED_ONLY_ROUTES = {"api:invoice-einvoice"}


def _factories() -> dict[type[models.Model], type[factory.django.DjangoModelFactory]]:
    found = {}
    for config in django_apps.get_app_configs():
        if not config.name.startswith("apps."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.tests.factories")
        except ModuleNotFoundError:
            continue
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, factory.django.DjangoModelFactory) and value._meta.model:
                found.setdefault(value._meta.model, value)
    return found


def _api_routes() -> Iterator[tuple[str, str, Any]]:
    """(name, path template, view class) for every route under /api/v1/ on a company's host."""

    def walk(patterns: list, prefix: str, namespace: str) -> Iterator[tuple[str, str, Any]]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = (
                    f"{namespace}:{pattern.namespace}"
                    if namespace and pattern.namespace
                    else pattern.namespace or namespace
                )
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), ns or "")
            elif isinstance(pattern, URLPattern):
                view_class = getattr(pattern.callback, "cls", None)
                yield f"{namespace}:{pattern.name}", prefix + str(pattern.pattern), view_class

    for name, template, view_class in walk(get_resolver("config.urls_tenant").url_patterns, "/", ""):
        if template.startswith("/api/v1/") and name not in UNAUTHENTICATED_ROUTES:
            yield name, template, view_class


def _model_of(view_class: Any) -> type[models.Model] | None:
    queryset = getattr(view_class, "queryset", None)
    return queryset.model if queryset is not None else None


def _fill(template: str, pk: int) -> str:
    """A concrete path from a route, regex (`(?P<pk>...)`) or converter (`<int:pk>`) style."""
    path = re.sub(r"\(\?P<\w+>[^)]*\)", str(pk), template)
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda match: ROUTE_ARGUMENTS.get(match.group(1), str(pk)), path)
    return path.replace("^", "").replace("$", "")


def _is_detail(template: str) -> bool:
    return "pk>" in template


@pytest.fixture
def accountant_a(tenant_a):
    user = UserFactory()
    membership_grant(tenant=tenant_a, user=user, role=Role.ACCOUNTANT)
    return user


@pytest.fixture
def markers(tenant_a, tenant_b):
    """One row of every tenant model in each company; B's rows have ids A never has."""
    planted: dict[type[models.Model], tuple[int, int]] = {}
    factories = _factories()
    exposed = {_model_of(view) for _n, _t, view in _api_routes()} | set(tenant_admin_site._registry)
    for model in filter(None, exposed):
        assert model in factories, f"add a factory for {model.__name__} so isolation can be tested"
        with tenant_context(tenant_a):
            pk_a = factories[model]().pk
        with tenant_context(tenant_b):
            pk_b = factories[model](pk=random.randint(10_000_000, 20_000_000)).pk
        planted[model] = (pk_a, pk_b)
    return planted


def test_every_api_route_refuses_a_token_from_another_company(tenant_a, tenant_b, owner_a, token_for, markers):
    client = token_for(tenant_a, owner_a)
    client.defaults["HTTP_HOST"] = f"{tenant_b.slug}.kontor.test"
    routes = list(_api_routes())
    assert len(routes) >= 5

    for name, template, view_class in routes:
        model = _model_of(view_class)
        path = _fill(template, markers[model][1] if model else 1)
        for method in ("get", "post", "put", "patch", "delete"):
            response = getattr(client, method)(path, {}, format="json")
            assert response.status_code == 401, (name, method, response.status_code)
            assert response.json()["errors"][0]["code"] == "token_tenant_mismatch"


def test_api_lists_and_details_never_show_another_companys_rows(tenant_a, owner_a, token_for, markers):
    client = token_for(tenant_a, owner_a)

    for name, template, view_class in _api_routes():
        model = _model_of(view_class)
        if model is None:
            response = client.get(_fill(template, 1))
            raw = b"".join(response.streaming_content) if response.streaming else response.content
            body = raw.decode("utf-8", errors="replace")
            assert "beta" not in body.lower(), name
            continue
        pk_a, pk_b = markers[model]
        if _is_detail(template) and client.get(_fill(template, pk_a)).status_code == 405:
            # An action on one object (`.../<pk>/close/`) is reached by POST.
            assert client.post(_fill(template, pk_b), {}, format="json").status_code == 404, name
        elif _is_detail(template):
            assert client.get(_fill(template, pk_b)).status_code == 404, name
            assert client.delete(_fill(template, pk_b)).status_code in (404, 405), name  # 405: no deletes at all
            own = client.get(_fill(template, pk_a)).status_code
            assert own == 200 or (name in ISSUED_ONLY_ROUTES and own == 400), name
        else:
            response = client.get(_fill(template, 0), {"page_size": 500})
            ids = {row["id"] for row in response.json()["results"]}
            assert pk_a in ids and pk_b not in ids, name


def test_admin_shows_only_the_companys_own_rows(tenant_a, tenant_b, accountant_a, login_as, markers):
    client = login_as(tenant_a, accountant_a)

    for model in tenant_admin_site._registry:
        pk_a, pk_b = markers[model]
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        changelist = client.get(base)
        assert changelist.status_code == 200, base
        assert f"{base}{pk_a}/change/" in changelist.content.decode()
        assert f"{base}{pk_b}/change/" not in changelist.content.decode()
        assert client.get(f"{base}{pk_b}/change/").status_code == 302, base  # "does not exist" redirect


def test_admin_and_pages_of_another_company_refuse_a_member(tenant_a, tenant_b, accountant_a, login_as, web_client):
    session_a = login_as(tenant_a, accountant_a)
    on_b = web_client(tenant_b)
    on_b.cookies = session_a.cookies  # even a stolen session cookie of A's host

    for model in tenant_admin_site._registry:
        response = on_b.get(f"/admin/{model._meta.app_label}/{model._meta.model_name}/")
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert on_b.get("/").status_code == 403
    for path in ("/parties/", "/products/", "/parties/1/", "/products/1/", "/invoices/customers/1/"):
        assert on_b.get(path).status_code == 403, path
    assert on_b.get("/api/v1/tax-rates/").status_code == 403


def test_public_models_are_not_reachable_on_a_company_host(tenant_a, owner_a, login_as):
    client = login_as(tenant_a, owner_a)

    for path in ("/admin/tenants/tenant/", "/admin/tenants/user/", "/admin/tenants/membership/"):
        assert client.get(path).status_code == 404
