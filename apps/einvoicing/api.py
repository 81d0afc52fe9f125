"""`/api/v1/invoices/<id>/einvoice/<format>/`: the document, and the official validators' verdict on it."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.accounts.permissions import IsTenantMember
from apps.invoicing.api_pdf import CanViewInvoices
from apps.invoicing.models import Invoice
from apps.invoicing.selectors import invoice_detail

from .formats import FORMATS, einvoice_check, einvoice_document

FORMAT_PARAMETER = OpenApiParameter(
    "einvoice_format", OpenApiTypes.STR, OpenApiParameter.PATH, enum=list(FORMATS), description="The e-invoice format."
)


class FindingSerializer(serializers.Serializer):
    rule_id = serializers.CharField(help_text="The official rule id (BR-CO-10, PEPPOL-EN16931-R003 …) or XSD.")
    flag = serializers.ChoiceField(choices=["fatal", "error", "warning", "information"])
    location = serializers.CharField(help_text="XPath of the offending element, or line and column for XSD errors.")
    text = serializers.CharField()
    layer = serializers.CharField(help_text="xsd, kit, or the Schematron rule set that reported it.")


class EinvoiceValidateInputSerializer(serializers.Serializer):
    errors_only = serializers.BooleanField(
        required=False, default=False, help_text="Leave out warnings and information: only what makes it invalid."
    )


class EinvoiceValidationSerializer(serializers.Serializer):
    valid = serializers.BooleanField(help_text="No finding with the flag fatal or error.")
    profile = serializers.CharField()
    findings = FindingSerializer(many=True)


class EinvoiceApi(APIView):
    """Reading an invoice's e-invoice needs the invoicing view right; validating is a read too."""

    permission_classes = [IsTenantMember, CanViewInvoices]
    queryset = Invoice.objects.all()

    def _invoice(self, pk: int) -> Invoice:
        try:
            return invoice_detail(pk=pk)
        except Invoice.DoesNotExist as exc:
            raise Http404 from exc


class EinvoiceDocumentApi(EinvoiceApi):
    @extend_schema(
        parameters=[FORMAT_PARAMETER],
        responses={(200, "application/xml"): OpenApiTypes.BINARY, (200, "application/pdf"): OpenApiTypes.BINARY},
        description="The issued invoice or credit note as an e-invoice, downloaded as `<number>.xml` or `.pdf`.",
    )
    def get(self, request: Request, pk: int, einvoice_format: str) -> HttpResponse:
        invoice = self._invoice(pk)
        chosen, document = einvoice_document(invoice=invoice, key=einvoice_format)
        response = HttpResponse(document, content_type=chosen.content_type)
        response["Content-Disposition"] = (
            content_disposition_header(as_attachment=True, filename=chosen.filename(invoice)) or "attachment"
        )
        return response


class EinvoiceValidateApi(EinvoiceApi):
    @extend_schema(
        parameters=[FORMAT_PARAMETER],
        request=EinvoiceValidateInputSerializer,
        responses={200: EinvoiceValidationSerializer},
        description="Generates the document and runs the official validators (XSD, then the Schematron rules).",
    )
    def post(self, request: Request, pk: int, einvoice_format: str) -> Response:
        options = EinvoiceValidateInputSerializer(data=request.data)
        options.is_valid(raise_exception=True)
        result = einvoice_check(invoice=self._invoice(pk), key=einvoice_format)
        findings = result.errors() if options.validated_data["errors_only"] else result.findings
        output = {"valid": result.valid, "profile": result.profile, "findings": findings}
        return Response(EinvoiceValidationSerializer(output).data)
