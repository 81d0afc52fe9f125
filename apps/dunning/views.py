"""The dunning page under /dunning/: overdue invoices and their levels, notices, run now, stop per customer."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from apps.accounts.decorators import right_required
from apps.core.errors import ApplicationError
from apps.core.pdf import pdf_response
from apps.invoicing.models import Invoice
from apps.parties.models import Party
from apps.tenants.http import MemberRequest

from .letters import notice_filename, notice_pdf
from .selectors import notice_list, overdue_list
from .services import dunning_notice_create, dunning_run, dunning_stop_set

NOTICES_SHOWN = 50
dunning_view_required = right_required("dunning.view_dunningnotice")
dunning_edit_required = right_required("dunning.change_dunningnotice")


@dunning_view_required
@require_GET
def dunning_index_view(request: MemberRequest) -> HttpResponse:
    today = timezone.localdate()
    context = {
        "today": today,
        "overdue": overdue_list(on=today),
        "notices": notice_list()[:NOTICES_SHOWN],
        "can_edit": request.user.has_perm("dunning.change_dunningnotice"),
    }
    return render(request, "dunning/index.html", context)


@dunning_edit_required
@require_POST
def dunning_run_view(request: MemberRequest) -> HttpResponse:
    created = dunning_run(on=timezone.localdate())
    messages.success(request, _("%(count)d notice(s) created.") % {"count": len(created)})
    return redirect("dunning:index")


@dunning_edit_required
@require_POST
def dunning_notice_create_view(request: MemberRequest, invoice_pk: int) -> HttpResponse:
    invoice = get_object_or_404(Invoice, pk=invoice_pk)
    try:
        notice = dunning_notice_create(invoice=invoice, on=timezone.localdate())
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(level)s created for %(invoice)s.") % {"level": notice.level, "invoice": invoice})
    return redirect("dunning:index")


@dunning_edit_required
@require_POST
def dunning_stop_set_view(request: MemberRequest, party_pk: int) -> HttpResponse:
    """Stops (`stopped=1`, with reason and optional end) or resumes (`stopped=0`) one customer."""
    party = get_object_or_404(Party, pk=party_pk)
    until_text = request.POST.get("until", "").strip()
    try:
        until = datetime.date.fromisoformat(until_text) if until_text else None
    except ValueError:
        messages.error(request, _("Enter the date as YYYY-MM-DD."))
        return redirect("dunning:index")
    stopping = request.POST.get("stopped") == "1"
    try:
        dunning_stop_set(party=party, stopped=stopping, reason=request.POST.get("reason", ""), until=until)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        text = _("Dunning stopped for %(party)s.") if stopping else _("Dunning resumed for %(party)s.")
        messages.success(request, text % {"party": party.legal_name})
    return redirect("dunning:index")


@dunning_view_required
@require_GET
def dunning_notice_pdf_view(request: MemberRequest, pk: int) -> HttpResponse:
    notice = get_object_or_404(notice_list(), pk=pk)
    return pdf_response(notice_pdf(notice=notice), filename=notice_filename(notice))
