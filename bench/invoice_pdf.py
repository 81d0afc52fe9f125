"""Invoice PDF benchmark: render a 10-line invoice with a GiroCode, p95 target under 300 ms.

    python bench/invoice_pdf.py [--renders 30] [--reset]

Works in its own database, `kontor_bench_invoice_pdf`, on the server of DATABASE_URL, with the
company `bench-invoice-pdf` (DE, SKR 03). One issued invoice is created the first time and
reused; each render loads it as the API does (`invoice_detail`) and lays it out with WeasyPrint,
after one warm-up render (fonts, templates, imports).
"""

from __future__ import annotations

import argparse
import datetime
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

from benchdb import bench_company, percentile

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
SLUG = "bench-invoice-pdf"
DATABASE = "kontor_bench_invoice_pdf"


def setup(*, reset: bool) -> Any:
    return bench_company(database=DATABASE, slug=SLUG, name="Bench Rechnung GmbH", reset=reset)


def invoice_ready() -> int:
    """The id of the issued 10-line invoice, created on the first run."""
    from apps.invoicing.models import Invoice, InvoicingSettings
    from apps.invoicing.services import DraftData, LineData, invoice_create, invoice_issue
    from apps.parties.models import Address, Party

    existing = Invoice.objects.exclude(number="").order_by("pk").first()
    if existing is not None:
        return existing.pk
    InvoicingSettings.objects.update_or_create(
        pk=1,
        defaults={"iban": "DE89370400440532013000", "bic": "COBADEFFXXX", "bank_name": "Commerzbank"},
    )
    customer = Party.objects.create(
        number="K-00001",
        is_customer=True,
        legal_name="Müller & Söhne KG",
        country="DE",
        currency="EUR",
        tax_id="DE811907980",
        language="de",
        payment_days=30,
        skonto_percent=Decimal("2"),
        skonto_days=10,
    )
    Address.objects.create(party=customer, line1="Lindenallee 7", postal_code="50667", city="Köln", country="DE")
    lines = [
        LineData(
            description=f"Position {n}: Eichenbrett {n} m, gehobelt",
            quantity=Decimal(n) + Decimal("0.5"),
            unit_price=Decimal("19.99") + n,
            discount_percent=Decimal("5") if n % 3 == 0 else Decimal("0"),
            tax_code="de-standard-19" if n % 2 else "de-reduced-7",
        )
        for n in range(1, 11)
    ]
    draft = invoice_create(data=DraftData(customer=customer.pk, lines=lines, delivery_date=datetime.date(2031, 3, 1)))
    return invoice_issue(invoice=draft, issue_date=datetime.date(2031, 3, 2)).pk


def measure(invoice_id: int, renders: int) -> list[float]:
    """Milliseconds per load-and-render, after one warm-up render."""
    from apps.invoicing.pdf import invoice_pdf
    from apps.invoicing.selectors import invoice_detail

    assert invoice_pdf(invoice=invoice_detail(pk=invoice_id)).startswith(b"%PDF-")
    timings = []
    for _ in range(renders):
        started = time.perf_counter()
        invoice_pdf(invoice=invoice_detail(pk=invoice_id))
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--renders", type=int, default=30)
    parser.add_argument("--reset", action="store_true", help="drop the bench database first")
    args = parser.parse_args()
    tenant = setup(reset=args.reset)
    from django_tenants.utils import tenant_context

    with tenant_context(tenant):
        timings = measure(invoice_ready(), args.renders)
    p50 = statistics.median(timings)
    p95 = percentile(timings, 0.95)
    print(f"invoice_pdf, 10 lines with GiroCode, {len(timings)} renders:")
    print(f"  p50 {p50:.1f} ms   p95 {p95:.1f} ms   max {max(timings):.1f} ms   (target < 300 ms)")
    return 0 if p95 < 300 else 1


if __name__ == "__main__":
    sys.exit(main())
