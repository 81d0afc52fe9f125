"""E-invoice benchmark: generate a 10-line UBL, CII and signed e-CF (p50 target under 10 ms); validate them.

    python bench/einvoice.py [--renders 50] [--validations 30] [--reset]

Works in its own database, `kontor_bench_einvoice`, on the server of DATABASE_URL, with two
companies created the first time and reused:

- `bench-einvoice` (DE): one issued 10-line invoice to an Austrian business (intra-community
  supply, so no German-only contact rules apply), rendered as UBL and CII;
- `bench-ecf` (DO): the Dominican demo's e-NCF ranges and throw-away certificate
  (`ecf_demo_seed`) and one issued 10-line tax credit e-CF (type 31) at 18 %, 16 % and exempt.

Generation is timed three ways: loading the invoice as the API does (`invoice_detail`), generating
from the loaded invoice (the 10 ms target), and both (one API download). The e-CF is
built and signed (`document_sign(ecf_document(...))`) with the certificate decrypted once, as a
worker that keeps it does. Each validation runs the product's validator on the rendered bytes
(XSD and Schematron; DGII's XSD for e-CF), after one warm-up that compiles them (printed
separately: it is paid once per worker process).
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

from benchdb import bench_company, bench_tenant, percentile

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
SLUG = "bench-einvoice"
ECF_SLUG = "bench-ecf"
ECF_RNC = "131246796"
ECF_BUYER_RNC = "101014334"
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


def ecf_invoice_ready() -> tuple[int, Any]:
    """The id of the Dominican company's issued 10-line tax credit e-CF, and the company.

    Created on the first run with the demo's ranges and certificate; the certificate is valid for a
    year, so a bench database older than that needs `--reset`.
    """
    from django_tenants.utils import tenant_context

    from apps.einvoicing.ecf.demo import ecf_demo_seed
    from apps.invoicing.models import Invoice
    from apps.invoicing.services import DraftData, LineData, invoice_create, invoice_issue
    from apps.parties.services import party_create

    tenant = bench_tenant(
        slug=ECF_SLUG,
        name="Bench Servicios SRL",
        country="DO",
        tax_id=ECF_RNC,
        address_line="Calle El Conde 101",
        city="Santo Domingo",
    )
    with tenant_context(tenant):
        existing = Invoice.objects.filter(number__startswith="E31").order_by("pk").first()
        if existing is not None:
            return existing.pk, tenant
        ecf_demo_seed(tenant)
        customer = party_create(
            is_customer=True, legal_name="Supermercado Bench SRL", country="DO", tax_id=ECF_BUYER_RNC, currency="DOP"
        ).party
        codes = ("do-itbis-18", "do-itbis-16", "do-exento")
        lines = [
            LineData(
                description=f"Artículo {n}: botellón de agua {n} gal",
                quantity=Decimal(n),
                unit_price=Decimal("150.25") + n,
                tax_code=codes[n % len(codes)],
            )
            for n in range(1, 11)
        ]
        return invoice_issue(invoice=invoice_create(data=DraftData(customer=customer.pk, lines=lines))).pk, tenant


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


def _ecf_render() -> Callable[[Any], bytes]:
    """Build and sign, with the certificate decrypted and checked once, as a worker that keeps it."""
    from apps.einvoicing.ecf.signing import document_sign, signing_certificate
    from apps.einvoicing.ecf.xml import ecf_document

    signer = signing_certificate()
    return lambda invoice: document_sign(ecf_document(invoice), signer=signer)


def measure(
    *, label: str, render: Callable[[Any], bytes], profile: str, invoice_id: int, args: argparse.Namespace
) -> bool | None:
    """Prints the figures of one format; whether generation misses the target, None if invalid.

    Three generation figures: loading the invoice as the API does (`invoice_detail`, shared by
    every format and by the invoice page), generating from the loaded invoice (the target applies
    to this: it is what the format costs), and both together (what one API download costs).
    """
    from apps.einvoicing.validation import einvoice_validate
    from apps.invoicing.selectors import invoice_detail

    document = _load_and_render(render, invoice_id)  # warm-up: imports, templates
    loaded = invoice_detail(pk=invoice_id)
    loads = timed(functools.partial(invoice_detail, pk=invoice_id), args.renders)
    generations = timed(functools.partial(render, loaded), args.renders)
    renders = timed(functools.partial(_load_and_render, render, invoice_id), args.renders)
    started = time.perf_counter()
    verdict = einvoice_validate(document, profile=profile)
    first = (time.perf_counter() - started) * 1000
    if not verdict.valid:
        print(f"  {label}: INVALID {[finding.rule_id for finding in verdict.errors()]}")
        return None
    validations = timed(functools.partial(einvoice_validate, document, profile=profile), args.validations)
    p50 = statistics.median(generations)
    print(f" {label}")
    print(report("load the invoice (invoice_detail)", loads))
    print(
        report("generate from the loaded invoice", generations)
        + f"   ({p50 / TARGET_MS:.2f} x the {TARGET_MS} ms target)"
    )
    print(report("load + generate (one API download)", renders))
    print(report(f"validate {profile}", validations) + f"   (first, compiling: {first:.0f} ms)")
    return p50 >= TARGET_MS


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

    documents: dict[str, tuple[Callable[[Any], bytes], str]] = {
        "UBL (Peppol BIS 3.0)": (functools.partial(ubl_render, profile="peppol"), "peppol"),
        "CII (EN 16931)": (functools.partial(cii_render, profile="en16931"), "en16931"),
    }
    verdicts = []
    print(f"einvoice, 10 lines, {args.renders} renders and {args.validations} validations each:")
    with tenant_context(tenant):
        invoice_id = invoice_ready(tenant)
        for label, (render, profile) in documents.items():
            verdicts.append(measure(label=label, render=render, profile=profile, invoice_id=invoice_id, args=args))
    ecf_id, ecf_tenant = ecf_invoice_ready()
    with tenant_context(ecf_tenant):
        verdicts.append(
            measure(label="e-CF 31 (signed)", render=_ecf_render(), profile="ecf", invoice_id=ecf_id, args=args)
        )
    return 0 if all(verdict is False for verdict in verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
