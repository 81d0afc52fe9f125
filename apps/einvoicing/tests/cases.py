"""The shared table of invoice cases every e-invoice format is tested against.

Each case is a plain function that creates an *issued* invoice (or credit note) through the
invoicing services, in the current tenant's schema: German cases run in company alpha, Belgian
ones in beta (`Case.tenant`). The UBL and CII tests run every case through the official
validators, so the table is the proof that the exports are right: keep it broad and realistic.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection

from apps.invoicing.models import Invoice, InvoicingSettings
from apps.invoicing.services import (
    AllowanceChargeData,
    DraftData,
    LineData,
    credit_note_create,
    debit_note_create,
    invoice_create,
    invoice_issue,
    invoice_update,
)
from apps.parties.models import Party
from apps.parties.services import party_create

ISSUED_ON = datetime.date(2026, 3, 2)
DELIVERED_ON = datetime.date(2026, 2, 26)

# The seller's address and bank, per company country: what a real company fills in first.
SELLERS = {
    "DE": {"address_line": "Werkstraße 12", "postal_code": "50667", "city": "Köln", "iban": "DE89370400440532013000"},
    "BE": {"address_line": "Rue de la Loi 16", "postal_code": "1000", "city": "Brussel", "iban": "BE68539007547034"},
}


def seller_complete() -> None:
    """Gives the current company the address and IBAN an e-invoice needs (idempotent)."""
    tenant = connection.tenant  # type: ignore[attr-defined]
    details = SELLERS[tenant.country]
    tenant.address_line, tenant.postal_code, tenant.city = (
        details["address_line"],
        details["postal_code"],
        details["city"],
    )
    tenant.save(update_fields=["address_line", "postal_code", "city"])
    InvoicingSettings.objects.update_or_create(pk=1, defaults={"iban": details["iban"], "bic": ""})


def customer_create(
    *,
    name: str,
    country: str,
    tax_id: str = "",
    peppol_id: str = "",
    city: str = "Berlin",
    postal_code: str = "10115",
    currency: str = "EUR",
) -> Party:
    return party_create(
        is_customer=True,
        legal_name=name,
        country=country,
        tax_id=tax_id,
        peppol_id=peppol_id,
        currency=currency,
        email="einkauf@example.com",
        addresses=[{"line1": "Hauptstraße 5", "postal_code": postal_code, "city": city, "country": country}],
    ).party


def _line(description: str, quantity: str, price: str, tax_code: str, **extra: Any) -> LineData:
    return LineData(
        description=description, quantity=Decimal(quantity), unit_price=Decimal(price), tax_code=tax_code, **extra
    )


def _issued(customer: Party, lines: list[LineData], **header: Any) -> Invoice:
    seller_complete()
    header.setdefault("delivery_date", DELIVERED_ON)
    draft = invoice_create(data=DraftData(customer=customer.pk, lines=lines, **header))
    return invoice_issue(invoice=draft, issue_date=ISSUED_ON)


def _german_business() -> Party:
    return customer_create(
        name="Müller Haustechnik GmbH", country="DE", tax_id="DE811569869", peppol_id="9930:DE811569869"
    )


def _belgian_business() -> Party:
    return customer_create(
        name="Atelier Dupont SRL",
        country="BE",
        tax_id="BE0477472701",
        peppol_id="0208:0477472701",
        city="Liège",
        postal_code="4000",
    )


# German company (alpha) ---------------------------------------------------------------------


def case_standard_mixed_rates() -> Invoice:
    """A craftsman's invoice: work at 19 %, a book at 7 %, Skonto terms, order number as BT-10."""
    return _issued(
        _german_business(),
        [
            _line("Montage Heizkörper", "6.5", "68.00", "de-standard-19", unit_code="HUR"),
            _line("Thermostatventil", "4", "23.90", "de-standard-19"),
            _line("Fachbuch Heizungsbau", "1", "39.80", "de-reduced-7"),
        ],
        buyer_reference="PO-4711",
        skonto_percent=Decimal("2"),
        skonto_days=7,
        payment_days=30,
    )


