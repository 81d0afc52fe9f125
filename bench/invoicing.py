"""Invoicing API benchmark: create and issue a 10-line invoice, 20 clients at once.

    python bench/invoicing.py [--clients 20] [--invoices 10] [--reset]

Each client is a process (as a web server's workers are) with its own database connection
and its own JWT, through the whole stack (middleware, authentication, serializers, services,
ledger posting) with Django's
test client: `POST /api/v1/invoices/` then `POST /api/v1/invoices/{id}/issue/`. Targets:
p50 < 50 ms and p95 < 150 ms per request. Baseline in the same run: `GET /api/v1/me/`, the
cheapest authenticated request, under the same load.
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import sys
import time
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
from benchdb import BENCH_PASSWORD, bench_company, percentile  # noqa: E402

SLUG = "bench-invoicing"


def _payload(customer_id: int) -> dict[str, Any]:
    lines = [
        {
            "description": f"Position {n}",
            "quantity": str(1 + n % 4),
            "unit_price": f"{12 + n * 7}.{n:02d}",
            "discount": "5" if n % 3 == 0 else "0",
            "tax_code": "de-standard-19" if n % 4 else "de-reduced-7",
        }
        for n in range(10)
    ]
    return {"customer": customer_id, "lines": lines}


def _client(company: Any) -> Any:
    from django.conf import settings
    from rest_framework.test import APIClient

    client = APIClient(HTTP_HOST=f"{company.slug}.{settings.KONTOR_BASE_DOMAIN}")
    token = client.post(
        "/api/v1/auth/token/", {"email": f"owner@{SLUG}.bench", "password": BENCH_PASSWORD}, format="json"
    ).json()["access"]
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def _timed(call: Any) -> tuple[float, Any]:
    started = time.perf_counter()
    response = call()
    return (time.perf_counter() - started) * 1000, response


def _client_work(company: Any, customer_id: int, invoices: int, start: Any, results: Any) -> None:
    """One client in its own process (as gunicorn workers are): own interpreter, own connection."""
    client = _client(company)
    start.wait()
    timings: dict[str, list[float]] = {"create": [], "issue": [], "baseline": []}
    for _ in range(invoices):
        created_ms, created = _timed(lambda: client.post("/api/v1/invoices/", _payload(customer_id), format="json"))
        assert created.status_code == 201, created.content
        pk = created.json()["id"]
        issued_ms, issued = _timed(lambda pk=pk: client.post(f"/api/v1/invoices/{pk}/issue/", {}, format="json"))
        assert issued.status_code == 200, issued.content
        baseline_ms, _me = _timed(lambda: client.get("/api/v1/me/"))
        timings["create"].append(created_ms)
        timings["issue"].append(issued_ms)
        timings["baseline"].append(baseline_ms)
    results.put(timings)


def _run(company: Any, customer_id: int, clients: int, invoices: int) -> dict[str, list[float]]:
    from django.db import connections

    connections.close_all()  # each forked client opens its own
    context = multiprocessing.get_context("fork")
    start, results = context.Barrier(clients), context.Queue()
    workers = [
        context.Process(target=_client_work, args=(company, customer_id, invoices, start, results))
        for _ in range(clients)
    ]
    for worker in workers:
        worker.start()
    merged: dict[str, list[float]] = {"create": [], "issue": [], "baseline": []}
    for _ in workers:
        for name, values in results.get().items():
            merged[name] += values
    for worker in workers:
        worker.join()
    return merged


def _customer(company: Any) -> int:
    from django_tenants.utils import tenant_context

    from apps.parties.models import Party
    from apps.parties.services import party_create

    with tenant_context(company):
        existing = Party.objects.filter(legal_name="Bench Kunde GmbH").first()
        if existing:
            return existing.pk
        return party_create(legal_name="Bench Kunde GmbH", country="DE", is_customer=True).party.pk


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--invoices", type=int, default=10, help="invoices per client")
    parser.add_argument("--reset", action="store_true")
    args = parser.parse_args()
    company = bench_company(database="kontor_bench_invoicing", slug=SLUG, name="Bench Invoicing GmbH", reset=args.reset)
    customer_id = _customer(company)
    _run(company, customer_id, 2, 2)  # warm-up: imports, connections, plan caches
    started = time.perf_counter()
    timings = _run(company, customer_id, args.clients, args.invoices)
    elapsed = time.perf_counter() - started
    print(f"{args.clients} concurrent clients × {args.invoices} invoices of 10 lines, through the API")
    print(f"  throughput: {len(timings['issue']) / elapsed:.1f} invoices created and issued per second")
    for name, values in timings.items():
        values.sort()
        p50, p95 = statistics.median(values), percentile(values, 0.95)
        print(f"  {name:<9} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms   (n={len(values)})")
    create_p50 = statistics.median(timings["create"])
    print(f"  create p50 / baseline p50: {create_p50 / statistics.median(timings['baseline']):.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
