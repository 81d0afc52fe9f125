"""The e-CF set-up of a Dominican company on the web: e-NCF ranges, the signing certificate, what to renew.

Owners keep them here instead of asking the accountant to use the admin; both places write
through the same services. Guarded like the invoicing settings, which this page belongs to.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from apps.accounts.decorators import right_required
from apps.core.errors import ApplicationError
from apps.core.forms import error_place
from apps.tenants.http import MemberRequest

from .forms import EcfCertificateForm, EncfRangeForm
from .selectors import ecf_certificate_list, ecf_issuer, ecf_setup_warnings, encf_range_list
from .services import ecf_certificate_upload, encf_range_create

settings_required = right_required("invoicing.change_invoice")


def _ecf_issuer_require() -> None:
    """Other companies have no e-CF to set up: for them the page does not exist."""
    if not ecf_issuer():
        raise Http404


def _page(
    request: MemberRequest,
    *,
    range_form: EncfRangeForm | None = None,
    certificate_form: EcfCertificateForm | None = None,
    status: int = 200,
) -> HttpResponse:
    today = timezone.localdate()
    context = {
        "range_form": range_form or EncfRangeForm(),
        "certificate_form": certificate_form or EcfCertificateForm(),
        "ranges": encf_range_list(today=today),
        "certificates": ecf_certificate_list(today=today),
        "ecf_warnings": ecf_setup_warnings(today=today),
    }
    return render(request, "einvoicing/ecf_settings.html", context, status=status)


@settings_required
@require_GET
def ecf_settings_view(request: MemberRequest) -> HttpResponse:
    _ecf_issuer_require()
    return _page(request)


@settings_required
@require_POST
def encf_range_create_view(request: MemberRequest) -> HttpResponse:
    _ecf_issuer_require()
    form = EncfRangeForm(request.POST)
    if form.is_valid():
        try:
            created = encf_range_create(**form.row_data())
        except ApplicationError as error:
            error_place(error, form=form, rows={})
        else:
            messages.success(request, _("The e-NCF range %(range)s is recorded.") % {"range": created})
            return redirect("einvoicing:ecf_settings")
    return _page(request, range_form=form, status=400)


@settings_required
@require_POST
def ecf_certificate_upload_view(request: MemberRequest) -> HttpResponse:
    _ecf_issuer_require()
    form = EcfCertificateForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            stored = ecf_certificate_upload(
                p12=form.cleaned_data["certificate"].read(), password=form.cleaned_data["password"]
            )
        except ApplicationError as error:
            form.service_error_place(error)
        else:
            messages.success(
                request,
                _("The e-CF certificate of %(name)s is stored, valid until %(date)s.")
                % {"name": stored.subject_name, "date": timezone.localtime(stored.valid_to).date().isoformat()},
            )
            return redirect("einvoicing:ecf_settings")
    return _page(request, certificate_form=form, status=400)
