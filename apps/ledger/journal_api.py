"""Journal entries, periods, fiscal years and the chart choice, for mobile and scripts.

Entries are posted through the posting service and corrected by reversal; periods and
years are closed through the period services, which admit owners and accountants only.
"""

from __future__ import annotations

from typing import Any

from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.accounts.permissions import IsTenantMember, ModuleRightsPermission
from apps.tenants.countries import PROFILES

from .journal_serializers import (
    EntryInputSerializer,
    FiscalYearSerializer,
    JournalEntrySerializer,
    LedgerSettingsSerializer,
    PeriodSerializer,
    ReverseInputSerializer,
)
from .models import FiscalYear, JournalEntry, LedgerSettings, Period
from .services import (
    bookkeeper_require,
    chart_choose,
    entry_post,
    entry_reverse,
    fiscal_year_close,
    period_close,
    period_reopen,
)


class JournalEntryFilter(filters.FilterSet):
    date_from = filters.DateFilter(field_name="date", lookup_expr="gte")
    date_to = filters.DateFilter(field_name="date", lookup_expr="lte")
    journal = filters.CharFilter(field_name="journal__code")
    account = filters.CharFilter(field_name="lines__account__code", distinct=True)

    class Meta:
        model = JournalEntry
        fields = ["state", "document_number", "source_type", "source_id"]


class JournalEntryViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = JournalEntry.objects.select_related("journal", "fiscal_year").prefetch_related(
        "lines__account", "lines__tax_code"
    )
    serializer_class = JournalEntrySerializer
    permission_classes = [ModuleRightsPermission]
    filterset_class = JournalEntryFilter
    ordering_fields = ["date", "number"]

    @extend_schema(request=EntryInputSerializer, responses={201: JournalEntrySerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = EntryInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        entry = entry_post(lines=data.line_specs(), posted_by=request.user, **data.entry_fields())  # type: ignore[arg-type]
        return Response(
            JournalEntrySerializer(self.get_queryset().get(pk=entry.pk)).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=ReverseInputSerializer, responses={201: JournalEntrySerializer})
    @action(detail=True, methods=["post"])
    def reverse(self, request: Request, pk: str | None = None) -> Response:
        data = ReverseInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        reversal = entry_reverse(entry=self.get_object(), reversed_by=request.user, **data.validated_data)  # type: ignore[arg-type]
        return Response(
            JournalEntrySerializer(self.get_queryset().get(pk=reversal.pk)).data, status=status.HTTP_201_CREATED
        )


class PeriodViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = Period.objects.select_related("fiscal_year")
    serializer_class = PeriodSerializer
    permission_classes = [ModuleRightsPermission]
    filterset_fields = ["status", "kind", "fiscal_year"]

    @extend_schema(request=None, responses=PeriodSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str | None = None) -> Response:
        period = period_close(tenant=request.tenant, period=self.get_object(), user=request.user)  # type: ignore[attr-defined, arg-type]
        return Response(PeriodSerializer(period).data)

    @extend_schema(request=None, responses=PeriodSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, pk: str | None = None) -> Response:
        period = period_reopen(tenant=request.tenant, period=self.get_object(), user=request.user)  # type: ignore[attr-defined, arg-type]
        return Response(PeriodSerializer(period).data)


class FiscalYearViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = FiscalYear.objects.all()
    serializer_class = FiscalYearSerializer
    permission_classes = [ModuleRightsPermission]

    @extend_schema(request=None, responses=FiscalYearSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str | None = None) -> Response:
        year = fiscal_year_close(tenant=request.tenant, fiscal_year=self.get_object(), user=request.user)  # type: ignore[attr-defined, arg-type]
        return Response(FiscalYearSerializer(year).data)


class LedgerSettingsApi(APIView):
    """The company's chart of accounts; it can be switched while the books are empty."""

    permission_classes = [IsTenantMember]

    @extend_schema(responses=LedgerSettingsSerializer)
    def get(self, request: Request) -> Response:
        return Response(LedgerSettingsSerializer(LedgerSettings.objects.get()).data)

    @extend_schema(request=LedgerSettingsSerializer, responses=LedgerSettingsSerializer)
    def put(self, request: Request) -> Response:
        bookkeeper_require(tenant=request.tenant, user=request.user)  # type: ignore[attr-defined, arg-type]
        data = LedgerSettingsSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        language = PROFILES[request.tenant.country].language  # type: ignore[attr-defined]
        return Response(LedgerSettingsSerializer(chart_choose(language=language, **data.validated_data)).data)
