"""`GET /api/v1/invoices/<id>/pdf/`: the invoice or credit note as the customer receives it."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.views import APIView

from apps.accounts.permissions import IsTenantMember
from apps.core.pdf import pdf_response

from .models import Invoice
from .pdf import invoice_pdf
from .selectors import invoice_detail


class CanViewInvoices(BasePermission):
    """The member needs the `view` right of module `invoicing`."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user.has_perm("invoicing.view_invoice"))


class InvoicePdfApi(APIView):
    """The PDF of one invoice or credit note (drafts carry a DRAFT watermark), shown inline."""

    permission_classes = [IsTenantMember, CanViewInvoices]
    queryset = Invoice.objects.all()

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    def get(self, request: Request, pk: int) -> HttpResponse:
        try:
            invoice = invoice_detail(pk=pk)
        except Invoice.DoesNotExist as exc:
            raise Http404 from exc
        return pdf_response(invoice_pdf(invoice=invoice), filename=f"{invoice.number or f'draft-{invoice.pk}'}.pdf")
