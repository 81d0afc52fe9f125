"""E-invoice benchmark: generate a 10-line UBL (Peppol) and CII (EN 16931), p50 target under 10 ms; validate them.

    python bench/einvoice.py [--renders 50] [--validations 30] [--reset]

Works in its own database, `kontor_bench_einvoice`, on the server of DATABASE_URL, with the
company `bench-einvoice` (DE). One issued 10-line invoice to an Austrian business (intra-community
supply, so no German-only contact rules apply) is created the first time and reused. Each render
loads the invoice as the API does (`invoice_detail`) and serialises it; each validation runs the
official XSD and Schematron layers on the rendered bytes, after one warm-up that compiles them
(printed separately: it is paid once per worker process). e-CF is not measured here: it needs a
Dominican company with a signing certificate.
"""

from __future__ import annotations

import argparse
import datetime
import functools
import statistics
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from benchdb import bench_company, percentile

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
SLUG = "bench-einvoice"
DATABASE = "kontor_bench_einvoice"
TARGET_MS = 10


def setup(*, reset: bool) -> Any:
    return bench_company(database=DATABASE, slug=SLUG, name="Bench E-Rechnung GmbH", reset=reset)


def invoice_ready(tenant: Any) -> int:
    """The id of the issued 10-line invoice, created on the first run with the seller details it needs."""
    from apps.invoicing.models import Invoice, InvoicingSettings
    from apps.invoicing.services import DraftData, LineData, invoice_create, invoice_issue
    from apps.parties.services import party_create

    existing = Invoice.objects.exclude(number="").order_by("pk").first()
    if existing is not None:
        return existing.pk
    tenant.tax_id, tenant.address_line, tenant.postal_code, tenant.city = (
        "DE136695976",
        "Werkstraße 12",
        "50667",
        "Köln",
    )
    tenant.save(update_fields=["tax_id", "address_line", "postal_code", "city"])
    InvoicingSettings.objects.update_or_create(pk=1, defaults={"iban": "DE89370400440532013000", "bic": ""})
    customer = party_create(
        is_customer=True,
        legal_name="Alpenholz Handels GmbH",
        country="AT",
        tax_id="ATU13585627",
        peppol_id="9914:ATU13585627",
        currency="EUR",
        addresses=[{"line1": "Maria-Theresien-Straße 3", "postal_code": "6020", "city": "Innsbruck", "country": "AT"}],
    ).party
    lines = [
        LineData(
            description=f"Position {n}: Werkbank Eiche {n}",
            quantity=Decimal(n) + Decimal("0.5"),
            unit_price=Decimal("119.99") + n,
            tax_code="de-intra-eu",
        )
        for n in range(1, 11)
    ]
    draft = invoice_create(
        data=DraftData(
            customer=customer.pk, lines=lines, delivery_date=datetime.date(2031, 3, 1), buyer_reference="AT-7781"
        )
    )
    return invoice_issue(invoice=draft, issue_date=datetime.date(2031, 3, 2)).pk


def timed(work: Callable[[], object], count: int) -> list[float]:
    timings = []
    for _ in range(count):
        started = time.perf_counter()
        work()
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def _load_and_render(render: Callable[[Any], bytes], invoice_id: int) -> bytes:
    """As the API does it: load the invoice with what it shows, then serialise it."""
    from apps.invoicing.selectors import invoice_detail

    return render(invoice_detail(pk=invoice_id))


def report(label: str, timings: list[float]) -> str:
    p50, p95 = statistics.median(timings), percentile(timings, 0.95)
    return f"  {label:<34} p50 {p50:6.1f} ms   p95 {p95:6.1f} ms   max {max(timings):6.1f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--renders", type=int, default=50)
    parser.add_argument("--validations", type=int, default=30)
    parser.add_argument("--reset", action="store_true", help="drop the bench database first")
    args = parser.parse_args()
    tenant = setup(reset=args.reset)
    from django_tenants.utils import tenant_context

    from apps.einvoicing.cii import cii_render
    from apps.einvoicing.ubl import ubl_render
    from apps.einvoicing.validation import einvoice_validate

    documents: dict[str, tuple[Callable[[Any], bytes], str]] = {
        "UBL (Peppol BIS 3.0)": (functools.partial(ubl_render, profile="peppol"), "peppol"),
        "CII (EN 16931)": (functools.partial(cii_render, profile="en16931"), "en16931"),
    }
    slow = False
    print(f"einvoice, 10 lines, {args.renders} renders and {args.validations} validations each:")
    with tenant_context(tenant):
        invoice_id = invoice_ready(tenant)
        for label, (render, profile) in documents.items():
            document = _load_and_render(render, invoice_id)  # warm-up: imports, templates
            renders = timed(functools.partial(_load_and_render, render, invoice_id), args.renders)
            started = time.perf_counter()
            verdict = einvoice_validate(document, profile=profile)
            first = (time.perf_counter() - started) * 1000
            if not verdict.valid:
                print(f"  {label}: INVALID {[finding.rule_id for finding in verdict.errors()]}")
                return 1
            validations = timed(functools.partial(einvoice_validate, document, profile=profile), args.validations)
            print(report(f"generate {label}", renders) + f"   (target p50 < {TARGET_MS} ms)")
            print(report(f"validate {profile}", validations) + f"   (first, compiling: {first:.0f} ms)")
            slow = slow or statistics.median(renders) >= TARGET_MS
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
