"""The invoice or credit note as a PDF: a Django template in the buyer's language, through WeasyPrint.

Every amount comes from the totals engine (`selectors.invoice_totals`), so the paper agrees to the
cent with the API, the ledger posting and the e-invoice exports. The HTML is built first
(`invoice_html`) and is what the tests read; WeasyPrint only lays it out on A4.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import connection
from django.template.loader import render_to_string
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from apps.catalog.units import Unit
from apps.core.pdf import html_to_pdf
from apps.parties.models import Address, AddressKind, Party
from apps.tenants.countries import PROFILES

from .models import Invoice, InvoiceKind, InvoiceLine, InvoicingSettings
from .payment_selectors import PAYABLE_KINDS, skonto_amount
from .selectors import invoice_detail, invoice_totals
from .totals import DocumentTotals, LineResult

TEMPLATE = "invoicing/pdf/invoice.html"
CENT = Decimal("0.01")
HUNDRED = Decimal("100")
# The legal text § 19 UStG asks for: German law, printed in German whatever the document's language.
SMALL_BUSINESS_TEXT = "Gemäß § 19 UStG wird keine Umsatzsteuer berechnet."
EPC_MAX_AMOUNT = Decimal("999999999.99")


def _short_units() -> dict[str, str]:
    """What a printed quantity column says for the common unit codes; others use the unit's name."""
    return {
        Unit.ONE: pgettext("unit", "pcs"),
        Unit.PIECE: pgettext("unit", "pcs"),
        Unit.EACH: pgettext("unit", "pcs"),
        Unit.HOUR: pgettext("unit", "h"),
        Unit.DAY: pgettext("unit", "days"),
        Unit.MONTH: pgettext("unit", "months"),
        Unit.LUMP_SUM: pgettext("unit", "lump sum"),
        Unit.GRAM: "g",
        Unit.KILOGRAM: "kg",
        Unit.TONNE: "t",
        Unit.MILLILITRE: "ml",
        Unit.LITRE: "l",
        Unit.MILLIMETRE: "mm",
        Unit.CENTIMETRE: "cm",
        Unit.METRE: "m",
        Unit.KILOMETRE: "km",
        Unit.SQUARE_METRE: "m²",
        Unit.CUBIC_METRE: "m³",
        Unit.KILOWATT_HOUR: "kWh",
        Unit.PERCENT: "%",
    }


def _category_names() -> dict[str, str]:
    return {
        "S": _("Standard rate"),
        "Z": _("Zero rated"),
        "E": _("Exempt from VAT"),
        "AE": _("Reverse charge"),
        "K": _("Intra-community supply"),
        "G": _("Export outside the EU"),
        "O": _("Not subject to VAT"),
    }


def _number(value: Decimal, *, min_places: int = 0, max_places: int = 4) -> str:
    """A decimal in the active language, trailing zeros dropped down to `min_places`."""
    exponent = value.normalize().as_tuple().exponent
    places = max(min_places, min(max_places, -exponent if isinstance(exponent, int) and exponent < 0 else 0))
    return formats.number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)


def _money(value: Decimal) -> str:
    return _number(value, min_places=2, max_places=2)


def _percent(value: Decimal) -> str:
    return f"{_number(value, max_places=2)} %"


def _date(value: datetime.date | None) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT", use_l10n=True) if value else ""


@dataclass(frozen=True)
class SkontoOffer:
    """The early-payment discount the document offers: pay `amount` less by `until` (or within `days`)."""

    percent: Decimal
    days: int
    until: datetime.date | None
    amount: Decimal


def skonto_offer(invoice: Invoice, totals: DocumentTotals) -> SkontoOffer | None:
    """Skonto on the amount due, rounded to the cent; a draft has no issue date yet, so no `until`."""
    if invoice.kind not in PAYABLE_KINDS or not invoice.skonto_percent or not invoice.skonto_days:
        return None
    amount = skonto_amount(amount_due=totals.amount_due, percent=invoice.skonto_percent)
    until = invoice.issue_date + datetime.timedelta(days=invoice.skonto_days) if invoice.issue_date else None
    return SkontoOffer(percent=invoice.skonto_percent, days=invoice.skonto_days, until=until, amount=amount)


def _epc_qr(invoice: Invoice, totals: DocumentTotals, bank: InvoicingSettings, seller: str) -> str:
    """A GiroCode (EPC QR) as a PNG data URI, for an issued EUR invoice that asks for money."""
    if invoice.kind not in PAYABLE_KINDS or invoice.currency != "EUR" or not bank.iban or not invoice.number:
        return ""
    return girocode(name=seller, iban=bank.iban, bic=bank.bic, amount=totals.amount_due, reference=invoice.number)


