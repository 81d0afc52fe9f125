"""Party search benchmark: 10,000 parties, 200 random queries, p50/p95 of `party_search`.

    python bench/parties_search.py

Uses its own database `kontor_bench_parties` on the server of DATABASE_URL and the company
`bench-parties`; the parties are bulk-created once and reused on later runs. Queries mix
misspelt names, name prefixes, party numbers and tax id prefixes. Target: p95 < 100 ms.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
sys.path.insert(0, str(BASE_DIR / "bench"))
from benchdb import bench_company, percentile  # noqa: E402

SLUG = "bench-parties"
PARTIES = 10_000
QUERIES = 200
WORDS = ["Bau", "Holz", "Metall", "Elektro", "Logistik", "Handel", "Technik", "Service", "Garten", "Druck", "Medien"]
NAMES = [
    "Schmidt",
    "Müller",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Peeters",
    "Janssens",
    "Maes",
]
FORMS = ["GmbH", "AG", "KG", "BV", "NV", "SRL", "e.K."]


def bench_setup() -> object:
    return bench_company(database="kontor_bench_parties", slug=SLUG, name="Bench Parties GmbH")


def name_for(rng: random.Random) -> str:
    return f"{rng.choice(NAMES)} {rng.choice(WORDS)} {rng.choice(WORDS)} {rng.randint(1, 999)} {rng.choice(FORMS)}"


def parties_load(rng: random.Random) -> None:
    """Bulk rows straight into the table: the bench measures search, not the create service."""
    from apps.parties.models import Party, PartySequence

    missing = PARTIES - Party.objects.count()
    start = Party.objects.count()
    Party.objects.bulk_create(
        Party(
            number=f"K-{start + i + 1:05d}",
            is_customer=True,
            legal_name=name_for(rng),
            country="DE",
            currency="EUR",
            tax_id=f"DE{rng.randint(100_000_000, 999_999_999)}",
            email=f"office{start + i}@example.test",
        )
        for i in range(max(missing, 0))
    )
    PartySequence.objects.update_or_create(pk=1, defaults={"last_number": Party.objects.count()})


def query_for(rng: random.Random) -> str:
    from apps.parties.models import Party

    kind = rng.random()
    if kind < 0.5:  # a name with a typo: one letter dropped
        name = f"{rng.choice(NAMES)} {rng.choice(WORDS)}"
        cut = rng.randrange(1, len(name) - 1)
        return name[:cut] + name[cut + 1 :]
    if kind < 0.7:
        return rng.choice(NAMES)[:4]
    if kind < 0.85:
        return f"K-{rng.randint(1, PARTIES):05d}"
    return rng.choice(list(Party.objects.values_list("tax_id", flat=True)[:50]))[:6]


def main() -> None:
    tenant = bench_setup()
    from django.db import connection
    from django_tenants.utils import tenant_context

    from apps.parties.selectors import party_search

    rng = random.Random(4)  # noqa: S311 (made-up parties, not secrets)
    with tenant_context(tenant):
        parties_load(rng)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE parties_party")
        queries = [query_for(rng) for _ in range(QUERIES)]
        party_search("warm up")
        timings = []
        for query in queries:
            started = time.perf_counter()
            party_search(query)
            timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p95 = percentile(timings, 0.95)
    p50 = statistics.median(timings)
    print(f"party_search over {PARTIES:,} parties, {QUERIES} queries: p50 {p50:.1f} ms, p95 {p95:.1f} ms")


if __name__ == "__main__":
    main()
