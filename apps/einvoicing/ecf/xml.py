"""The e-CF document DGII defines for the sales types: 31 tax credit, 32 consumer, 33 debit note,
34 credit note, 44 special regimes, 45 government and 46 exports.

Amounts come from invoicing's `invoice_totals`, the same figures the PDF and the ledger show:
ITBIS per rate bucket is the EN 16931 tax per category, so the XML agrees with the books to
the cent. Elements are written in the schema's order and empty ones are left out (DGII rejects
empty tags). What each type may carry (ITBIS buckets, the buyer's id) is checked when the
number is taken (`ecf_type_for`), so an issued document always fits its type's schema.
"""

from __future__ import annotations

import datetime
import gettext
import re
from collections import defaultdict
from decimal import Decimal
from zoneinfo import ZoneInfo

import pycountry
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _
from lxml import etree

from apps.catalog.models import ProductKind
from apps.core.errors import ApplicationError
from apps.invoicing.models import Invoice, InvoiceKind
from apps.invoicing.selectors import invoice_detail, invoice_totals
from apps.invoicing.totals import DocumentTotals

from ..models import EcfType
from .sequences import (
    BUYER_RNC_REQUIRED,
    buyer_id_valid,
    buyer_is_foreign,
    ecf_content_require,
    encf_range_of,
    itbis_bucket,
)

SANTO_DOMINGO = ZoneInfo("America/Santo_Domingo")  # GMT-4 all year, as FechaHoraFirma requires
RENDERED_TYPES = (
    EcfType.CREDITO_FISCAL,
    EcfType.CONSUMO,
    EcfType.NOTA_DEBITO,
    EcfType.NOTA_CREDITO,
    EcfType.REGIMENES_ESPECIALES,
    EcfType.GUBERNAMENTAL,
    EcfType.EXPORTACIONES,
)
NOTES = (EcfType.NOTA_DEBITO, EcfType.NOTA_CREDITO)  # InformacionReferencia to the modified e-CF
# FechaVencimientoSecuencia is mandatory in every other type and undeclared in these.
WITHOUT_SEQUENCE_EXPIRY = (EcfType.CONSUMO, EcfType.NOTA_CREDITO)
# Their schemas have no IndicadorMontoGravado: 44 is exempt, 46 taxed at 0 %.
WITHOUT_AMOUNT_INDICATOR = (EcfType.REGIMENES_ESPECIALES, EcfType.EXPORTACIONES)
BUCKET_RATE = {1: 18, 2: 16, 3: 0}
CREDIT_NOTE_LATE_DAYS = 30  # IndicadorNotaCredito 1: the modified e-CF is older, its ITBIS is not creditable
COUNTRY_NAMES_ES = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["es"])


def _problem(message: str, code: str, field: str) -> ApplicationError:
    return ApplicationError(message, code=code, field=field)


