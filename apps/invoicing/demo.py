"""Customers, articles and invoices for `make run`'s demo companies.

A handful of each, in every state an owner meets: drafts, issued, partly and fully paid
(one with Skonto), overdue, a credit note, and two recurring invoices (a monthly maintenance
contract that has billed its first months, a yearly one that is paused). Amounts are seeded,
so every machine shows the same.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from apps.catalog.models import Product, ProductKind
from apps.catalog.services import product_create
from apps.catalog.units import Unit
from apps.parties.models import Party
from apps.parties.services import party_create
from apps.taxes.models import TaxRate
from apps.tenants.countries import PROFILES
from apps.tenants.models import Tenant

from .models import Frequency
from .recurring_selectors import months_later
from .services import (
    DraftData,
    LineData,
    ScheduleData,
    credit_note_create,
    invoice_create,
    invoice_issue,
    invoices_mark_overdue,
    payment_record,
    recurring_invoice_create,
    recurring_invoice_pause,
    recurring_invoices_issue,
)

STANDARD = {"DE": "de-standard-19", "BE": "be-standard-21", "DO": "do-itbis-18"}
CUSTOMERS = {
    "DE": [("Müller & Söhne KG", "DE811907980"), ("Hotel Sonnenhof GmbH", ""), ("Café Central", "")],
    "BE": [("Brouwerij De Gentenaar BV", "BE0202239951"), ("Atelier Dupont SRL", ""), ("Café Central", "")],
    "DO": [("Supermercado La Fe SRL", "101014334"), ("Hotel Colonial", ""), ("Farmacia Carol", "")],
}
ARTICLES = [
    ("A-100", "Eichenbrett 2 m", ProductKind.GOODS, Unit.ONE, "24.90"),
    ("A-200", "Montagearbeiten", ProductKind.SERVICE, Unit.HOUR, "65.00"),
    ("A-300", "Anfahrt", ProductKind.SERVICE, Unit.ONE, "35.00"),
    ("A-400", "Einbauschrank nach Maß", ProductKind.GOODS, Unit.ONE, "1450.00"),
]


def invoicing_demo_seed(tenant: Tenant) -> None:
    tax = TaxRate.objects.get(code=STANDARD[tenant.country])
    currency, language = PROFILES[tenant.country].currency, PROFILES[tenant.country].language
    customers = [
        party_create(
            legal_name=name, country=tenant.country, tax_id=tax_id, is_customer=True, currency=currency,
            language=language,
            skonto_percent=Decimal("2") if index == 0 else Decimal("0"), skonto_days=10 if index == 0 else 0,
            payment_days=30, email=f"buchhaltung{index}@example.com",
        ).party
        for index, (name, tax_id) in enumerate(CUSTOMERS[tenant.country])
    ]  # fmt: skip
    products = [
        product_create(number=number, name=name, kind=kind, unit=unit, unit_price=Decimal(price), tax_code=tax)
        for number, name, kind, unit, price in ARTICLES
    ]
    today = datetime.date.today()
    for index in range(8):
        customer = customers[index % len(customers)]
        lines = [
            LineData(
                description=product.name,
                quantity=Decimal(1 + (index + position) % 4),
                unit_price=product.unit_price,
                unit_code=product.unit,
                tax_code=tax.code,
                product=product.pk,
            )
            for position, product in enumerate(products[: 2 + index % 3])
        ]
        invoice = invoice_create(data=DraftData(customer=customer.pk, lines=lines))
        if index >= 6:
            continue  # two drafts stay drafts
        issued_on = today - datetime.timedelta(days=40 - index * 6)
        invoice = invoice_issue(invoice=invoice, issue_date=issued_on)
        if index in (0, 1):  # paid within the Skonto days
            payment_record(invoice=invoice, amount=invoice.amount_due, paid_on=issued_on + datetime.timedelta(days=5))
        elif index == 2:
            payment_record(invoice=invoice, amount=(invoice.amount_due / 2).quantize(Decimal("0.01")), paid_on=today)
        elif index == 3:
            invoice_issue(invoice=credit_note_create(invoice=invoice), issue_date=today)
    _recurring_seed(customers, products, tax, today)
    invoices_mark_overdue(on=today)


def _recurring_seed(customers: list[Party], products: list[Product], tax: TaxRate, today: datetime.date) -> None:
    service = products[1]
    line = LineData(
        description=f"{service.name} {{month}} {{year}}",
        quantity=Decimal("4"),
        unit_price=service.unit_price,
        unit_code=service.unit,
        tax_code=tax.code,
        product=service.pk,
    )
    recurring_invoice_create(
        schedule=ScheduleData(name="Wartungsvertrag", start_date=months_later(today.replace(day=1), -2)),
        draft=DraftData(customer=customers[1].pk, lines=[line], notes="Leistungszeitraum {period}"),
    )
    yearly = recurring_invoice_create(
        schedule=ScheduleData(
            name="Jahresinspektion", start_date=months_later(today, 1), frequency=Frequency.YEARLY, auto_issue=False
        ),
        draft=DraftData(customer=customers[2].pk, lines=[line]),
    )
    recurring_invoice_pause(recurring=yearly)
    recurring_invoices_issue(on=today)
