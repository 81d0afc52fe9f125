"""Reads about the platform itself: are its backing services reachable?"""

from __future__ import annotations

import time
from typing import Any

from django.core.cache import cache
from django.db import connection

from config.celery import app as celery_app


def _probe(check: Any) -> dict[str, Any]:
    started = time.perf_counter()
    try:
        check()
    except Exception as exc:  # a health check reports every failure, whatever its type
        return {"ok": False, "error": exc.__class__.__name__, "ms": _elapsed_ms(started)}
    return {"ok": True, "ms": _elapsed_ms(started)}


def _elapsed_ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 1)


def _check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _check_cache() -> None:
    cache.set("healthz", "ok", timeout=5)
    if cache.get("healthz") != "ok":
        raise RuntimeError("cache read back a different value")


def _check_broker() -> None:
    with celery_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)


def platform_health() -> dict[str, Any]:
    """Probes the database, the cache and the Celery broker once each."""
    checks = {
        "database": _probe(_check_database),
        "cache": _probe(_check_cache),
        "broker": _probe(_check_broker),
    }
    return {"status": "ok" if all(c["ok"] for c in checks.values()) else "degraded", "checks": checks}
