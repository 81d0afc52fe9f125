"""The "E-invoice" card of the invoice page: formats, downloads, the validators' findings, Peppol sending.

The invoice page loads the card with htmx from here, so invoicing never imports this app; without
htmx, "Validate" answers with a page of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from apps.accounts.decorators import right_required
from apps.core.errors import ApplicationError
from apps.invoicing.models import Invoice
from apps.invoicing.selectors import invoice_detail
from apps.tenants.http import MemberRequest

from .findings import finding_groups
from .formats import FORMATS, einvoice_check, einvoice_formats_for
from .selectors import ecf_setup_warnings, einvoice_sendable_formats, transmission_list
from .services import einvoice_transmit
from .services.transmissions import EinvoiceInvalid

# The code `einvoice_transmit` refuses a document with that the official rules reject.
invoicing_view_required = right_required("invoicing.view_invoice")
invoicing_edit_required = right_required("invoicing.change_invoice")


def _invoice(pk: int) -> Invoice:
    try:
        return invoice_detail(pk=pk)
    except Invoice.DoesNotExist:
        raise Http404 from None


def _card(request: MemberRequest, invoice: Invoice, **extra: Any) -> HttpResponse:
    """The card alone for htmx, inside a page of its own otherwise; a verdict's findings by the field they concern."""
    page = "einvoicing/partials/card.html" if request.headers.get("HX-Request") else "einvoicing/einvoice_page.html"
    if "result" in extra:
        extra["finding_groups"] = finding_groups(invoice=invoice, findings=extra["result"].findings)
    context = {
        "invoice": invoice,
        "formats": einvoice_formats_for(invoice=invoice),
        "sendable_formats": einvoice_sendable_formats(invoice=invoice),
        "can_send": request.user.has_perm("invoicing.change_invoice"),
        "transmissions": transmission_list(invoice=invoice),
        "ecf_warnings": ecf_setup_warnings(today=timezone.localdate()),
        **extra,
    }
    return render(request, page, context)


@invoicing_view_required
@require_GET
def einvoice_card_view(request: MemberRequest, pk: int) -> HttpResponse:
    return _card(request, _invoice(pk))


def _card_after(
    request: MemberRequest, pk: int, einvoice_format: str, action: Callable[[Invoice, str], dict[str, Any]]
) -> HttpResponse:
    """Runs `action` on the invoice and format: the card shows what it returns, or its refusal with the field."""
    invoice = _invoice(pk)
    if einvoice_format not in FORMATS:
        raise Http404
    try:
        shown = action(invoice, einvoice_format)
    except EinvoiceInvalid as invalid:  # each failed rule of the refused document, at its field
        shown = {"checked": FORMATS[einvoice_format], "refusal": invalid, "result": invalid.result}
    except ApplicationError as error:
        shown = {"checked": FORMATS[einvoice_format], "refusal": error}
    return _card(request, invoice, **shown)


@invoicing_view_required
@require_POST
def einvoice_validate_view(request: MemberRequest, pk: int, einvoice_format: str) -> HttpResponse:
    """Validation checks the document a download would give; like a download, it only ever stores an e-CF's
    one signature (`signed_ecf_get_or_create`), which issuing the e-NCF already committed the company to."""
    return _card_after(
        request,
        pk,
        einvoice_format,
        lambda invoice, key: {"checked": FORMATS[key], "result": einvoice_check(invoice=invoice, key=key)},
    )


@invoicing_edit_required
@require_POST
def einvoice_send_view(request: MemberRequest, pk: int, einvoice_format: str) -> HttpResponse:
    """Validates and queues the document; the card then lists it, or shows why it was refused."""
    return _card_after(
        request, pk, einvoice_format, lambda invoice, key: {"sent": einvoice_transmit(invoice=invoice, format_key=key)}
    )