def _money(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01')):f}"


def _decimal(value: Decimal, *, places: int, field: str) -> str:
    """`value` with up to `places` decimals and at least two; more digits than the schema allows are refused."""
    if value != value.quantize(Decimal(1).scaleb(-places)):
        raise _problem(
            _("%(value)s has more than %(places)s decimals, which an e-CF cannot carry.")
            % {"value": value, "places": places},
            "ecf_precision",
            field,
        )
    text = f"{value.normalize():f}"
    whole, _dot, decimals = text.partition(".")
    return f"{whole}.{decimals.ljust(2, '0')}"


def _date(value: datetime.date) -> str:
    return value.strftime("%d-%m-%Y")


def _add(parent: etree._Element, tag: str, text: object = None) -> etree._Element:
    element = etree.SubElement(parent, tag)
    if text is not None:
        element.text = str(text)
    return element


def _add_optional(parent: etree._Element, tag: str, text: str) -> None:
    if text:
        _add(parent, tag, text)


def _renderable_require(invoice: Invoice, ecf_type: int) -> None:
    if invoice.is_draft or not invoice.number:
        raise _problem(_("A draft has no e-NCF yet; issue it first."), "ecf_draft", "status")
    if ecf_type not in RENDERED_TYPES:
        raise _problem(
            _("%(number)s is not an e-NCF of a sales type (31, 32, 33, 34, 44, 45 or 46).")
            % {"number": invoice.number},
            "ecf_type_unsupported",
            "number",
        )
    ecf_content_require(invoice)
    if ecf_type in BUYER_RNC_REQUIRED and not buyer_id_valid(invoice.customer_tax_id):
        raise _problem(
            _("An e-CF %(label)s needs the customer's RNC or cédula.") % {"label": EcfType(ecf_type).label},
            "ecf_buyer_id_required",
            "customer",
        )
    if ecf_type in NOTES and not (invoice.corrects and invoice.corrects.number.startswith("E")):
        raise _problem(_("The modified invoice has no e-NCF to reference."), "ecf_reference_missing", "corrects")
    if not connection.tenant.address_line:  # type: ignore[attr-defined]
        raise _problem(_("Enter the company's address: every e-CF prints it."), "ecf_seller_address", "address_line")


def _id_doc(root: etree._Element, invoice: Invoice, ecf_type: int) -> None:
    id_doc = _add(root, "IdDoc")
    _add(id_doc, "TipoeCF", ecf_type)
    _add(id_doc, "eNCF", invoice.number)
    if ecf_type not in WITHOUT_SEQUENCE_EXPIRY:
        encf_range = encf_range_of(invoice.number)
        if encf_range is None:
            raise _problem(
                _("%(number)s is from no e-NCF range of this company.") % {"number": invoice.number},
                "encf_unknown",
                "number",
            )
        _add(id_doc, "FechaVencimientoSecuencia", _date(encf_range.expires_on))
    if ecf_type == EcfType.NOTA_CREDITO:
        original = invoice.corrects
        assert original is not None and original.issue_date and invoice.issue_date  # noqa: S101 - DB constraint
        late = (invoice.issue_date - original.issue_date).days > CREDIT_NOTE_LATE_DAYS
        _add(id_doc, "IndicadorNotaCredito", 1 if late else 0)
    if ecf_type not in WITHOUT_AMOUNT_INDICATOR:
        _add(id_doc, "IndicadorMontoGravado", 0)  # line amounts are net of ITBIS
    _add(id_doc, "TipoIngresos", "01")  # ingresos por operaciones (no financieros)
    on_credit = ecf_type != EcfType.NOTA_CREDITO and invoice.payment_days > 0
    _add(id_doc, "TipoPago", 2 if on_credit else 1)
    if on_credit and invoice.due_date:
        _add(id_doc, "FechaLimitePago", _date(invoice.due_date))


def _parties(root: etree._Element, invoice: Invoice, ecf_type: int) -> None:
    tenant = connection.tenant  # type: ignore[attr-defined]
    seller = _add(root, "Emisor")
    _add(seller, "RNCEmisor", tenant.tax_id)  # type: ignore[attr-defined]
    _add(seller, "RazonSocialEmisor", tenant.name[:150])  # type: ignore[attr-defined]
    address = ", ".join(filter(None, [tenant.address_line, tenant.city]))  # type: ignore[attr-defined]
    _add(seller, "DireccionEmisor", address[:100])
    _add(seller, "FechaEmision", _date(invoice.issue_date))  # type: ignore[arg-type]
    buyer = _add(root, "Comprador")
    foreign = buyer_is_foreign(invoice)
    _add_optional(buyer, "IdentificadorExtranjero" if foreign else "RNCComprador", invoice.customer_tax_id)
    _add_optional(buyer, "RazonSocialComprador", invoice.customer_name[:150])
    _add_optional(buyer, "CorreoComprador", invoice.customer.email[:80])
    if ecf_type == EcfType.EXPORTACIONES:
        _add(buyer, "PaisComprador", _country_name(invoice.customer.country))


def _country_name(code: str) -> str:
    """The Spanish name DGII reads, without the parenthesis its letters-only pattern refuses."""
    country = pycountry.countries.get(alpha_2=code)
    name = COUNTRY_NAMES_ES.gettext(country.name) if country else code
    return re.sub(r"\s*\(.*\)", "", name).rstrip(" .")[:60]


def _totals(root: etree._Element, totals: DocumentTotals) -> None:
    taxable: dict[int, Decimal] = defaultdict(Decimal)
    tax: dict[int, Decimal] = defaultdict(Decimal)
    for row in totals.breakdown:
        bucket = itbis_bucket(row.tax_category, row.tax_rate)
        taxable[bucket] += row.taxable_amount
        tax[bucket] += row.tax_amount
    taxed = [bucket for bucket in (1, 2, 3) if bucket in taxable]
    element = _add(root, "Totales")
    if taxed:
        _add(element, "MontoGravadoTotal", _money(sum((taxable[b] for b in taxed), Decimal("0"))))
        for bucket in taxed:
            _add(element, f"MontoGravadoI{bucket}", _money(taxable[bucket]))
    if 4 in taxable:
        _add(element, "MontoExento", _money(taxable[4]))
    for bucket in taxed:
        _add(element, f"ITBIS{bucket}", BUCKET_RATE[bucket])
    if taxed:
        _add(element, "TotalITBIS", _money(sum((tax[b] for b in taxed), Decimal("0"))))
        for bucket in taxed:
            _add(element, f"TotalITBIS{bucket}", _money(tax[bucket]))
    _add(element, "MontoTotal", _money(totals.total_with_tax))


def _items(root: etree._Element, invoice: Invoice, totals: DocumentTotals) -> None:
    items = _add(root, "DetallesItems")
    for position, (line, result) in enumerate(zip(invoice.lines.all(), totals.lines, strict=True), start=1):
        item = _add(items, "Item")
        _add(item, "NumeroLinea", position)
        _add(item, "IndicadorFacturacion", itbis_bucket(result.tax_category, result.tax_rate))
        name, _newline, rest = line.description.partition("\n")
        _add(item, "NombreItem", name[:80])
        goods = line.product is not None and line.product.kind == ProductKind.GOODS
        _add(item, "IndicadorBienoServicio", 1 if goods else 2)
        _add_optional(item, "DescripcionItem", (rest or name[80:]).strip()[:1000])
        _add(item, "CantidadItem", _decimal(line.quantity, places=2, field=f"lines[{position - 1}].quantity"))
        price = result.net_price / line.base_quantity
        _add(item, "PrecioUnitarioItem", _decimal(price, places=4, field=f"lines[{position - 1}].unit_price"))
        discount = sum((a.amount for a in result.allowances), Decimal("0"))
        surcharge = sum((c.amount for c in result.charges), Decimal("0"))
        if discount:
            _add(item, "DescuentoMonto", _money(discount))
        if surcharge:
            _add(item, "RecargoMonto", _money(surcharge))
        _add(item, "MontoItem", _money(result.net_amount))


def _reference(root: etree._Element, invoice: Invoice, totals: DocumentTotals) -> None:
    """What a note modifies: the e-NCF, its date, and whether it cancels (a full credit note) or corrects amounts."""
    original = invoice.corrects
    assert original is not None and original.issue_date  # noqa: S101 - DB constraint credit_note_corrects_invoice
    reference = _add(root, "InformacionReferencia")
    _add(reference, "NCFModificado", original.number)
    _add(reference, "FechaNCFModificado", _date(original.issue_date))
    cancels = invoice.kind == InvoiceKind.CREDIT_NOTE and totals.total_with_tax == original.total_gross
    _add(reference, "CodigoModificacion", 1 if cancels else 3)  # 1 anula, 3 corrige montos
    reason = " ".join(invoice.notes.split())[:90]
    _add_optional(reference, "RazonModificacion", reason)


def ecf_document(invoice: Invoice, *, signed_at: datetime.datetime | None = None) -> etree._Element:
    """The unsigned `<ECF>` of an issued invoice, credit or debit note, ready for `document_sign`."""
    if "lines" not in getattr(invoice, "_prefetched_objects_cache", {}):
        invoice = invoice_detail(pk=invoice.pk)  # a fixed number of queries, however many lines
    ecf_type = int(invoice.number[1:3]) if invoice.number[:1] == "E" and invoice.number[1:3].isdigit() else 0
    _renderable_require(invoice, ecf_type)
    totals = invoice_totals(invoice)
    root = etree.Element("ECF")
    header = _add(root, "Encabezado")
    _add(header, "Version", "1.0")
    _id_doc(header, invoice, ecf_type)
    _parties(header, invoice, ecf_type)
    _totals(header, totals)
    _items(root, invoice, totals)
    if ecf_type in NOTES:
        _reference(root, invoice, totals)
    signed_at = (signed_at or timezone.now()).astimezone(SANTO_DOMINGO)
    _add(root, "FechaHoraFirma", signed_at.strftime("%d-%m-%Y %H:%M:%S"))
    return root
