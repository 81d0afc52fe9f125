"""Invoices on the web for owners: list, editor with live totals (htmx), detail with quick actions.

Thin views: forms parse, the services in `services` decide, and their `ApplicationError`s are
shown beside the field they name ("lines.1.quantity" is the second filled row's quantity).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.forms.models import model_to_dict
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.accounts.decorators import right_required
from apps.catalog.models import Product
from apps.catalog.selectors import product_detail, product_search
from apps.core.errors import ApplicationError
from apps.core.forms import error_place, filled_rows
from apps.parties.models import Party
from apps.parties.selectors import party_list, party_search
from apps.tenants.http import MemberRequest

from . import services
from .customer_selectors import customer_documents, customer_open_items
from .forms import (
    DraftForm,
    InvoiceFilterForm,
    InvoicingSettingsForm,
    LineForm,
    LineFormSet,
    PaymentForm,
    draft_data,
    draft_initial,
    line_initial,
    live_document_input,
    product_line_initial,
)
from .models import Invoice, InvoicingSettings
from .payment_selectors import invoice_open_amount
from .selectors import invoice_detail, invoice_list, invoice_totals
from .services.settings import EDITABLE as EDITABLE_SETTINGS
from .totals import document_totals

PAGE_SIZE = 50
PICKER_LIMIT = 15
LINES_PREFIX = "lines"


invoicing_view_required = right_required("invoicing.view_invoice")
invoicing_edit_required = right_required("invoicing.change_invoice")


def _invoice(pk: int) -> Invoice:
    try:
        return invoice_detail(pk=pk)
    except Invoice.DoesNotExist:
        raise Http404 from None


@invoicing_view_required
@require_GET
def invoice_list_view(request: MemberRequest) -> HttpResponse:
    filters = InvoiceFilterForm(request.GET)
    chosen = filters.cleaned_data if filters.is_valid() else None
    invoices = invoice_list(filters=chosen).order_by("-issue_date", "-id")
    page = Paginator(invoices, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"filters": filters, "page": page, "can_edit": request.user.has_perm("invoicing.change_invoice")}
    return render(request, "invoicing/invoice_list.html", context)


def lines_editor_page(
    request: MemberRequest,
    *,
    header_form: type[forms.Form],
    header_initial: dict[str, Any] | None,
    lines_initial: list[dict[str, Any]] | None,
    save: Callable[[Any, list[Any]], HttpResponse],
    template: str,
    context: dict[str, Any],
) -> HttpResponse:
    """The round trip every header-plus-lines editor shares (invoice, recurring invoice, quote).

    GET shows the forms filled from the initials; POST parses both and hands the valid header and
    the filled rows to `save`, whose `ApplicationError` lands beside the field it names (a 400 page).
    """
    if request.method == "POST":
        header = header_form(request.POST)
        lines = LineFormSet(request.POST, prefix=LINES_PREFIX)
        if header.is_valid() and lines.is_valid():
            rows = filled_rows(lines)
            try:
                return save(header, rows)
            except ApplicationError as error:
                error_place(error, form=header, rows={LINES_PREFIX: rows})
        status = 400
    else:
        header = header_form(initial=header_initial)
        lines = LineFormSet(initial=lines_initial, prefix=LINES_PREFIX)
        status = 200
    return render(request, template, {**context, "header": header, "lines": lines}, status=status)


def _editor(request: MemberRequest, invoice: Invoice | None) -> HttpResponse:
    def save(header: DraftForm, rows: list[forms.Form]) -> HttpResponse:
        data = draft_data(header, rows)
        saved = services.invoice_update(invoice=invoice, data=data) if invoice else services.invoice_create(data=data)
        messages.success(request, _("The draft is saved."))
        return redirect("invoicing:detail", pk=saved.pk)

    return lines_editor_page(
        request,
        header_form=DraftForm,
        header_initial=draft_initial(invoice) if invoice else {"customer": request.GET.get("customer")},
        lines_initial=line_initial(invoice) if invoice else None,
        save=save,
        template="invoicing/invoice_form.html",
        context={"invoice": invoice},
    )


@invoicing_edit_required
@require_http_methods(["GET", "POST"])
def invoice_create_view(request: MemberRequest) -> HttpResponse:
    return _editor(request, None)


@invoicing_edit_required
@require_http_methods(["GET", "POST"])
def invoice_edit_view(request: MemberRequest, pk: int) -> HttpResponse:
    invoice = _invoice(pk)
    if not invoice.is_draft:
        messages.info(request, _("Invoice %(number)s is issued and cannot be changed.") % {"number": invoice.number})
        return redirect("invoicing:detail", pk=invoice.pk)
    return _editor(request, invoice)


@invoicing_edit_required
@require_POST
def invoice_totals_view(request: MemberRequest) -> HttpResponse:
    """The editor's live totals, computed by the EN 16931 engine from the unsaved form."""
    doc = live_document_input(DraftForm(request.POST), LineFormSet(request.POST, prefix=LINES_PREFIX))
    totals = document_totals(doc) if doc else None
    return render(request, "invoicing/partials/totals.html", {"totals": totals})


@invoicing_edit_required
@require_GET
def invoice_line_view(request: MemberRequest) -> HttpResponse:
    """One more blank row for the editor, and the formset's new row count (out of band)."""
    try:
        index = max(0, int(request.GET.get(f"{LINES_PREFIX}-TOTAL_FORMS", "0")))
    except ValueError:
        index = 0
    form = LineForm(prefix=f"{LINES_PREFIX}-{index}", initial=_product_initial(request), use_required_attribute=False)
    return render(request, "invoicing/partials/line_row.html", {"form": form, "total": index + 1, "oob": True})


