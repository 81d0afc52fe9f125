"""`/api/v1/invoices/<id>/einvoice/<format>/`: the document, the validators' verdict, and sending it over Peppol."""

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
from apps.invoicing.api_actions import CanWorkOnInvoices
from apps.invoicing.api_pdf import CanViewInvoices
from apps.invoicing.models import Invoice
from apps.invoicing.selectors import invoice_detail

from .findings import finding_field
from .formats import FORMATS, einvoice_check, einvoice_document
from .models import EinvoiceTransmission
from .selectors import transmission_list
from .services import einvoice_transmit
from .validation import Finding

FORMAT_PARAMETER = OpenApiParameter(
    "einvoice_format", OpenApiTypes.STR, OpenApiParameter.PATH, enum=list(FORMATS), description="The e-invoice format."
)


class FindingSerializer(serializers.Serializer):
    rule_id = serializers.CharField(help_text="The official rule id (BR-CO-10, PEPPOL-EN16931-R003 …) or XSD.")
    flag = serializers.ChoiceField(choices=["fatal", "error", "warning", "information"])
    location = serializers.CharField(help_text="XPath of the offending element, or line and column for XSD errors.")
    text = serializers.CharField()
    layer = serializers.CharField(help_text="xsd, kit, or the Schematron rule set that reported it.")
    field = serializers.SerializerMethodField(
        help_text=(
            "Stable key of the field to fix: `customer.tax_id`, `customer.peppol_id`, `seller.iban` (invoicing "
            "settings), `invoice.buyer_reference`, `lines[2].unit_price` (the third line, counted from 0), … "
            "Empty when the finding concerns the document as a whole."
        )
    )
    field_label = serializers.SerializerMethodField(
        help_text='The field as the web page names it, in the request\'s language ("Customer: VAT ID", "Document").'
    )

    def get_field(self, finding: Finding) -> str:
        return finding_field(finding).key

    def get_field_label(self, finding: Finding) -> str:
        return finding_field(finding).label


class EinvoiceValidateInputSerializer(serializers.Serializer):
    errors_only = serializers.BooleanField(
        required=False, default=False, help_text="Leave out warnings and information: only what makes it invalid."
    )


class EinvoiceValidationSerializer(serializers.Serializer):
    valid = serializers.BooleanField(help_text="No finding with the flag fatal or error.")
    profile = serializers.CharField()
    findings = FindingSerializer(many=True)


class EinvoiceApi(APIView):
    """Reading and validating an invoice's e-invoice need the invoicing view right.

    Neither changes the invoice; the first read of an e-CF signs it and keeps the signed copy, so that
    every later read, the PDF's QR and DGII see the same security code.
    """

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
        description=(
            "Generates the document and runs the official validators (XSD, then the Schematron rules). Each "
            "finding names the field it concerns (`field`, `field_label`), as the invoice page groups them."
        ),
    )
    def post(self, request: Request, pk: int, einvoice_format: str) -> Response:
        options = EinvoiceValidateInputSerializer(data=request.data)
        options.is_valid(raise_exception=True)
        result = einvoice_check(invoice=self._invoice(pk), key=einvoice_format)
        findings = result.errors() if options.validated_data["errors_only"] else result.findings
        output = {"valid": result.valid, "profile": result.profile, "findings": findings}
        return Response(EinvoiceValidationSerializer(output).data)


class TransmissionSerializer(serializers.ModelSerializer):
    class Meta:
        model = EinvoiceTransmission
        fields = [
            "id",
            "format_key",
            "channel",
            "status",
            "reason",
            "sender_id",
            "receiver_id",
            "message_id",
            "security_code",
            "attempts",
            "created_at",
            "sent_at",
            "updated_at",
        ]
        read_only_fields = fields


class EinvoiceSendApi(EinvoiceApi):
    permission_classes = [IsTenantMember, CanWorkOnInvoices]  # sending (a POST) needs the edit right

    @extend_schema(
        parameters=[FORMAT_PARAMETER],
        request=None,
        responses={202: TransmissionSerializer},
        description=(
            "Validates the e-invoice and queues it for the Peppol network, or for DGII when the format is `ecf` "
            "(202; the e-CF is signed once and `security_code` comes from that signature; a consumer invoice "
            "under DOP 250,000 goes as its RFCE summary). Invalid documents are refused with 400 "
            "`einvoice_invalid`, then one `einvoice_rule` error per failed rule naming its field, and nothing "
            "is sent. While a transmission is active, "
            "sending again answers 202 with that same transmission."
        ),
    )
    def post(self, request: Request, pk: int, einvoice_format: str) -> Response:
        transmission = einvoice_transmit(invoice=self._invoice(pk), format_key=einvoice_format)
        return Response(TransmissionSerializer(transmission).data, status=202)


class EinvoiceTransmissionListApi(EinvoiceApi):
    @extend_schema(
        responses={200: TransmissionSerializer(many=True)}, description="Peppol and DGII transmissions, newest first."
    )
    def get(self, request: Request, pk: int) -> Response:
        rows = transmission_list(invoice=self._invoice(pk))
        return Response(TransmissionSerializer(rows, many=True).data)
