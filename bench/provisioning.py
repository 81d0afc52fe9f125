"""Provisioning benchmark: how long does a new company take to be ready?

    make bench            (or: python bench/provisioning.py [--tenants 100] [--baseline 10])

Creates a scratch database next to DATABASE_URL's, provisions N companies through
the real service (template-schema cloning) and, as a baseline in the same run, a
few companies the slow way (every migration run on a fresh schema). Prints median
and p95 seconds per company, the ratio between the two, and the schema count
reached. The scratch database is dropped at the end.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import psycopg
from benchdb import admin_conninfo, percentile

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
BENCH_DB = "kontor_bench"


def _recreate_database(admin: str) -> None:
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {BENCH_DB}")


def _drop_database(admin: str) -> None:
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")


def _provision_timed(prefix: str, count: int) -> list[float]:
    from apps.tenants.services import tenant_provision

    durations = []
    for index in range(count):
        started = time.perf_counter()
        tenant_provision(
            slug=f"{prefix}-{index:04d}",
            name=f"Bench Company {index}",
            country=("DE", "BE", "DO")[index % 3],
            owner_email=f"owner{index}@{prefix}.bench",
            owner_password="bench-password-2026",
        )
        durations.append(time.perf_counter() - started)
    return durations


def _report(label: str, durations: list[float]) -> None:
    print(
        f"{label:<28} n={len(durations):>4}  median={statistics.median(durations):.3f}s  "
        f"p95={percentile(durations, 0.95):.3f}s  max={max(durations):.3f}s"
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tenants", type=int, default=100)
    parser.add_argument("--baseline", type=int, default=10, help="companies provisioned by running every migration")
    args = parser.parse_args()

    source_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kontor")
    admin = admin_conninfo(source_url)
    _recreate_database(admin)
    os.environ["DATABASE_URL"] = source_url.rsplit("/", 1)[0] + f"/{BENCH_DB}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    os.environ.setdefault("KONTOR_BASE_DOMAIN", "bench.localhost")
    try:
        import django
        from django.core.management import call_command
        from django.test.utils import override_settings

        django.setup()
        call_command("migrate_schemas", shared=True, verbosity=0)
        call_command("sync_tenant_template", verbosity=0)

        # Production's password hashing, so the owner's account costs what it costs in signup.
        with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.Argon2PasswordHasher"]):
            cloned = _provision_timed("clone", args.tenants)
            with override_settings(TENANT_BASE_SCHEMA=None):  # no template: every migration runs
                migrated = _provision_timed("migrate", args.baseline)

        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 't\\_%%'")
            schemas = cursor.fetchone()[0]
        print("Provisioning a company (signup service, one transaction, country defaults seeded)")
        _report("cloned from template", cloned)
        _report("baseline: run migrations", migrated)
        tenth = max(1, len(cloned) // 10)
        print(
            f"growth: median of the first {tenth} {statistics.median(cloned[:tenth]):.3f}s, "
            f"of the last {tenth} {statistics.median(cloned[-tenth:]):.3f}s"
        )
        ratio = statistics.median(migrated) / statistics.median(cloned)
        print(f"speed-up (median baseline / median cloned): {ratio:.1f}x")
        print(f"tenant schemas in the database: {schemas}")
        target = "met" if statistics.median(cloned) < 1.0 else "MISSED"
        print(f"target median < 1 s per company: {target}")
        connection.close()
    finally:
        _drop_database(admin)
    return 0


if __name__ == "__main__":
    sys.exit(main())