def case_allowances_charges() -> Invoice:
    """Line discount, document allowances by percent and by amount, and freight as a charge."""
    return _issued(
        _german_business(),
        [
            _line("Fliesen 60x60", "42.5", "31.20", "de-standard-19", unit_code="MTK", discount_percent=Decimal("5")),
            _line("Fliesenkleber", "12", "18.45", "de-standard-19"),
            _line("Fachzeitschrift Abo", "1", "64.20", "de-reduced-7"),
        ],
        allowances_charges=[
            AllowanceChargeData(reason="Treuerabatt", tax_code="de-standard-19", percent=Decimal("3")),
            AllowanceChargeData(reason="Gutschein", tax_code="de-reduced-7", amount=Decimal("10.00")),
            AllowanceChargeData(reason="Fracht", tax_code="de-standard-19", is_charge=True, amount=Decimal("49.00")),
            AllowanceChargeData(reason="Verpackung", tax_code="de-standard-19", is_charge=True, percent=Decimal("1.5")),
        ],
        buyer_reference="PO-2026-118",
    )


def case_reverse_charge() -> Invoice:
    """Construction work for another builder: § 13b UStG, the buyer owes the VAT (AE)."""
    return _issued(
        _german_business(),
        [
            _line("Estricharbeiten Bauvorhaben Ehrenfeld", "120", "24.50", "de-reverse-charge", unit_code="MTK"),
            _line("Baustelleneinrichtung", "1", "350.00", "de-reverse-charge"),
        ],
        buyer_reference="BV-Ehrenfeld",
    )


def case_intra_community() -> Invoice:
    """Goods delivered to an Austrian business: tax-free intra-community supply (K)."""
    customer = customer_create(
        name="Alpenholz Handels GmbH",
        country="AT",
        tax_id="ATU13585627",
        peppol_id="9914:ATU13585627",
        city="Innsbruck",
        postal_code="6020",
    )
    return _issued(
        customer,
        [_line("Werkbank Eiche", "2", "1249.00", "de-intra-eu"), _line("Schraubstock", "2", "189.50", "de-intra-eu")],
        buyer_reference="AT-7781",
    )


def case_export() -> Invoice:
    """Machines exported to Switzerland: tax-free export (G); the buyer is found by its GLN."""
    customer = customer_create(
        name="Bergbau Technik AG",
        country="CH",
        peppol_id="0088:7640123450004",
        city="Zürich",
        postal_code="8001",
    )
    return _issued(customer, [_line("Hydraulikpresse HP-40", "1", "18900.00", "de-export")], buyer_reference="CH-55")


def case_exempt_with_reason() -> Invoice:
    """A course exempt under § 4 UStG next to taxed material: E needs its reason (BT-120/121)."""
    return _issued(
        _german_business(),
        [
            _line("Schulung Sicherheitsunterweisung", "8", "95.00", "de-exempt", unit_code="HUR"),
            _line("Schulungsunterlagen", "8", "12.50", "de-standard-19"),
        ],
        buyer_reference="Schulung-03",
    )


def case_zero_rated() -> Invoice:
    """A photovoltaic installation at 0 % (§ 12 Abs. 3 UStG, category Z) with a 19 % service."""
    return _issued(
        _german_business(),
        [
            _line("PV-Modul 420 Wp", "24", "189.00", "de-zero"),
            _line("Wartungsvertrag", "1", "240.00", "de-standard-19"),
        ],
        buyer_reference="PV-Dach-2",
    )


def case_credit_note() -> Invoice:
    """A full credit note for the mixed-rate invoice, allowances included."""
    note = credit_note_create(invoice=case_allowances_charges())
    return invoice_issue(invoice=note, issue_date=ISSUED_ON + datetime.timedelta(days=3))


def case_credit_note_partial() -> Invoice:
    """Two of the six hours credited after a complaint."""
    note = credit_note_create(invoice=case_standard_mixed_rates(), lines=[(1, Decimal("2"))])
    return invoice_issue(invoice=note, issue_date=ISSUED_ON + datetime.timedelta(days=5))


def _debit_note(invoice: Invoice, lines: list[LineData], reason: str) -> Invoice:
    """A debit note charging `lines` on top of `invoice`, issued a week after it (UNTDID 383)."""
    draft = debit_note_create(invoice=invoice, reason=reason)
    invoice_update(
        invoice=draft,
        data=DraftData(
            customer=invoice.customer_id,
            lines=lines,
            notes=reason,
            delivery_date=DELIVERED_ON,
            buyer_reference=invoice.buyer_reference,
        ),
    )
    return invoice_issue(invoice=draft, issue_date=ISSUED_ON + datetime.timedelta(days=7))


def case_debit_note() -> Invoice:
    """Forgotten material and travel charged after the mixed-rate invoice."""
    return _debit_note(
        case_standard_mixed_rates(),
        [
            _line("Kupferrohr 15 mm, nachberechnet", "12", "8.45", "de-standard-19"),
            _line("Anfahrt", "1", "45.00", "de-standard-19"),
        ],
        "Nachberechnung Material und Anfahrt",
    )