def _product_initial(request: MemberRequest) -> dict[str, Any] | None:
    """A row prefilled from `?product=<id>` (the editor's product search), blank without one."""
    pk = request.GET.get("product", "")
    if not pk.isdigit():
        return None
    try:
        return product_line_initial(product_detail(pk=int(pk)))
    except Product.DoesNotExist:
        return None


@invoicing_edit_required
@require_GET
def customer_options_view(request: MemberRequest) -> HttpResponse:
    """The editor's customer picker: active customers matching `?q=` as <option>s, best first."""
    found = party_search(request.GET.get("q", ""), active_customers_only=True)
    return render(request, "invoicing/partials/customer_options.html", {"customers": found})


@invoicing_edit_required
@require_GET
def product_options_view(request: MemberRequest) -> HttpResponse:
    """The editor's product search: each hit adds a line prefilled from the product."""
    products = product_search(query=request.GET.get("q", ""), limit=PICKER_LIMIT)
    return render(request, "invoicing/partials/product_options.html", {"products": products})


@invoicing_view_required
@require_GET
def customer_account_view(request: MemberRequest, pk: int) -> HttpResponse:
    """A customer's open items (with totals and credit limit used) and all their documents."""
    try:
        customer = party_list(filters={"is_customer": True}).get(pk=pk)
    except Party.DoesNotExist:
        raise Http404 from None
    documents = Paginator(customer_documents(customer=customer), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "account": customer_open_items(customer=customer, on=timezone.localdate()),
        "customer": customer,
        "documents": documents,
        "can_edit": request.user.has_perm("invoicing.change_invoice"),
    }
    return render(request, "invoicing/customer_account.html", context)


@invoicing_view_required
@require_GET
def invoice_detail_view(request: MemberRequest, pk: int) -> HttpResponse:
    invoice = _invoice(pk)
    totals = invoice_totals(invoice)
    open_amount = invoice_open_amount(invoice)
    context = {
        "invoice": invoice,
        "totals": totals,
        "lines": list(zip(invoice.lines.all(), totals.lines, strict=True)),
        "payments": list(invoice.payments.all()),
        "dispatches": list(invoice.dispatches.all()),
        "can_edit": request.user.has_perm("invoicing.change_invoice"),
        "open_amount": open_amount,
        "payment_form": PaymentForm(initial={"amount": open_amount, "paid_on": timezone.localdate()}),
    }
    return render(request, "invoicing/invoice_detail.html", context)


@invoicing_edit_required
@require_POST
def invoice_issue_view(request: MemberRequest, pk: int) -> HttpResponse:
    invoice = _invoice(pk)
    try:
        issued = services.invoice_issue(invoice=invoice)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Invoice %(number)s is issued.") % {"number": issued.number})
    return redirect("invoicing:detail", pk=invoice.pk)


@invoicing_edit_required
@require_POST
def payment_record_view(request: MemberRequest, pk: int) -> HttpResponse:
    invoice = _invoice(pk)
    form = PaymentForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            text = " ".join(str(error) for error in errors)
            messages.error(request, f"{form.fields[field].label}: {text}" if field in form.fields else text)
        return redirect("invoicing:detail", pk=invoice.pk)
    try:
        services.payment_record(invoice=invoice, **form.cleaned_data)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The payment is recorded."))
    return redirect("invoicing:detail", pk=invoice.pk)


@invoicing_edit_required
@require_POST
def credit_note_create_view(request: MemberRequest, pk: int) -> HttpResponse:
    """A full credit note as a draft, opened in the editor's detail page to check and issue."""
    invoice = _invoice(pk)
    try:
        credit_note = services.credit_note_create(invoice=invoice)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("invoicing:detail", pk=invoice.pk)
    messages.success(request, _("A draft credit note for %(number)s is created.") % {"number": invoice.number})
    return redirect("invoicing:detail", pk=credit_note.pk)


@invoicing_edit_required
@require_POST
def debit_note_create_view(request: MemberRequest, pk: int) -> HttpResponse:
    """An empty draft debit note, opened in the editor to add what it charges."""
    invoice = _invoice(pk)
    try:
        debit_note = services.debit_note_create(invoice=invoice)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("invoicing:detail", pk=invoice.pk)
    messages.success(
        request, _("A draft debit note for %(number)s is created; add what it charges.") % {"number": invoice.number}
    )
    return redirect("invoicing:edit", pk=debit_note.pk)


@invoicing_edit_required
@require_POST
def invoice_send_view(request: MemberRequest, pk: int) -> HttpResponse:
    invoice = _invoice(pk)
    try:
        dispatch = services.invoice_send(invoice=invoice)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The e-mail to %(recipients)s is queued.") % {"recipients": dispatch.recipients})
    return redirect("invoicing:detail", pk=invoice.pk)


@invoicing_edit_required
@require_http_methods(["GET", "POST"])
def invoicing_settings_view(request: MemberRequest) -> HttpResponse:
    """Bank details, footer, credit note series and the contact e-invoices carry."""
    current = InvoicingSettings.objects.filter(pk=1).first() or InvoicingSettings()
    form = InvoicingSettingsForm(request.POST or None, initial=model_to_dict(current, fields=EDITABLE_SETTINGS))
    if request.method == "POST" and form.is_valid():
        try:
            services.invoicing_settings_update(data=form.cleaned_data)
        except ApplicationError as error:
            error_place(error, form=form, rows={})
        else:
            messages.success(request, _("The invoicing settings are saved."))
            return redirect("invoicing:settings")
    status = 400 if request.method == "POST" else 200
    return render(request, "invoicing/settings.html", {"form": form}, status=status)
