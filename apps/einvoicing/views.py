"""The "E-invoice" card of the invoice page: the formats that fit, downloads, and the validators' findings.

The invoice page loads the card with htmx from here, so invoicing never imports this app; without
htmx, "Validate" answers with a page of its own.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from apps.accounts.decorators import right_required
from apps.core.errors import ApplicationError
from apps.invoicing.models import Invoice
from apps.invoicing.selectors import invoice_detail
from apps.tenants.http import MemberRequest

from .formats import FORMATS, einvoice_check, einvoice_formats_for

invoicing_view_required = right_required("invoicing.view_invoice")


def _invoice(pk: int) -> Invoice:
    try:
        return invoice_detail(pk=pk)
    except Invoice.DoesNotExist:
        raise Http404 from None


def _card(request: MemberRequest, invoice: Invoice, **extra: Any) -> HttpResponse:
    """The card alone for htmx, inside a page of its own otherwise."""
    page = "einvoicing/partials/card.html" if request.headers.get("HX-Request") else "einvoicing/einvoice_page.html"
    return render(request, page, {"invoice": invoice, "formats": einvoice_formats_for(invoice=invoice), **extra})


@invoicing_view_required
@require_GET
def einvoice_card_view(request: MemberRequest, pk: int) -> HttpResponse:
    return _card(request, _invoice(pk))


@invoicing_view_required
@require_POST
def einvoice_validate_view(request: MemberRequest, pk: int, einvoice_format: str) -> HttpResponse:
    """Validation is a read: it renders and checks the document a download would give, and stores nothing."""
    invoice = _invoice(pk)
    if einvoice_format not in FORMATS:
        raise Http404
    try:
        result = einvoice_check(invoice=invoice, key=einvoice_format)
    except ApplicationError as error:
        return _card(request, invoice, checked=FORMATS[einvoice_format], refusal=error)
    return _card(request, invoice, checked=FORMATS[einvoice_format], result=result)
