"""Demo data for e-invoicing: a customer reachable on Peppol and an invoice ready to export.

The German demo company sells to an Austrian business (intra-community supply), the Belgian one
to a Belgian business found by its enterprise number, so `make run` shows a Peppol document that
the official rules accept, with the bank details and contact the formats need.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from apps.invoicing.models import InvoicingSettings
from apps.invoicing.services import DraftData, LineData, invoice_create, invoice_issue
from apps.parties.services import party_create
from apps.tenants.models import Tenant

# country: (IBAN, customer name, country, VAT id, Peppol id, city, post code, tax code, order number)
DEMO_PEPPOL = {
    "DE": (
        "DE89370400440532013000",
        "Alpenholz Handels GmbH",
        "AT",
        "ATU13585627",
        "9914:ATU13585627",
        "Innsbruck",
        "6020",
        "de-intra-eu",
        "AT-2026-118",
    ),
    "BE": (
        "BE68539007547034",
        "Brasserie Verbruggen NV",
        "BE",
        "BE0477472701",
        "0208:0477472701",
        "Antwerpen",
        "2000",
        "be-standard-21",
        "PO-7781",
    ),
}


def peppol_demo_seed(tenant: Tenant) -> None:
    if tenant.country not in DEMO_PEPPOL:
        return
    iban, name, country, tax_id, peppol_id, city, postal_code, tax_code, reference = DEMO_PEPPOL[tenant.country]
    InvoicingSettings.objects.filter(pk=1, iban="").update(iban=iban)
    # The contact German e-invoice rules ask for (BR-DE-2), so XRechnung works in the demo too.
    InvoicingSettings.objects.filter(pk=1, contact_phone="").update(
        contact_name="Anna Buchhaltung", contact_phone="+49 221 4711 0", contact_email="rechnung@demo.example"
    )
    customer = party_create(
        is_customer=True,
        legal_name=name,
        country=country,
        tax_id=tax_id,
        peppol_id=peppol_id,
        currency="EUR",
        addresses=[{"line1": "Industriestraße 4", "postal_code": postal_code, "city": city, "country": country}],
    ).party
    lines = [
        LineData(description="Werkbank Eiche", quantity=Decimal("2"), unit_price=Decimal("1249.00"), tax_code=tax_code),
        LineData(description="Montage", quantity=Decimal("3.5"), unit_price=Decimal("65.00"), tax_code=tax_code),
    ]
    today = datetime.date.today()
    draft = invoice_create(
        data=DraftData(customer=customer.pk, lines=lines, buyer_reference=reference, delivery_date=today)
    )
    invoice_issue(invoice=draft, issue_date=today)
