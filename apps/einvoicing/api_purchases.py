"""`/api/v1/purchase-ecf/`: purchase e-CF (41, 43, 47) a Dominican company issues itself, and sending them to DGII.

Issuing is the create call (it signs, so there are no drafts); the document is read-only afterwards.
Rights are those of the e-invoicing module: reading needs `view`, issuing and sending `edit`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from apps.accounts.permissions import ModuleRightsPermission
from apps.parties.models import Party

from .api import TransmissionSerializer
from .models import PURCHASE_ECF_TYPES, ItbisBucket, PurchaseEcf, PurchaseEcfLine
from .purchase_selectors import purchase_ecf_document, purchase_ecf_list
from .services import PurchaseLineData, purchase_ecf_create, purchase_ecf_transmit


class PurchaseEcfLineInputSerializer(serializers.Serializer):
    description = serializers.CharField(help_text="First line: NombreItem (80 characters); the rest: DescripcionItem.")
    quantity = serializers.DecimalField(max_digits=18, decimal_places=2)
    unit_price = serializers.DecimalField(max_digits=20, decimal_places=4)
    itbis_bucket = serializers.ChoiceField(
        choices=ItbisBucket.choices,
        default=ItbisBucket.EXEMPT,
        help_text="DGII's IndicadorFacturacion: 1 ITBIS 18 %, 2 ITBIS 16 %, 3 ITBIS 0 %, 4 exempt (only 41 has ITBIS).",
    )
    is_service = serializers.BooleanField(default=True)
    itbis_withheld = serializers.DecimalField(max_digits=18, decimal_places=2, default=Decimal("0.00"))
    isr_withheld = serializers.DecimalField(max_digits=18, decimal_places=2, default=Decimal("0.00"))


class PurchaseEcfInputSerializer(serializers.Serializer):
    ecf_type = serializers.ChoiceField(choices=[(kind.value, kind.label) for kind in PURCHASE_ECF_TYPES])
    supplier = serializers.PrimaryKeyRelatedField(
        queryset=Party.objects.all(),
        allow_null=True,
        default=None,
        help_text="Required for 41 (Dominican RNC or cédula) and 47 (abroad); optional for 43.",
    )
    issue_date = serializers.DateField()
    lines = PurchaseEcfLineInputSerializer(many=True)

    def purchase_data(self) -> dict[str, Any]:
        data = dict(self.validated_data)
        data["lines"] = [PurchaseLineData(**line) for line in data["lines"]]
        return data


class PurchaseEcfLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = PurchaseEcfLine
        fields = [
            "position",
            "description",
            "is_service",
            "quantity",
            "unit_price",
            "itbis_bucket",
            "amount",
            "itbis_withheld",
            "isr_withheld",
        ]
        read_only_fields = fields


class PurchaseEcfSerializer(serializers.ModelSerializer):
    lines = PurchaseEcfLineSerializer(many=True, read_only=True)

    class Meta:
        model = PurchaseEcf
        fields = [
            "id",
            "ecf_type",
            "encf",
            "supplier",
            "supplier_name",
            "supplier_tax_id",
            "issue_date",
            "currency",
            "taxable_amount",
            "exempt_amount",
            "itbis_amount",
            "total",
            "itbis_withheld",
            "isr_withheld",
            "amount_payable",
            "security_code",
            "signed_at",
            "lines",
        ]
        read_only_fields = fields


class PurchaseEcfViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = PurchaseEcf.objects.all()
    serializer_class = PurchaseEcfSerializer
    permission_classes = [ModuleRightsPermission]
    filterset_fields = ["ecf_type", "supplier", "issue_date"]
    ordering_fields = ["issue_date", "encf"]

    def get_queryset(self) -> Any:
        return purchase_ecf_list()

    @extend_schema(
        request=PurchaseEcfInputSerializer,
        responses={201: PurchaseEcfSerializer},
        description=(
            "Issues a purchase e-CF: takes the next e-NCF of the type, signs with the company certificate and "
            "validates against DGII's schema. Refusals name the field (`supplier`, `lines.2.unit_price` …); "
            "a refused document uses no number and stores nothing."
        ),
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = PurchaseEcfInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        purchase = purchase_ecf_create(**data.purchase_data())
        return Response(PurchaseEcfSerializer(self.get_queryset().get(pk=purchase.pk)).data, status.HTTP_201_CREATED)

    @extend_schema(
        responses={(200, "application/xml"): OpenApiTypes.BINARY},
        description="The signed e-CF exactly as stored and sent, named `<RNC><e-NCF>.xml` as DGII names files.",
    )
    @action(detail=True, methods=["get"])
    def xml(self, request: Request, pk: str | None = None) -> HttpResponse:
        filename, document = purchase_ecf_document(pk=self.get_object().pk)
        response = HttpResponse(document, content_type="application/xml")
        response["Content-Disposition"] = (
            content_disposition_header(as_attachment=True, filename=filename) or "attachment"
        )
        return response

    @extend_schema(
        request=None,
        responses={202: TransmissionSerializer},
        description=(
            "Queues the signed e-CF for DGII (202). While a transmission is active, sending again answers 202 "
            "with that same transmission."
        ),
    )
    @action(detail=True, methods=["post"])
    def send(self, request: Request, pk: str | None = None) -> Response:
        transmission = purchase_ecf_transmit(purchase=self.get_object())
        return Response(TransmissionSerializer(transmission).data, status=status.HTTP_202_ACCEPTED)