def case_foreign_currency() -> Invoice:
    """A USD invoice of a EUR company: VAT is also stated in EUR (BT-6, BT-111)."""
    customer = customer_create(
        name="Müller Trading GmbH",
        country="DE",
        tax_id="DE129273398",
        peppol_id="9930:DE129273398",
        currency="USD",
    )
    return _issued(
        customer,
        [_line("Beratung Exportprojekt", "12", "145.00", "de-standard-19", unit_code="HUR")],
        currency="USD",
        exchange_rate=Decimal("0.92165"),
        buyer_reference="USD-PO-19",
    )


def case_prepaid() -> Invoice:
    """A final invoice after a down payment: BT-113 is deducted from the amount due."""
    return _issued(
        _german_business(),
        [_line("Badsanierung komplett", "1", "14850.00", "de-standard-19")],
        prepaid_amount=Decimal("5000.00"),
        buyer_reference="Bad-Schlussrechnung",
    )


def case_cash_rounding() -> Invoice:
    """Rounded to 5 cents for cash payment: BT-114."""
    return _issued(
        _german_business(),
        [_line("Kleinmaterial", "3", "4.33", "de-standard-19")],
        rounding_increment=Decimal("0.05"),
        buyer_reference="Kasse",
    )


def case_three_decimal_prices() -> Invoice:
    """Fuel and screws priced with three and four decimals; amounts stay at cents."""
    return _issued(
        _german_business(),
        [
            _line("Diesel", "83.27", "1.679", "de-standard-19", unit_code="LTR"),
            _line("Senkkopfschraube 4x40", "1250", "0.0349", "de-standard-19"),
        ],
        buyer_reference="Tankkarte-03",
    )


def case_price_per_hundred() -> Invoice:
    """Screws quoted per 100 pieces (BT-149 base quantity)."""
    return _issued(
        _german_business(),
        [_line("Spanplattenschraube 5x60", "2500", "7.90", "de-standard-19", base_quantity=Decimal("100"))],
        buyer_reference="Lager-7",
    )


def case_public_customer_leitweg() -> Invoice:
    """A town hall found by its Leitweg-ID, which is also the buyer reference (BR-DE-15)."""
    customer = customer_create(
        name="Stadt Köln – Gebäudewirtschaft",
        country="DE",
        peppol_id="0204:05315-12345-85",
        city="Köln",
        postal_code="50667",
    )
    return _issued(
        customer,
        [_line("Reparatur Fenster Grundschule", "14", "58.00", "de-standard-19", unit_code="HUR")],
        buyer_reference="05315-12345-85",
        payment_days=30,
    )


def case_many_lines() -> Invoice:
    """A long materials list: 30 lines at two rates."""
    lines = [
        _line(f"Material Pos. {n}", f"{n}.5", f"{n * 3}.{n:02d}", "de-standard-19" if n % 3 else "de-reduced-7")
        for n in range(1, 31)
    ]
    return _issued(_german_business(), lines, buyer_reference="Sammelrechnung-03")


# Belgian company (beta) ---------------------------------------------------------------------


def case_belgian_rates() -> Invoice:
    """A Belgian invoice at 21, 12, 6 and 0 %."""
    return _issued(
        _belgian_business(),
        [
            _line("Conception graphique", "10", "85.00", "be-standard-21", unit_code="HUR"),
            _line("Repas d'affaires", "2", "42.00", "be-reduced-12"),
            _line("Livres", "3", "24.95", "be-reduced-6"),
            _line("Journaux", "5", "2.50", "be-zero"),
        ],
        buyer_reference="BC-2026-044",
    )


def case_belgian_reverse_charge() -> Invoice:
    """Renovation for a Belgian VAT-registered business: autoliquidation (AE), buyer by VAT id (9925)."""
    customer = customer_create(
        name="Immo Verbruggen NV",
        country="BE",
        tax_id="BE0202239951",
        peppol_id="9925:BE0202239951",
        city="Antwerpen",
        postal_code="2000",
    )
    return _issued(
        customer,
        [_line("Renovatiewerken", "36", "55.00", "be-reverse-charge", unit_code="HUR")],
        buyer_reference="Werf-12",
    )


