"""Quotes, orders and delivery notes on the web: lists, detail pages with quick actions, a quote editor.

Thin views: forms parse, the services in `services` decide. The quote editor reuses the invoice
editor's line formset, its "add line" row and its live totals endpoint.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Model, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.accounts.decorators import right_required
from apps.core.errors import ApplicationError
from apps.invoicing.forms import line_initial
from apps.invoicing.views import lines_editor_page
from apps.tenants.http import MemberRequest

from . import services
from .forms import QuantitiesForm, QuoteForm, SalesFilterForm, quote_data, quote_initial
from .models import DeliveryNote, OrderStatus, Quote, QuoteStatus, SalesOrder
from .selectors import (
    delivery_note_detail,
    delivery_note_list,
    order_detail,
    order_invoices,
    order_list,
    order_progress,
    quote_detail,
    quote_list,
    sales_document_totals,
)
from .services import QuantityData

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

PAGE_SIZE = 50
EDIT_RIGHT = "invoicing.change_invoice"

sales_view_required = right_required("invoicing.view_invoice")
sales_edit_required = right_required(EDIT_RIGHT)


def _found(load: Callable[..., Any], pk: int) -> Any:
    try:
        return load(pk=pk)
    except (Quote.DoesNotExist, SalesOrder.DoesNotExist, DeliveryNote.DoesNotExist):
        raise Http404 from None


def _list(
    request: MemberRequest,
    documents: Callable[..., QuerySet[Model]],
    statuses: Sequence[tuple[str, StrOrPromise]],
    template: str,
) -> HttpResponse:
    filters = SalesFilterForm(request.GET, statuses=statuses)
    chosen = filters.cleaned_data if filters.is_valid() else None
    page = Paginator(documents(filters=chosen).order_by("-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"filters": filters, "page": page, "can_edit": request.user.has_perm(EDIT_RIGHT)}
    return render(request, template, context)


@sales_view_required
@require_GET
def quote_list_view(request: MemberRequest) -> HttpResponse:
    return _list(request, quote_list, QuoteStatus.choices, "sales/quote_list.html")


@sales_view_required
@require_GET
def order_list_view(request: MemberRequest) -> HttpResponse:
    return _list(request, order_list, OrderStatus.choices, "sales/order_list.html")


@sales_view_required
@require_GET
def delivery_note_list_view(request: MemberRequest) -> HttpResponse:
    return _list(request, delivery_note_list, [], "sales/delivery_note_list.html")


def _editor(request: MemberRequest, quote: Quote | None) -> HttpResponse:
    def save(header: QuoteForm, rows: list[forms.Form]) -> HttpResponse:
        data = quote_data(header, rows)
        saved = services.quote_update(quote=quote, data=data) if quote else services.quote_create(data=data)
        messages.success(request, _("The quote is saved."))
        return redirect("sales:quote_detail", pk=saved.pk)

    return lines_editor_page(
        request,
        header_form=QuoteForm,
        header_initial=quote_initial(quote) if quote else None,
        lines_initial=line_initial(quote) if quote else None,  # type: ignore[arg-type]
        save=save,
        template="sales/quote_form.html",
        context={"quote": quote},
    )


@sales_edit_required
@require_http_methods(["GET", "POST"])
def quote_create_view(request: MemberRequest) -> HttpResponse:
    return _editor(request, None)


@sales_edit_required
@require_http_methods(["GET", "POST"])
def quote_edit_view(request: MemberRequest, pk: int) -> HttpResponse:
    quote = _found(quote_detail, pk)
    if quote.status != QuoteStatus.DRAFT:
        messages.info(request, _("Quote %(quote)s is sent and cannot be changed.") % {"quote": quote})
        return redirect("sales:quote_detail", pk=quote.pk)
    return _editor(request, quote)


@sales_view_required
@require_GET
def quote_detail_view(request: MemberRequest, pk: int) -> HttpResponse:
    quote = _found(quote_detail, pk)
    totals = sales_document_totals(currency=quote.currency, lines=quote.lines.all())
    context = {
        "quote": quote,
        "totals": totals,
        "lines": list(zip(quote.lines.all(), totals.lines, strict=True)),
        "can_edit": request.user.has_perm(EDIT_RIGHT),
    }
    return render(request, "sales/quote_detail.html", context)


QUOTE_ACTIONS: dict[str, tuple[Callable[..., Any], StrOrPromise]] = {
    "send": (lambda quote: services.quote_send(quote=quote), gettext_lazy("Quote %(number)s is sent.")),
    "accept": (lambda quote: services.quote_accept(quote=quote), gettext_lazy("Quote %(number)s is accepted.")),
    "decline": (lambda quote: services.quote_decline(quote=quote), gettext_lazy("Quote %(number)s is declined.")),
}


@sales_edit_required
@require_POST
def quote_action_view(request: MemberRequest, pk: int, action: str) -> HttpResponse:
    """Send, accept or decline: one button each on the quote's page."""
    if action not in QUOTE_ACTIONS:
        raise Http404
    quote = _found(quote_detail, pk)
    act, done = QUOTE_ACTIONS[action]
    try:
        quote = act(quote)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, str(done) % {"number": quote.number})
    return redirect("sales:quote_detail", pk=quote.pk)


