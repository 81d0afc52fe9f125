"""Ledger report endpoints under /api/v1/ledger/ (chart of accounts, statements, general ledger)."""

from django.urls import URLPattern, URLResolver, path
from rest_framework.routers import SimpleRouter

from .api import AccountLedgerApi, AccountViewSet, BalanceSheetApi, ProfitAndLossApi, TrialBalanceApi

router = SimpleRouter(trailing_slash=True)
router.register("accounts", AccountViewSet, basename="ledger-account")

urlpatterns: list[URLPattern | URLResolver] = [
    path("trial-balance/", TrialBalanceApi.as_view(), name="ledger-trial-balance"),
    path("balance-sheet/", BalanceSheetApi.as_view(), name="ledger-balance-sheet"),
    path("profit-and-loss/", ProfitAndLossApi.as_view(), name="ledger-profit-and-loss"),
    path("accounts/<int:pk>/ledger/", AccountLedgerApi.as_view(), name="ledger-account-ledger"),
    *router.urls,
]