def girocode(*, name: str, iban: str, bic: str, amount: Decimal, reference: str) -> str:
    """A GiroCode (EPC QR) asking for `amount` EUR as a PNG data URI; "" when EPC cannot carry it.

    Every printed document that asks for money (invoice, dunning letter) prints it the same way.
    """
    if not CENT <= amount <= EPC_MAX_AMOUNT:
        return ""
    import segno.helpers

    try:
        qr = segno.helpers.make_epc_qr(
            name=name[:70], iban=iban.replace(" ", ""), amount=amount, text=reference, bic=bic or None
        )
    except ValueError:  # an IBAN or name the EPC format cannot carry: the bank details are still printed
        return ""
    return str(qr.png_data_uri(scale=4, border=0))


def _seller() -> dict[str, Any]:
    tenant = connection.tenant  # type: ignore[attr-defined]
    profile = PROFILES.get(tenant.country)
    return {
        "name": tenant.name,
        "address_line": tenant.address_line,
        "city_line": f"{tenant.postal_code} {tenant.city}".strip(),
        "country": tenant.country,
        "tax_id": tenant.tax_id,
        "tax_id_label": str(profile.tax_id_label) if profile else _("VAT ID"),
    }


# For the other printed documents (dunning letters): the same seller block, numbers and dates.
seller_details = _seller
money_text = _money
date_text = _date
percent_text = _percent


def party_details(customer: Party, seller_country: str, *, name: str = "", tax_id: str = "") -> dict[str, Any]:
    """The addressee block: billing address, and the country only when it is not the seller's."""
    address: Address | None = next(
        (item for item in customer.addresses.all() if item.kind == AddressKind.BILLING), None
    )
    lines: list[str] = []
    if address is not None:
        lines = [address.line1, address.line2, f"{address.postal_code} {address.city}".strip()]
        if address.country != seller_country:
            lines.append(address.country)
    return {
        "name": name or customer.legal_name,
        "address": [line for line in lines if line],
        "tax_id": tax_id or customer.tax_id,
        "number": customer.number,
    }


def _buyer(invoice: Invoice, seller_country: str) -> dict[str, Any]:
    """The buyer as the invoice snapshot it at issue."""
    return party_details(invoice.customer, seller_country, name=invoice.customer_name, tax_id=invoice.customer_tax_id)


buyer_details = _buyer


def _unit(code: str, short: dict[str, str]) -> str:
    if code in short:
        return short[code]
    return str(Unit(code).label) if code in Unit.values else code


def _lines(invoice: Invoice, totals: DocumentTotals) -> list[dict[str, Any]]:
    short = _short_units()
    rows = []
    line: InvoiceLine
    result: LineResult
    for line, result in zip(invoice.lines.all(), totals.lines, strict=True):
        per = f" / {_number(line.base_quantity)}" if line.base_quantity != 1 else ""
        rows.append(
            {
                "position": line.position,
                "description": line.description,
                "quantity": _number(line.quantity),
                "unit": _unit(line.unit_code, short),
                "unit_price": _number(line.unit_price, min_places=2) + per,
                "discount": _percent(line.discount_percent) if line.discount_percent else "",
                "net_amount": _money(result.net_amount),
                "tax_rate": _percent(line.tax_code.rate),
            }
        )
    return rows


def _allowances_charges(totals: DocumentTotals) -> list[dict[str, str]]:
    items = [(item, "−") for item in totals.allowances] + [(item, "+") for item in totals.charges]
    return [
        {
            "reason": item.reason,
            "percent": _percent(item.percent) if item.percent is not None else "",
            "sign": sign,
            "amount": _money(item.amount),
            "tax_rate": _percent(item.tax_rate),
        }
        for item, sign in items
    ]


def _breakdown(totals: DocumentTotals) -> tuple[list[dict[str, str]], list[str]]:
    names = _category_names()
    rows = [
        {
            "category": names.get(row.tax_category, row.tax_category),
            "rate": _percent(row.tax_rate),
            "base": _money(row.taxable_amount),
            "tax": _money(row.tax_amount),
        }
        for row in totals.breakdown
    ]
    reasons = list(dict.fromkeys(row.exemption_reason for row in totals.breakdown if row.exemption_reason))
    return rows, reasons


