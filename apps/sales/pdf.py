"""Quotes and delivery notes as PDF: one Django template in the customer's language, through WeasyPrint.

Seller and buyer blocks, number, unit and date formatting and the VAT breakdown are invoicing's
(`apps.invoicing.pdf`), and amounts come from the same totals engine, so a quote prints what its
invoice will. The HTML (`*_html`) is what tests read.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from apps.core.pdf import html_to_pdf
from apps.invoicing.models import InvoicingSettings
from apps.invoicing.pdf import (
    breakdown_rows,
    date_text,
    money_text,
    number_text,
    party_details,
    percent_text,
    seller_details,
    unit_text,
)
from apps.parties.models import Party

from .models import DeliveryNote, Quote, QuoteStatus
from .selectors import delivery_note_detail, quote_detail, sales_document_totals

TEMPLATE = "sales/pdf/document.html"


def _language(customer: Party) -> str:
    return customer.language if customer.language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _base(customer: Party, title: str, number: str) -> dict[str, Any]:
    seller = seller_details()
    bank = InvoicingSettings.objects.filter(pk=1).first() or InvoicingSettings()
    return {
        "language": _language(customer),
        "title": title,
        "number": number,
        "seller": seller,
        "buyer": party_details(customer, seller["country"]),
        "footer": bank.footer,
    }


def quote_context(quote: Quote) -> dict[str, Any]:
    """Everything the quote prints, already formatted in the active language."""
    lines = list(quote.lines.all())
    totals = sales_document_totals(currency=quote.currency, lines=lines)
    breakdown, exemption_reasons = breakdown_rows(totals)
    return {
        **_base(quote.customer, _("Quote"), quote.number or _("Draft %(id)s") % {"id": quote.pk}),
        "is_draft": quote.status == QuoteStatus.DRAFT,
        "date": date_text(quote.issue_date),
        "valid_until": date_text(quote.valid_until),
        "currency": quote.currency,
        "lines": [
            {
                "position": line.position,
                "description": line.description,
                "quantity": f"{number_text(line.quantity)} {unit_text(line.unit_code)}",
                "unit_price": number_text(line.unit_price, min_places=2)
                + (f" / {number_text(line.base_quantity)}" if line.base_quantity != 1 else ""),
                "discount": percent_text(line.discount_percent) if line.discount_percent else "",
                "tax_rate": percent_text(line.tax_code.rate),
                "net_amount": money_text(result.net_amount),
            }
            for line, result in zip(lines, totals.lines, strict=True)
        ],
        "breakdown": breakdown,
        "exemption_reasons": exemption_reasons,
        "totals": {
            "net": money_text(totals.total_without_tax),
            "tax": money_text(totals.tax_total),
            "gross": money_text(totals.total_with_tax),
        },
        "notes": quote.notes,
    }


def delivery_note_context(note: DeliveryNote) -> dict[str, Any]:
    """What the delivery note prints: quantities only, no prices."""
    order = note.order
    return {
        **_base(order.customer, _("Delivery note"), note.number),
        "is_draft": False,
        "date": date_text(note.delivered_on),
        "order_number": order.number,
        "lines": [
            {
                "position": line.position,
                "description": line.order_line.description,
                "quantity": f"{number_text(line.quantity)} {unit_text(line.order_line.unit_code)}",
            }
            for line in note.lines.all()
        ],
        "notes": note.notes,
    }


def quote_html(quote: Quote) -> str:
    """The quote as HTML in the customer's language: what `quote_pdf` lays out, and what tests read."""
    quote = quote_detail(pk=quote.pk)
    with translation.override(_language(quote.customer)):
        return render_to_string(TEMPLATE, quote_context(quote))


def delivery_note_html(note: DeliveryNote) -> str:
    note = delivery_note_detail(pk=note.pk)
    with translation.override(_language(note.order.customer)):
        return render_to_string(TEMPLATE, delivery_note_context(note))


def quote_pdf(*, quote: Quote) -> bytes:
    return html_to_pdf(quote_html(quote))


def delivery_note_pdf(*, note: DeliveryNote) -> bytes:
    return html_to_pdf(delivery_note_html(note))
