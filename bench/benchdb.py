"""What every benchmark needs to manage its own database on the server of DATABASE_URL."""

from __future__ import annotations

import os
from typing import Any

import environ
import psycopg


def admin_conninfo(url: str) -> str:
    """Connection parameters for the server's `postgres` database: where databases are created and dropped."""
    config = environ.Env.db_url_config(url)
    host = config.get("OPTIONS", {}).get("host") or config["HOST"] or "127.0.0.1"
    return psycopg.conninfo.make_conninfo(
        host=host, port=config["PORT"] or 5432, user=config["USER"], password=config["PASSWORD"], dbname="postgres"
    )


BENCH_PASSWORD = "bench-password-2026"


def bench_company(*, database: str, slug: str, name: str, reset: bool = False) -> Any:
    """Points Django at `database` and returns its German company `slug`, provisioned if missing.

    The database is created if missing (dropped first with `reset`) and migrated.

    Each benchmark keeps its own database, so one's data never skews another's figures and a
    second run reuses what the first loaded.
    """
    source = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kontor")
    url = source.rsplit("/", 1)[0] + f"/{database}"
    with psycopg.connect(admin_conninfo(url), autocommit=True) as conn:
        if reset:
            conn.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone():
            conn.execute(f"CREATE DATABASE {database}")
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    os.environ.setdefault("KONTOR_BASE_DOMAIN", "bench.localhost")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate_schemas", shared=True, verbosity=0)
    call_command("sync_tenant_template", verbosity=0)
    call_command("migrate_schemas", tenant=True, verbosity=0)

    return bench_tenant(slug=slug, name=name, country="DE")


def bench_tenant(*, slug: str, name: str, country: str, **details: str) -> Any:
    """The company `slug` in the database Django points at, provisioned in `country` if missing.

    `details` are further `tenant_provision` fields (tax_id, address_line, city ...), used only
    when the company is created.
    """
    from apps.tenants.models import Tenant
    from apps.tenants.services import tenant_provision

    return Tenant.objects.filter(slug=slug).first() or tenant_provision(
        slug=slug,
        name=name,
        country=country,
        owner_email=f"owner@{slug}.bench",
        owner_password=BENCH_PASSWORD,
        **details,
    )


def percentile(values: list[float], fraction: float) -> float:
    """The nearest-rank percentile (0.95 for p95): one definition for every benchmark's figures."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]