def _payment_terms(invoice: Invoice, totals: DocumentTotals) -> list[str]:
    if invoice.kind not in PAYABLE_KINDS:
        return []
    terms = []
    if invoice.due_date:
        terms.append(
            _("Payable without deduction by %(date)s (%(days)s days net).")
            % {"date": _date(invoice.due_date), "days": invoice.payment_days}
        )
    else:
        terms.append(_("Payable without deduction within %(days)s days.") % {"days": invoice.payment_days})
    offer = skonto_offer(invoice, totals)
    if offer is not None:
        amounts = {
            "percent": _percent(offer.percent),
            "amount": _money(offer.amount),
            "currency": invoice.currency,
            "days": offer.days,
        }
        if offer.until:
            terms.append(
                _("If paid by %(date)s: %(percent)s early-payment discount (%(amount)s %(currency)s).")
                % {**amounts, "date": _date(offer.until)}
            )
        else:
            terms.append(
                _("If paid within %(days)s days: %(percent)s early-payment discount (%(amount)s %(currency)s).")
                % amounts
            )
    return terms


def _language(invoice: Invoice) -> str:
    return invoice.language if invoice.language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _title(invoice: Invoice) -> str:
    return str(invoice.get_kind_display())


# Marks other apps print on an issued document, e.g. the QR ("timbre") of a Dominican e-CF: each
# returns {"qr": data URI, "alt": text, "lines": [...]} or None. Filled in AppConfig.ready(), like
# numbering's NUMBERING, so invoicing never imports the apps that stamp.
PDF_STAMPS: list[Callable[[Invoice], dict[str, Any] | None]] = []


def _stamps(invoice: Invoice) -> list[dict[str, Any]]:
    if invoice.is_draft:
        return []
    return [stamp for make in PDF_STAMPS if (stamp := make(invoice)) is not None]


def invoice_context(invoice: Invoice) -> dict[str, Any]:
    """Everything the template prints, already formatted in the active language."""
    if "lines" not in getattr(invoice, "_prefetched_objects_cache", {}):
        invoice = invoice_detail(pk=invoice.pk)  # a fixed number of queries, however many lines
    totals = invoice_totals(invoice)
    bank = InvoicingSettings.objects.filter(pk=1).first() or InvoicingSettings()
    seller = _seller()
    breakdown, exemption_reasons = _breakdown(totals)
    return {
        "language": _language(invoice),
        "title": _title(invoice),
        "is_draft": invoice.is_draft,
        "is_credit_note": invoice.kind == InvoiceKind.CREDIT_NOTE,
        "is_debit_note": invoice.kind == InvoiceKind.DEBIT_NOTE,
        "number": invoice.number or _("Draft %(id)s") % {"id": invoice.pk},
        "corrects_number": invoice.corrects.number if invoice.corrects else "",
        "corrects_date": _date(invoice.corrects.issue_date) if invoice.corrects else "",
        "issue_date": _date(invoice.issue_date),
        "delivery_date": _date(invoice.delivery_date),
        "due_date": _date(invoice.due_date) if invoice.kind in PAYABLE_KINDS else "",
        "buyer_reference": invoice.buyer_reference,
        "currency": invoice.currency,
        "seller": seller,
        "buyer": _buyer(invoice, seller["country"]),
        "lines": _lines(invoice, totals),
        "allowances_charges": _allowances_charges(totals),
        "breakdown": breakdown,
        "exemption_reasons": exemption_reasons,
        "small_business_text": SMALL_BUSINESS_TEXT if bank.small_business else "",
        "totals": {
            "line_total": _money(totals.line_total),
            "net": _money(totals.total_without_tax),
            "tax": _money(totals.tax_total),
            "gross": _money(totals.total_with_tax),
            "prepaid": _money(totals.prepaid_amount) if totals.prepaid_amount else "",
            "rounding": _money(totals.rounding_amount) if totals.rounding_amount else "",
            "amount_due": _money(totals.amount_due),
        },
        "has_document_level": bool(totals.allowances or totals.charges),
        "payment_terms": _payment_terms(invoice, totals),
        "bank": bank,
        "epc_qr": _epc_qr(invoice, totals, bank, seller["name"]),
        "notes": invoice.notes,
        "stamps": _stamps(invoice),
        "footer": bank.footer,
    }


def invoice_html(invoice: Invoice) -> str:
    """The document as HTML in the invoice's language: what `invoice_pdf` lays out, and what tests read."""
    with translation.override(_language(invoice)):
        return render_to_string(TEMPLATE, invoice_context(invoice))


def invoice_pdf(*, invoice: Invoice) -> bytes:
    """The invoice or credit note as an A4 PDF (drafts carry a DRAFT watermark)."""
    return html_to_pdf(invoice_html(invoice))


# For quotes and delivery notes (apps.sales): numbers, units and the VAT breakdown as invoices print them.
number_text = _number
breakdown_rows = _breakdown


def unit_text(code: str) -> str:
    return _unit(code, _short_units())
