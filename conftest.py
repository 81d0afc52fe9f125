"""Test set-up shared by every app: one database, two companies, created once per session.

Two tenants (alpha in Germany, beta in Belgium) are provisioned through the real
service when the test database is set up, and kept with --reuse-db. Every test
then runs in a transaction that is rolled back, so tests may create, change and
even provision more companies without cleaning up.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, connections
from django.test import Client
from django.utils import translation
from django_tenants.utils import tenant_context
from rest_framework.test import APIClient

from apps.tenants.models import Tenant, User
from apps.tenants.services import tenant_provision

T = TypeVar("T")
PASSWORD = "correct-horse-battery-staple"
SESSION_TENANTS = {
    "alpha": {"name": "Alpha Bau GmbH", "country": "DE", "tax_id": "DE136695976"},
    "beta": {"name": "Beta Design BV", "country": "BE", "tax_id": "BE0403019261"},
}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock():
        call_command("sync_tenant_template", verbosity=0)
        for slug, details in SESSION_TENANTS.items():
            if not Tenant.objects.filter(slug=slug).exists():
                tenant_provision(slug=slug, owner_email=f"owner@{slug}.test", owner_password=PASSWORD, **details)
        connection.set_schema_to_public()


@pytest.fixture(autouse=True)
def _public_schema_and_clean_cache() -> Iterator[None]:
    connection.set_schema_to_public()
    cache.clear()
    yield
    connection.set_schema_to_public()
    translation.deactivate()  # a page requested in German must not leave the next test speaking it


@pytest.fixture
def tenant_a(db) -> Tenant:  # type: ignore[no-untyped-def]
    return Tenant.objects.get(slug="alpha")


@pytest.fixture
def tenant_b(db) -> Tenant:  # type: ignore[no-untyped-def]
    return Tenant.objects.get(slug="beta")


@pytest.fixture
def in_alpha(tenant_a: Tenant) -> Iterator[Tenant]:
    """Runs the test inside company alpha's schema (German, SKR 03)."""
    with tenant_context(tenant_a):
        yield tenant_a


@pytest.fixture
def owner_a(tenant_a: Tenant) -> User:
    return User.objects.get(email="owner@alpha.test")


@pytest.fixture
def owner_b(tenant_b: Tenant) -> User:
    return User.objects.get(email="owner@beta.test")


def host_of(tenant: Tenant | None) -> str:
    return f"{tenant.slug}.{settings.KONTOR_BASE_DOMAIN}" if tenant else settings.KONTOR_BASE_DOMAIN


def _client_on(client_class: type[Client], tenant: Tenant | None, language: str | None, ip: str, agent: str) -> Client:
    client = client_class(HTTP_HOST=host_of(tenant), REMOTE_ADDR=ip, HTTP_USER_AGENT=agent)
    if language:  # tests read English messages; the i18n tests pass None to see the country's default
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


@pytest.fixture
def web_client():  # type: ignore[no-untyped-def]
    """`web_client(tenant)`: a browser on the tenant's host (None: the public site)."""
    return lambda tenant, language="en": _client_on(Client, tenant, language, "203.0.113.7", "pytest-browser")


@pytest.fixture
def api_client():  # type: ignore[no-untyped-def]
    """`api_client(tenant)`: a mobile app talking to the tenant's host."""
    return lambda tenant, language="en": _client_on(APIClient, tenant, language, "203.0.113.8", "pytest-app")


@pytest.fixture
def login_as(web_client):  # type: ignore[no-untyped-def]
    """A web client on `tenant` signed in as `user` through the real login form."""

    def make(tenant: Tenant, user: User, password: str = PASSWORD) -> Client:
        client = web_client(tenant)
        response = client.post("/accounts/login/", {"email": user.email, "password": password})
        assert response.status_code == 302, response.content
        return client

    return make


@pytest.fixture
def browser(tenant_a, owner_a, login_as):  # type: ignore[no-untyped-def]
    """A browser on tenant A signed in as its owner: what most page tests look through."""
    return login_as(tenant_a, owner_a)


@pytest.fixture
def token_for(api_client):  # type: ignore[no-untyped-def]
    """An API client on `tenant` carrying an access token obtained through the token endpoint."""

    def make(tenant: Tenant, user: User, password: str = PASSWORD) -> APIClient:
        client = api_client(tenant)
        response = client.post("/api/v1/auth/token/", {"email": user.email, "password": password}, format="json")
        assert response.status_code == 200, response.content
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {response.json()['access']}")
        return client

    return make


@pytest.fixture
def run_queued_work(django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """`with run_queued_work(): ...` runs the after-commit callbacks of the block and the Celery
    tasks they queue, in this process, as a worker would after the transaction commits."""
    from contextlib import contextmanager

    from config.celery import app

    @contextmanager
    def run() -> Iterator[None]:
        app.conf.task_always_eager = True
        try:
            with django_capture_on_commit_callbacks(execute=True):
                yield
        finally:
            app.conf.task_always_eager = False

    return run


def _on_own_connection(work: Callable[[], T]) -> Callable[[], T]:
    def run() -> T:
        try:
            return work()
        finally:
            connections.close_all()

    return run


@pytest.fixture
def committed() -> Callable[[Callable[[], T]], T]:
    """Runs a function on a connection of its own (autocommit), as another request would.

    For races: the test's own transaction is never committed, so work other connections
    must see has to be done this way. Never touch a scratch company from the test's own
    connection either: its locks would stall the drop at teardown.
    """

    def run(work: Callable[[], T]) -> T:
        with ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(_on_own_connection(work)).result()

    return run


@pytest.fixture
def scratch_company(committed):  # type: ignore[no-untyped-def]
    """Provisions (committed) companies for concurrency tests and drops them afterwards."""
    made: list[Tenant] = []

    def make(slug: str, country: str = "DE") -> Tenant:
        # Unique per run: the owner (a public user) outlives the company, and a crashed run
        # may leave the company behind in the reused test database.
        slug = f"{slug}-{uuid.uuid4().hex[:8]}"
        details = {"name": f"{slug} Ltd", "country": country, "owner_email": f"owner@{slug}.test"}
        tenant = committed(lambda: tenant_provision(slug=slug, owner_password=PASSWORD, **details))
        made.append(tenant)
        return tenant

    yield make
    for tenant in made:
        committed(lambda tenant=tenant: Tenant.objects.get(pk=tenant.pk).delete(force_drop=True))


def threads_run(work: Callable[[int], T], count: int) -> list[T]:
    """Runs `work(0..count-1)` in `count` threads at once, each on its own connection."""
    start = threading.Barrier(count)

    def one(index: int) -> T:
        start.wait()
        return work(index)

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(lambda index: _on_own_connection(lambda: one(index))(), range(count)))


@pytest.fixture
def in_threads() -> Callable[[Callable[[int], T], int], list[T]]:
    return threads_run
