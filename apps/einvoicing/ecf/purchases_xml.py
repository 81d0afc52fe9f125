"""The e-CF a Dominican company issues for its own purchases: 41 Compras, 43 Gastos menores, 47 Pagos al exterior.

Here the company is the Emisor and the supplier stands where a buyer would (`Comprador`): with
its RNC or cédula in a 41, with its foreign id in a 47, absent from a 43. Every line of a 41 or
47 carries a `Retencion` block, because withholding ITBIS and ISR for DGII is why the company
documents these purchases itself; 43 and 47 carry no ITBIS. Amounts follow Formato e-CF:
line amounts rounded half-up to cents, ITBIS per rate bucket on the bucket's taxable sum.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _
from lxml import etree

from apps.core.errors import ApplicationError

from ..models import EcfType, ItbisBucket, PurchaseEcf, PurchaseEcfLine
from .sequences import encf_range_of
from .xml import BUCKET_RATE, SANTO_DOMINGO, _add, _add_optional, _date, _decimal, _money

CENT = Decimal("0.01")
TAXED_BUCKETS = (ItbisBucket.RATE_18, ItbisBucket.RATE_16, ItbisBucket.RATE_0)
WITHHOLDING = 1  # IndicadorAgenteRetencionoPercepcion: 1 retención, 2 percepción


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def line_amount(*, quantity: Decimal, unit_price: Decimal) -> Decimal:
    """MontoItem: quantity × unit price, rounded once, half-up, to cents."""
    return cents(quantity * unit_price)


def line_itbis(*, amount: Decimal, bucket: int) -> Decimal:
    """The ITBIS one line carries: the most of it the company can withhold on that line."""
    return cents(amount * BUCKET_RATE.get(bucket, 0) / 100)


@dataclass(frozen=True)
class PurchaseTotals:
    """`Totales` of the document; ITBIS is computed per bucket on the bucket's sum, as DGII checks it."""

    taxable: dict[int, Decimal] = field(default_factory=dict)  # MontoGravadoIn by bucket
    itbis: dict[int, Decimal] = field(default_factory=dict)  # TotalITBISn by bucket
    exempt_amount: Decimal = Decimal("0.00")
    itbis_withheld: Decimal = Decimal("0.00")
    isr_withheld: Decimal = Decimal("0.00")

    @property
    def taxable_amount(self) -> Decimal:
        return sum(self.taxable.values(), Decimal("0.00"))

    @property
    def itbis_amount(self) -> Decimal:
        return sum(self.itbis.values(), Decimal("0.00"))

    @property
    def total(self) -> Decimal:
        return self.taxable_amount + self.exempt_amount + self.itbis_amount

    @property
    def amount_payable(self) -> Decimal:
        """ValorPagar: what the supplier is paid once the withheld taxes went to DGII."""
        return self.total - self.itbis_withheld - self.isr_withheld


def purchase_totals(lines: Sequence[PurchaseEcfLine]) -> PurchaseTotals:
    taxable: dict[int, Decimal] = defaultdict(Decimal)
    exempt = Decimal("0.00")
    for line in lines:
        if line.itbis_bucket == ItbisBucket.EXEMPT:
            exempt += line.amount
        else:
            taxable[line.itbis_bucket] += line.amount
    buckets = [bucket for bucket in TAXED_BUCKETS if bucket in taxable]
    return PurchaseTotals(
        taxable={bucket: taxable[bucket] for bucket in buckets},
        itbis={bucket: cents(taxable[bucket] * BUCKET_RATE[bucket] / 100) for bucket in buckets},
        exempt_amount=exempt,
        itbis_withheld=sum((line.itbis_withheld for line in lines), Decimal("0.00")),
        isr_withheld=sum((line.isr_withheld for line in lines), Decimal("0.00")),
    )


def _id_doc(root: etree._Element, purchase: PurchaseEcf) -> None:
    encf_range = encf_range_of(purchase.encf)
    if encf_range is None:
        raise ApplicationError(
            _("%(number)s is from no e-NCF range of this company.") % {"number": purchase.encf},
            code="encf_unknown",
            field="encf",
        )
    id_doc = _add(root, "IdDoc")
    _add(id_doc, "TipoeCF", purchase.ecf_type)
    _add(id_doc, "eNCF", purchase.encf)
    _add(id_doc, "FechaVencimientoSecuencia", _date(encf_range.expires_on))
    if purchase.ecf_type == EcfType.COMPRAS:
        _add(id_doc, "IndicadorMontoGravado", 0)  # line amounts are net of ITBIS


