"""The dunning letter as a PDF: a Django template in the customer's language, through WeasyPrint.

The seller block, number and date formatting and the GiroCode are invoicing's (`apps.invoicing.pdf`),
so a letter looks like the invoice it is about. The HTML (`notice_html`) is what tests read.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from apps.core.pdf import html_to_pdf
from apps.invoicing.models import InvoicingSettings
from apps.invoicing.pdf import buyer_details, date_text, girocode, money_text, percent_text, seller_details

from .models import DunningNotice

TEMPLATE = "dunning/pdf/notice.html"


def notice_language(notice: DunningNotice) -> str:
    """The customer's language, if Kontor speaks it; else the site's."""
    language = notice.invoice.customer.language
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _interest_rows(notice: DunningNotice) -> list[dict[str, str | int]]:
    return [
        {
            "start": date_text(datetime.date.fromisoformat(str(period["start"]))),
            "end": date_text(datetime.date.fromisoformat(str(period["end"]))),
            "days": period["days"],
            "rate": percent_text(Decimal(str(period["rate"]))),
        }
        for period in notice.interest_periods
    ]


def notice_context(notice: DunningNotice) -> dict[str, Any]:
    """Everything the letter prints, already formatted in the active language."""
    invoice = notice.invoice
    bank = InvoicingSettings.objects.filter(pk=1).first() or InvoicingSettings()
    seller = seller_details()
    qr = ""
    if notice.currency == "EUR" and bank.iban:
        qr = girocode(name=seller["name"], iban=bank.iban, bic=bank.bic, amount=notice.total, reference=invoice.number)
    return {
        "language": notice_language(notice),
        "title": notice.level.title,
        "level": notice.level,
        "notice_date": date_text(notice.notice_date),
        "seller": seller,
        "buyer": buyer_details(invoice, seller["country"]),
        "currency": notice.currency,
        "invoice": {
            "number": invoice.number,
            "issue_date": date_text(invoice.issue_date),
            "due_date": date_text(invoice.due_date),
            "days_overdue": (notice.notice_date - invoice.due_date).days if invoice.due_date else 0,
            "amount_due": money_text(invoice.amount_due),
        },
        "amounts": {
            "open": money_text(notice.open_amount),
            "earlier_fees": money_text(notice.earlier_fees) if notice.earlier_fees else "",
            "fee": money_text(notice.fee) if notice.fee else "",
            "interest": money_text(notice.interest) if notice.interest else "",
            "total": money_text(notice.total),
        },
        "interest_rows": _interest_rows(notice) if notice.interest else [],
        "bank": bank,
        "epc_qr": qr,
        "footer": bank.footer,
    }


def notice_html(notice: DunningNotice) -> str:
    """The letter as HTML in the customer's language: what `notice_pdf` lays out, and what tests read."""
    with translation.override(notice_language(notice)):
        return render_to_string(TEMPLATE, notice_context(notice))


def notice_filename(notice: DunningNotice) -> str:
    """One name for the letter, whether it is mailed, shown on the page or fetched through the API."""
    return f"{notice.invoice.number}-{notice.level.level}.pdf"


def notice_pdf(*, notice: DunningNotice) -> bytes:
    """The dunning letter as an A4 PDF."""
    return html_to_pdf(notice_html(notice))