def case_belgian_intra_community() -> Invoice:
    """Furniture delivered to a Dutch business with a volume discount and transport: K, both VAT ids."""
    customer = customer_create(
        name="Meubelhuis Van Dijk BV",
        country="NL",
        tax_id="NL004495445B01",
        peppol_id="9944:NL004495445B01",
        city="Rotterdam",
        postal_code="3011 AA",
    )
    return _issued(
        customer,
        [
            _line("Eettafel eik", "3", "1180.00", "be-intra-eu"),
            _line("Stoel eik", "12", "215.50", "be-intra-eu"),
        ],
        allowances_charges=[
            AllowanceChargeData(reason="Volumekorting", tax_code="be-intra-eu", percent=Decimal("4")),
            AllowanceChargeData(reason="Transport", tax_code="be-intra-eu", is_charge=True, amount=Decimal("180.00")),
        ],
        buyer_reference="NL-PO-3321",
    )


def case_belgian_exempt() -> Invoice:
    """A training course exempt under art. 44 next to course material at 21 %."""
    return _issued(
        _belgian_business(),
        [
            _line("Formation sécurité", "2", "450.00", "be-exempt", unit_code="DAY"),
            _line("Support de cours", "12", "18.00", "be-standard-21"),
        ],
        buyer_reference="FORM-2026-07",
    )


def case_belgian_export() -> Invoice:
    """Design work for a US client, invoiced in EUR as an export (G); the client is found by its GLN."""
    customer = customer_create(
        name="Brooklyn Print Co.",
        country="US",
        peppol_id="0088:7640123450004",
        city="New York",
        postal_code="11201",
    )
    return _issued(
        customer,
        [_line("Brand identity package", "1", "4800.00", "be-export")],
        buyer_reference="US-7781",
    )


def case_belgian_to_german_authority() -> Invoice:
    """A Belgian studio's service to a German city, which wants XRechnung: reverse charge, Leitweg-ID."""
    customer = customer_create(
        name="Stadt Aachen – Presseamt",
        country="DE",
        tax_id="DE813495425",
        peppol_id="0204:05315-12345-85",
        city="Aachen",
        postal_code="52062",
    )
    return _issued(
        customer,
        [_line("Gestaltung Stadtmagazin", "24", "92.00", "be-reverse-charge", unit_code="HUR")],
        buyer_reference="05315-12345-85",
        payment_days=30,
    )


def case_belgian_credit_note() -> Invoice:
    """A partial credit note of the Belgian multi-rate invoice."""
    note = credit_note_create(invoice=case_belgian_rates(), lines=[(1, Decimal("2")), (3, Decimal("1"))])
    return invoice_issue(invoice=note, issue_date=ISSUED_ON + datetime.timedelta(days=2))


def case_belgian_debit_note() -> Invoice:
    """Extra hours after the Belgian multi-rate invoice."""
    return _debit_note(
        case_belgian_rates(), [_line("Meerwerk installatie", "3", "65.00", "be-standard-21")], "Meerwerk volgens bon 17"
    )


@dataclass(frozen=True)
class Case:
    """One row of the table: the function, the company it runs in and the profiles it is valid for."""

    build: Callable[[], Invoice]
    tenant: str = "alpha"
    profiles: tuple[str, ...] = ("peppol", "xrechnung", "en16931")

    @property
    def name(self) -> str:
        return self.build.__name__.removeprefix("case_")


BELGIAN = ("peppol", "en16931")
EU_CASES: list[Case] = [
    Case(case_standard_mixed_rates),
    Case(case_allowances_charges),
    Case(case_reverse_charge),
    Case(case_intra_community),
    Case(case_export),
    Case(case_exempt_with_reason),
    Case(case_zero_rated),
    Case(case_credit_note),
    Case(case_credit_note_partial),
    Case(case_debit_note),
    Case(case_foreign_currency),
    Case(case_prepaid),
    Case(case_cash_rounding),
    Case(case_three_decimal_prices),
    Case(case_price_per_hundred),
    Case(case_public_customer_leitweg),
    Case(case_many_lines),
    Case(case_belgian_rates, tenant="beta", profiles=BELGIAN),
    Case(case_belgian_reverse_charge, tenant="beta", profiles=BELGIAN),
    Case(case_belgian_intra_community, tenant="beta", profiles=BELGIAN),
    Case(case_belgian_exempt, tenant="beta", profiles=BELGIAN),
    Case(case_belgian_export, tenant="beta", profiles=BELGIAN),
    Case(case_belgian_to_german_authority, tenant="beta"),
    Case(case_belgian_credit_note, tenant="beta", profiles=BELGIAN),
    Case(case_belgian_debit_note, tenant="beta", profiles=BELGIAN),
]