def _parties(root: etree._Element, purchase: PurchaseEcf) -> None:
    tenant = connection.tenant  # type: ignore[attr-defined]
    issuer = _add(root, "Emisor")
    _add(issuer, "RNCEmisor", tenant.tax_id)
    _add(issuer, "RazonSocialEmisor", tenant.name[:150])
    _add(issuer, "DireccionEmisor", ", ".join(filter(None, [tenant.address_line, tenant.city]))[:100])
    _add(issuer, "FechaEmision", _date(purchase.issue_date))
    if purchase.ecf_type == EcfType.COMPRAS:
        supplier = _add(root, "Comprador")
        _add(supplier, "RNCComprador", purchase.supplier_tax_id)
        _add(supplier, "RazonSocialComprador", purchase.supplier_name)
    elif purchase.ecf_type == EcfType.PAGOS_EXTERIOR and purchase.supplier_name:
        supplier = _add(root, "Comprador")
        _add_optional(supplier, "IdentificadorExtranjero", purchase.supplier_tax_id)
        _add(supplier, "RazonSocialComprador", purchase.supplier_name)


def _totals(root: etree._Element, purchase: PurchaseEcf, totals: PurchaseTotals) -> None:
    element = _add(root, "Totales")
    if totals.taxable:
        _add(element, "MontoGravadoTotal", _money(totals.taxable_amount))
        for bucket, amount in totals.taxable.items():
            _add(element, f"MontoGravadoI{bucket}", _money(amount))
    if totals.exempt_amount or not totals.taxable:
        _add(element, "MontoExento", _money(totals.exempt_amount))
    for bucket in totals.taxable:
        _add(element, f"ITBIS{bucket}", BUCKET_RATE[bucket])
    if totals.taxable:
        _add(element, "TotalITBIS", _money(totals.itbis_amount))
        for bucket, amount in totals.itbis.items():
            _add(element, f"TotalITBIS{bucket}", _money(amount))
    _add(element, "MontoTotal", _money(totals.total))
    if purchase.ecf_type == EcfType.GASTOS_MENORES:
        return
    _add(element, "ValorPagar", _money(totals.amount_payable))
    if purchase.ecf_type == EcfType.COMPRAS:
        _add(element, "TotalITBISRetenido", _money(totals.itbis_withheld))
    _add(element, "TotalISRRetencion", _money(totals.isr_withheld))


def _items(root: etree._Element, purchase: PurchaseEcf, lines: Sequence[PurchaseEcfLine]) -> None:
    items = _add(root, "DetallesItems")
    for index, line in enumerate(lines):
        item = _add(items, "Item")
        _add(item, "NumeroLinea", line.position)
        _add(item, "IndicadorFacturacion", line.itbis_bucket)
        if purchase.ecf_type != EcfType.GASTOS_MENORES:
            withholding = _add(item, "Retencion")
            _add(withholding, "IndicadorAgenteRetencionoPercepcion", WITHHOLDING)
            if purchase.ecf_type == EcfType.COMPRAS:
                _add(withholding, "MontoITBISRetenido", _money(line.itbis_withheld))
            _add(withholding, "MontoISRRetenido", _money(line.isr_withheld))
        name, _newline, rest = line.description.strip().partition("\n")
        _add(item, "NombreItem", name[:80])
        _add(item, "IndicadorBienoServicio", 2 if line.is_service else 1)
        _add_optional(item, "DescripcionItem", (rest or name[80:]).strip()[:1000])
        _add(item, "CantidadItem", _decimal(line.quantity, places=2, field=f"lines.{index}.quantity"))
        _add(item, "PrecioUnitarioItem", _decimal(line.unit_price, places=4, field=f"lines.{index}.unit_price"))
        _add(item, "MontoItem", _money(line.amount))


def purchase_ecf_document(
    purchase: PurchaseEcf, lines: Sequence[PurchaseEcfLine], *, signed_at: datetime.datetime | None = None
) -> etree._Element:
    """The unsigned `<ECF>` of a purchase e-CF, ready for `document_sign`; the rows need not be saved yet."""
    root = etree.Element("ECF")
    header = _add(root, "Encabezado")
    _add(header, "Version", "1.0")
    _id_doc(header, purchase)
    _parties(header, purchase)
    _totals(header, purchase, purchase_totals(lines))
    _items(root, purchase, lines)
    signed_at = (signed_at or timezone.now()).astimezone(SANTO_DOMINGO)
    _add(root, "FechaHoraFirma", signed_at.strftime("%d-%m-%Y %H:%M:%S"))
    return root
