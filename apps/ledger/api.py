"""Read-only API of the books: the chart of accounts and the financial statements.

Statements answer JSON only; their CSV, XLSX and PDF downloads live on the web pages.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param
from rest_framework.views import APIView

from apps.accounts.permissions import IsTenantMember

from .models import Account
from .selectors.statements import (
    balance_sheet,
    general_ledger,
    general_ledger_page,
    profit_and_loss,
    trial_balance,
)
from .serializers import (
    AccountSerializer,
    BalanceSheetQuerySerializer,
    BalanceSheetSerializer,
    GeneralLedgerPageSerializer,
    GeneralLedgerQuerySerializer,
    ProfitAndLossQuerySerializer,
    ProfitAndLossSerializer,
    TrialBalanceQuerySerializer,
    TrialBalanceSerializer,
)


class CanViewLedger(BasePermission):
    """Statements read the whole ledger: the member needs the `view` right of module `ledger`."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user.has_perm("ledger.view_account"))


def query_params_validated(serializer_class: type[serializers.Serializer], request: Request) -> dict[str, Any]:
    """The validated query parameters; a missing or malformed one is a 400 naming it."""
    serializer = serializer_class(data=request.query_params)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class _StatementApi(APIView):
    permission_classes = [IsTenantMember, CanViewLedger]


class TrialBalanceApi(_StatementApi):
    """Debits, credits and balance of every account that moved, up to `date` (or from `from`)."""

    @extend_schema(parameters=[TrialBalanceQuerySerializer], responses=TrialBalanceSerializer)
    def get(self, request: Request) -> Response:
        params = query_params_validated(TrialBalanceQuerySerializer, request)
        report = trial_balance(to_date=params["date"], from_date=params.get("from"))
        return Response(TrialBalanceSerializer(report).data)


class BalanceSheetApi(_StatementApi):
    """Assets, liabilities and equity (with the result not yet closed) at `date`."""

    @extend_schema(parameters=[BalanceSheetQuerySerializer], responses=BalanceSheetSerializer)
    def get(self, request: Request) -> Response:
        params = query_params_validated(BalanceSheetQuerySerializer, request)
        return Response(BalanceSheetSerializer(balance_sheet(at=params["date"])).data)


class ProfitAndLossApi(_StatementApi):
    """Income and expenses from `from` to `to`, optionally beside the range of the same length before."""

    @extend_schema(parameters=[ProfitAndLossQuerySerializer], responses=ProfitAndLossSerializer)
    def get(self, request: Request) -> Response:
        params = query_params_validated(ProfitAndLossQuerySerializer, request)
        report = profit_and_loss(from_date=params["from"], to_date=params["to"], compare=params["compare"])
        return Response(ProfitAndLossSerializer(report).data)


class AccountLedgerApi(_StatementApi):
    """The general ledger of one account: opening and closing balance and a page of its lines."""

    @extend_schema(parameters=[GeneralLedgerQuerySerializer], responses=GeneralLedgerPageSerializer)
    def get(self, request: Request, pk: int) -> Response:
        params = query_params_validated(GeneralLedgerQuerySerializer, request)
        account = get_object_or_404(Account, pk=pk)
        ledger = general_ledger(account=account, from_date=params["from"], to_date=params["to"])
        page = params["page"]
        lines, more = general_ledger_page(ledger=ledger, page=page, page_size=params["page_size"])
        url = request.build_absolute_uri()
        body = {
            "account": account,
            "from_date": ledger.from_date,
            "to_date": ledger.to_date,
            "opening_balance": ledger.opening_balance,
            "closing_balance": ledger.closing_balance,
            "next": replace_query_param(url, "page", page + 1) if more else None,
            "previous": replace_query_param(url, "page", page - 1) if page > 1 else None,
            "results": lines,
        }
        return Response(GeneralLedgerPageSerializer(body).data)


class AccountFilter(filters.FilterSet):
    search = filters.CharFilter(method="filter_search", label=_("Number starts with, or name contains"))

    class Meta:
        model = Account
        fields = ["type", "is_postable", "is_active"]

    def filter_search(self, queryset: QuerySet[Account], name: str, value: str) -> QuerySet[Account]:
        return queryset.filter(Q(code__startswith=value) | Q(name__icontains=value))


class AccountViewSet(viewsets.ReadOnlyModelViewSet):
    """The chart of accounts; it changes through the accounting workplace, not the API."""

    queryset = Account.objects.select_related("default_tax_code")
    serializer_class = AccountSerializer
    filterset_class = AccountFilter
    ordering_fields = ["code", "name"]
