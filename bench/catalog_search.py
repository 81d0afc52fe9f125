"""Catalogue search benchmark: product_search over 100,000 articles, p95 target under 100 ms.

    python bench/catalog_search.py [--products 100000] [--queries 200] [--reset]

Works in its own database, `kontor_bench_catalog`, on the server of DATABASE_URL, with the
company `bench-catalog` (DE, SKR 03). Products are generated from seeded word lists (a
hardware, office and services catalogue: "Holzschraube Edelstahl 4x40 mm", numbers
"P-000123") and loaded with bulk_create; a catalogue already at the requested size is reused.
The queries are a seeded mix of number prefixes, whole words, misspelt words and two-word
phrases, run through the same selector as the API's ?search=.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

from benchdb import bench_company, percentile

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
SLUG = "bench-catalog"
DATABASE = "kontor_bench_catalog"
NOUNS = [
    "Holzschraube",
    "Spanplattenschraube",
    "Sechskantschraube",
    "Mutter",
    "Unterlegscheibe",
    "Dübel",
    "Nagel",
    "Niete",
    "Winkel",
    "Scharnier",
    "Türgriff",
    "Schloss",
    "Zylinder",
    "Kabel",
    "Stecker",
    "Steckdose",
    "Schalter",
    "Leuchte",
    "Lampe",
    "Akku",
    "Batterie",
    "Bohrer",
    "Fräser",
    "Sägeblatt",
    "Schleifpapier",
    "Pinsel",
    "Farbe",
    "Lack",
    "Kleber",
    "Silikon",
    "Dichtung",
    "Rohr",
    "Fitting",
    "Ventil",
    "Schlauch",
    "Klemme",
    "Kabelbinder",
    "Klebeband",
    "Folie",
    "Karton",
    "Ordner",
    "Papier",
    "Toner",
    "Tinte",
    "Stift",
    "Monitor",
    "Tastatur",
    "Maus",
    "Router",
    "Switch",
    "Laptop",
    "Beratung",
    "Montage",
    "Wartung",
    "Reparatur",
    "Schulung",
    "Lieferung",
    "Entsorgung",
    "Reinigung",
    "Prüfung",
    "Planung",
]
QUALITIES = [
    "Edelstahl",
    "verzinkt",
    "Messing",
    "Kupfer",
    "Aluminium",
    "Kunststoff",
    "Nylon",
    "schwarz",
    "weiss",
    "grau",
    "rot",
    "blau",
    "grün",
    "matt",
    "glänzend",
    "Premium",
    "Standard",
    "Profi",
    "Eco",
    "Industrie",
    "rostfrei",
    "gehärtet",
    "flexibel",
    "wetterfest",
    "Express",
    "vor-Ort",
]
SIZES = ("3x30 mm", "4x40 mm", "5x60 mm", "6x80 mm", "8 mm", "10 mm", "1 m", "5 m", "25 m", "1 l", "5 l", "A4", "A3")


def setup(*, reset: bool) -> Any:
    return bench_company(database=DATABASE, slug=SLUG, name="Bench Catalog GmbH", reset=reset)


def product_name(rng: random.Random) -> str:
    return f"{rng.choice(NOUNS)} {rng.choice(QUALITIES)} {rng.choice(SIZES)}"


def load(*, count: int, rng: random.Random) -> None:
    """Fills the catalogue up to `count` products, 5,000 rows an INSERT, then refreshes the statistics."""
    from django.db import connection

    from apps.catalog.models import Product
    from apps.catalog.units import Unit
    from apps.ledger.models import Account, AccountRole
    from apps.taxes.models import TaxRate

    have = Product.objects.count()
    if have >= count:
        return
    tax_codes = list(TaxRate.objects.filter(code__in=["de-standard-19", "de-reduced-7"]))
    revenue = Account.objects.get(role=AccountRole.REVENUE)
    units = Unit.values
    started = time.perf_counter()
    for start in range(have, count, 5000):
        Product.objects.bulk_create(
            Product(
                number=f"P-{n:06d}",
                name=product_name(rng),
                unit=rng.choice(units),
                unit_price=Decimal(rng.randint(1, 5_000_000)) / 10_000,
                currency="EUR",
                tax_code=rng.choice(tax_codes),
                revenue_account=revenue,
                is_active=rng.random() > 0.05,
            )
            for n in range(start, min(start + 5000, count))
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE catalog_product")
    print(f"loaded {count - have:,} products in {time.perf_counter() - started:.1f} s")


def misspell(word: str, rng: random.Random) -> str:
    """One typo: a letter dropped, doubled or two neighbours swapped."""
    i = rng.randrange(1, len(word) - 1)
    return rng.choice(
        [word[:i] + word[i + 1 :], word[:i] + word[i] + word[i:], word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :]]
    )


def queries(*, count: int, products: int, rng: random.Random) -> list[str]:
    kinds = [
        lambda: f"P-{rng.randrange(products):06d}"[: rng.randint(4, 8)],
        lambda: rng.choice(NOUNS).lower(),
        lambda: misspell(rng.choice(NOUNS), rng),
        lambda: f"{rng.choice(NOUNS)} {rng.choice(QUALITIES)}",
    ]
    return [kinds[i % len(kinds)]() for i in range(count)]


def measure(search_terms: list[str]) -> list[float]:
    """Milliseconds per product_search call, after a warm-up of the connection and caches."""
    from apps.catalog.selectors import product_search

    for term in search_terms[:10]:
        product_search(query=term)
    timings = []
    for term in search_terms:
        started = time.perf_counter()
        product_search(query=term, limit=20)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--reset", action="store_true", help="drop the bench database first")
    args = parser.parse_args()
    tenant = setup(reset=args.reset)
    from django_tenants.utils import tenant_context

    rng = random.Random(2026)  # noqa: S311 (a made-up catalogue, not secrets)
    with tenant_context(tenant):
        load(count=args.products, rng=rng)
        timings = measure(queries(count=args.queries, products=args.products, rng=rng))
    p50 = statistics.median(timings)
    p95 = percentile(timings, 0.95)
    print(f"product_search over {args.products:,} products, {len(timings)} queries:")
    print(f"  p50 {p50:.1f} ms   p95 {p95:.1f} ms   max {max(timings):.1f} ms   (target p95 < 100 ms)")
    return 0 if p95 < 100 else 1


if __name__ == "__main__":
    sys.exit(main())
