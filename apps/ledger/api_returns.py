"""The VAT return and the files a company hands to its tax advisor or tax office.

Each endpoint reads the period from the query string and leaves the work to a selector
or an export, which also decide whether the company's country has the report at all.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.conf import settings
from django.http import StreamingHttpResponse
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.accounts.permissions import IsTenantMember
from apps.tenants.http import MemberApiRequest

from .api import CanViewLedger, query_params_validated
from .exports.datev import (
    ADVISOR_RANGE,
    CLIENT_RANGE,
    DEFAULT_ADVISOR,
    DEFAULT_CLIENT,
    datev_accounts,
    datev_bookings,
)
from .exports.dgii import dgii_file, dgii_rnc
from .selectors.vat_returns import vat_return
from .serializers import DateRangeQuerySerializer


class DatevClientInputSerializer(serializers.Serializer):
    """Whose books these are at DATEV: the tax advisor's and the client's numbers."""

    advisor = serializers.IntegerField(
        default=DEFAULT_ADVISOR, min_value=ADVISOR_RANGE[0], max_value=ADVISOR_RANGE[1], help_text="Beraternummer"
    )
    client = serializers.IntegerField(
        default=DEFAULT_CLIENT, min_value=CLIENT_RANGE[0], max_value=CLIENT_RANGE[1], help_text="Mandantennummer"
    )


class DatevBookingsInputSerializer(DateRangeQuerySerializer, DatevClientInputSerializer):
    pass


class DgiiInputSerializer(serializers.Serializer):
    period = serializers.CharField(help_text="YYYYMM")


class VatBoxSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field named like Field.label
    amount = serializers.DecimalField(max_digits=settings.KONTOR_AMOUNT_DIGITS, decimal_places=2)


class VatReturnSerializer(serializers.Serializer):
    country = serializers.CharField()
    boxes = VatBoxSerializer(many=True)

    def get_fields(self) -> dict[str, serializers.Field]:
        return {**super().get_fields(), "from": serializers.DateField(), "to": serializers.DateField()}


def _download(chunks: Iterator[bytes], content_type: str, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(chunks, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


class VatReturnApi(APIView):
    """The company's periodic VAT return (UStVA, Belgian grids or IT-1) for a date range."""

    permission_classes = [IsTenantMember, CanViewLedger]

    @extend_schema(parameters=[DateRangeQuerySerializer], responses=VatReturnSerializer)
    def get(self, request: MemberApiRequest) -> Response:  # type: ignore[override]
        period = query_params_validated(DateRangeQuerySerializer, request)
        country = request.tenant.country
        boxes = vat_return(country=country, from_date=period["from"], to_date=period["to"])
        return Response(VatReturnSerializer({"country": country, "boxes": boxes, **period}).data)


class DatevBookingsApi(APIView):
    """The bookings of a date range as a DATEV EXTF Buchungsstapel (German companies)."""

    permission_classes = [IsTenantMember, CanViewLedger]

    @extend_schema(parameters=[DatevBookingsInputSerializer], responses={(200, "text/csv"): OpenApiTypes.BINARY})
    def get(self, request: MemberApiRequest) -> StreamingHttpResponse:  # type: ignore[override]
        query = query_params_validated(DatevBookingsInputSerializer, request)
        from_date, to_date = query["from"], query["to"]
        chunks = datev_bookings(
            tenant=request.tenant,
            from_date=from_date,
            to_date=to_date,
            advisor=query["advisor"],
            client=query["client"],
        )
        filename = f"EXTF_Buchungsstapel_{from_date:%Y%m%d}_{to_date:%Y%m%d}.csv"
        return _download(chunks, "text/csv; charset=windows-1252", filename)


class DatevAccountsApi(APIView):
    """The names of the postable accounts as a DATEV EXTF Kontenbeschriftungen file (German companies)."""

    permission_classes = [IsTenantMember, CanViewLedger]

    @extend_schema(parameters=[DatevClientInputSerializer], responses={(200, "text/csv"): OpenApiTypes.BINARY})
    def get(self, request: MemberApiRequest) -> StreamingHttpResponse:  # type: ignore[override]
        query = query_params_validated(DatevClientInputSerializer, request)
        chunks = datev_accounts(tenant=request.tenant, **query)
        return _download(chunks, "text/csv; charset=windows-1252", "EXTF_Kontenbeschriftungen.csv")


class DgiiFileApi(APIView):
    """A month's DGII Formato de Envío 606 (purchases) or 607 (sales) (Dominican companies)."""

    permission_classes = [IsTenantMember, CanViewLedger]
    form = ""

    @extend_schema(parameters=[DgiiInputSerializer], responses={(200, "text/plain"): OpenApiTypes.BINARY})
    def get(self, request: MemberApiRequest) -> StreamingHttpResponse:  # type: ignore[override]
        period = query_params_validated(DgiiInputSerializer, request)["period"]
        chunks = dgii_file(tenant=request.tenant, form=self.form, period=period)
        filename = f"DGII_F_{self.form}_{dgii_rnc(request.tenant)}_{period}.TXT"
        return _download(chunks, "text/plain; charset=utf-8", filename)
