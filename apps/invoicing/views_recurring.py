"""Recurring invoices on the web under /invoices/recurring/: list, editor, pause and resume.

The editor is the invoice editor's header and lines with a schedule on top; its live totals
and "add line" rows come from the invoice editor's endpoints.
"""

from __future__ import annotations

from typing import cast

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.tenants.http import MemberRequest

from . import services
from .forms import draft_data, line_initial
from .forms_recurring import RecurringForm, recurring_initial
from .models import Invoice, RecurringInvoice
from .recurring_selectors import recurring_invoice_detail, recurring_invoice_list
from .views import invoicing_edit_required, invoicing_view_required, lines_editor_page


def _recurring(pk: int) -> RecurringInvoice:
    try:
        return recurring_invoice_detail(pk=pk)
    except RecurringInvoice.DoesNotExist:
        raise Http404 from None


@invoicing_view_required
@require_GET
def recurring_list_view(request: MemberRequest) -> HttpResponse:
    context = {
        "templates": recurring_invoice_list().order_by("-is_active", "next_run", "name"),
        "can_edit": request.user.has_perm("invoicing.change_invoice"),
    }
    return render(request, "invoicing/recurring_list.html", context)


def _editor(request: MemberRequest, recurring: RecurringInvoice | None) -> HttpResponse:
    def save(header: RecurringForm, rows: list[forms.Form]) -> HttpResponse:
        schedule, draft = header.schedule_data(), draft_data(header, rows)
        if recurring:
            saved = services.recurring_invoice_update(recurring=recurring, schedule=schedule, draft=draft)
        else:
            saved = services.recurring_invoice_create(schedule=schedule, draft=draft)
        messages.success(request, _("The recurring invoice is saved."))
        return redirect("invoicing:recurring_edit", pk=saved.pk)

    return lines_editor_page(
        request,
        header_form=RecurringForm,
        header_initial=recurring_initial(recurring) if recurring else {"start_date": timezone.localdate()},
        lines_initial=line_initial(cast(Invoice, recurring)) if recurring else None,  # the same line fields
        save=save,
        template="invoicing/recurring_form.html",
        context={
            "recurring": recurring,
            "made": list(recurring.invoices.order_by("-recurring_period")[:24]) if recurring else [],
        },
    )


@invoicing_edit_required
@require_http_methods(["GET", "POST"])
def recurring_create_view(request: MemberRequest) -> HttpResponse:
    return _editor(request, None)


@invoicing_edit_required
@require_http_methods(["GET", "POST"])
def recurring_edit_view(request: MemberRequest, pk: int) -> HttpResponse:
    return _editor(request, _recurring(pk))


@invoicing_edit_required
@require_POST
def recurring_pause_view(request: MemberRequest, pk: int) -> HttpResponse:
    recurring = services.recurring_invoice_pause(recurring=_recurring(pk))
    messages.success(request, _("%(name)s is paused.") % {"name": recurring.name})
    return redirect("invoicing:recurring_list")


@invoicing_edit_required
@require_POST
def recurring_resume_view(request: MemberRequest, pk: int) -> HttpResponse:
    recurring = services.recurring_invoice_resume(recurring=_recurring(pk), on=timezone.localdate())
    messages.success(request, _("%(name)s is active again.") % {"name": recurring.name})
    return redirect("invoicing:recurring_list")
