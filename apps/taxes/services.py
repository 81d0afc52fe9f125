"""Writes to tax rates: the country defaults every new company starts with."""

from __future__ import annotations

import datetime
from decimal import Decimal

from apps.tenants.countries import Country
from apps.tenants.models import Tenant

from .models import TaxCategory, TaxRate

_FROM = datetime.date(2020, 1, 1)
S, Z, E, AE, K, G = (
    TaxCategory.STANDARD,
    TaxCategory.ZERO,
    TaxCategory.EXEMPT,
    TaxCategory.REVERSE_CHARGE,
    TaxCategory.INTRA_EU,
    TaxCategory.EXPORT,
)
# (code, name, category, rate) per country; names are the ones on the local tax forms.
COUNTRY_TAX_RATES: dict[str, list[tuple[str, str, str, str]]] = {
    Country.GERMANY: [
        ("de-standard-19", "USt 19 %", S, "19.00"),
        ("de-reduced-7", "USt 7 %", S, "7.00"),
        ("de-zero", "Nullsteuersatz (§ 12 Abs. 3 UStG)", Z, "0"),
        ("de-exempt", "Steuerfrei (§ 4 UStG)", E, "0"),
        ("de-reverse-charge", "Steuerschuldnerschaft des Leistungsempfängers (§ 13b UStG)", AE, "0"),
        ("de-intra-eu", "Innergemeinschaftliche Lieferung", K, "0"),
        ("de-export", "Ausfuhrlieferung", G, "0"),
    ],
    Country.BELGIUM: [
        ("be-standard-21", "BTW/TVA 21 %", S, "21.00"),
        ("be-reduced-12", "BTW/TVA 12 %", S, "12.00"),
        ("be-reduced-6", "BTW/TVA 6 %", S, "6.00"),
        ("be-zero", "BTW/TVA 0 %", Z, "0"),
        ("be-exempt", "Vrijgesteld / Exonéré (art. 44)", E, "0"),
        ("be-reverse-charge", "Medecontractant / Autoliquidation", AE, "0"),
        ("be-intra-eu", "Intracommunautaire levering", K, "0"),
        ("be-export", "Uitvoer / Exportation", G, "0"),
    ],
    Country.DOMINICAN_REPUBLIC: [
        ("do-itbis-18", "ITBIS 18 %", S, "18.00"),
        ("do-itbis-16", "ITBIS 16 %", S, "16.00"),
        ("do-itbis-0", "ITBIS 0 %", Z, "0"),
        ("do-exento", "Exento de ITBIS", E, "0"),
        ("do-export", "Exportación", G, "0"),
    ],
}


def tax_rates_seed(tenant: Tenant) -> None:
    """Creates the country's rates; runs in the new tenant's schema. Existing codes are kept."""
    existing = set(TaxRate.objects.values_list("code", flat=True))
    TaxRate.objects.bulk_create(
        TaxRate(code=code, name=name, category=category, rate=Decimal(rate), valid_from=_FROM)
        for code, name, category, rate in COUNTRY_TAX_RATES[tenant.country]
        if code not in existing
    )
