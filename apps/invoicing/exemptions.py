"""The legally required reason printed for every 0 % category, per tax code (EN 16931 BT-120/121).

Codes are from the CEF VATEX list; texts cite the law that grants the exemption.
"""

from __future__ import annotations

from .totals import ExemptionReason

EXEMPTION_REASONS: dict[str, ExemptionReason] = {
    "de-exempt": ExemptionReason(text="Steuerfreie Leistung nach § 4 UStG", code="VATEX-EU-132"),
    "de-reverse-charge": ExemptionReason(
        text="Steuerschuldnerschaft des Leistungsempfängers (§ 13b UStG)", code="VATEX-EU-AE"
    ),
    "de-intra-eu": ExemptionReason(
        text="Steuerfreie innergemeinschaftliche Lieferung (§ 4 Nr. 1 Buchst. b, § 6a UStG)", code="VATEX-EU-IC"
    ),
    "de-export": ExemptionReason(
        text="Steuerfreie Ausfuhrlieferung (§ 4 Nr. 1 Buchst. a, § 6 UStG)", code="VATEX-EU-G"
    ),
    "be-exempt": ExemptionReason(text="Vrijgesteld – art. 44 WBTW / Exempté – art. 44 CTVA", code="VATEX-EU-132"),
    "be-reverse-charge": ExemptionReason(
        text="Verlegging van heffing – art. 51 §2 WBTW / Autoliquidation – art. 51 §2 CTVA", code="VATEX-EU-AE"
    ),
    "be-intra-eu": ExemptionReason(
        text=(
            "Vrijgestelde intracommunautaire levering – art. 39bis WBTW"
            " / Livraison intracommunautaire exemptée – art. 39bis CTVA"
        ),
        code="VATEX-EU-IC",
    ),
    "be-export": ExemptionReason(text="Uitvoer – art. 39 WBTW / Exportation – art. 39 CTVA", code="VATEX-EU-G"),
    "do-exento": ExemptionReason(text="Exento de ITBIS (art. 343 y 344 del Código Tributario)"),
    "do-export": ExemptionReason(text="Exportación exenta de ITBIS (art. 343 del Código Tributario)"),
}