@sales_edit_required
@require_POST
def order_create_view(request: MemberRequest, pk: int) -> HttpResponse:
    quote = _found(quote_detail, pk)
    try:
        order = services.order_create_from_quote(quote=quote)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("sales:quote_detail", pk=quote.pk)
    messages.success(request, _("Order %(number)s is confirmed.") % {"number": order.number})
    return redirect("sales:order_detail", pk=order.pk)


def _order_page(
    request: MemberRequest, order: SalesOrder, forms: dict[str, QuantitiesForm] | None = None
) -> HttpResponse:
    progress = order_progress(order=order)
    forms = forms or {}
    has_delivery = any(item.delivered for item in progress)
    context = {
        "order": order,
        "progress": progress,
        "totals": sales_document_totals(currency=order.currency, lines=[item.line for item in progress]),
        "delivery_notes": list(order.delivery_notes.all()),
        "invoices": list(order_invoices(order=order)),
        "can_edit": request.user.has_perm(EDIT_RIGHT),
        "is_open": order.status != OrderStatus.CANCELLED,
        "deliver_form": forms.get("deliver") or QuantitiesForm(progress=progress, open_of="undelivered"),
        "invoice_form": forms.get("invoice")
        or QuantitiesForm(progress=progress, open_of="delivered_uninvoiced" if has_delivery else "uninvoiced"),
    }
    return render(request, "sales/order_detail.html", context, status=400 if forms else 200)


@sales_view_required
@require_GET
def order_detail_view(request: MemberRequest, pk: int) -> HttpResponse:
    return _order_page(request, _found(order_detail, pk))


def _quantities_refused(form: QuantitiesForm, error: ApplicationError) -> None:
    """Puts `lines.N.quantity` beside the N-th line the user filled in, anything else above the form."""
    parts = (error.field or "").split(".")
    chosen = form.quantities()
    if parts[0] == "lines" and len(parts) == 3 and int(parts[1]) < len(chosen):
        form.add_error(f"line-{chosen[int(parts[1])].position}", error.message)
    else:
        form.add_error(None, error.message)


def _with_quantities(
    request: MemberRequest, pk: int, form_name: str, act: Callable[[SalesOrder, list[QuantityData]], HttpResponse]
) -> HttpResponse:
    """Parses the quantities form `form_name` of the order page and hands them to `act`, or shows the refusal."""
    order = _found(order_detail, pk)
    # A posted form's prefills do not matter; "undelivered" is any of the quantities.
    form = QuantitiesForm(request.POST, progress=order_progress(order=order), open_of="undelivered")
    if form.is_valid():
        try:
            return act(order, form.quantities())
        except ApplicationError as error:
            _quantities_refused(form, error)
    return _order_page(request, order, {form_name: form})


@sales_edit_required
@require_POST
def order_deliver_view(request: MemberRequest, pk: int) -> HttpResponse:
    def deliver(order: SalesOrder, lines: list[QuantityData]) -> HttpResponse:
        note = services.delivery_note_create(order=order, lines=lines)
        messages.success(request, _("Delivery note %(number)s is written.") % {"number": note.number})
        return redirect("sales:order_detail", pk=order.pk)

    return _with_quantities(request, pk, "deliver", deliver)


@sales_edit_required
@require_POST
def order_invoice_view(request: MemberRequest, pk: int) -> HttpResponse:
    """A draft invoice for the chosen quantities, opened in the invoice editor to check and issue."""

    def invoice(order: SalesOrder, lines: list[QuantityData]) -> HttpResponse:
        draft = services.invoice_create_from_order(order=order, lines=lines)
        messages.success(request, _("A draft invoice for order %(number)s is created.") % {"number": order.number})
        return redirect("invoicing:edit", pk=draft.pk)

    return _with_quantities(request, pk, "invoice", invoice)


@sales_edit_required
@require_POST
def order_cancel_view(request: MemberRequest, pk: int) -> HttpResponse:
    order = _found(order_detail, pk)
    try:
        services.order_cancel(order=order)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Order %(number)s is cancelled.") % {"number": order.number})
    return redirect("sales:order_detail", pk=order.pk)


@sales_view_required
@require_GET
def delivery_note_detail_view(request: MemberRequest, pk: int) -> HttpResponse:
    return render(request, "sales/delivery_note_detail.html", {"note": _found(delivery_note_detail, pk)})
