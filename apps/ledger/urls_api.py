"""The ledger's endpoints under /api/v1/ledger/: journal, periods, statements, returns and exports."""

from django.urls import URLPattern, URLResolver, path
from rest_framework.routers import SimpleRouter

from .api import AccountLedgerApi, AccountViewSet, BalanceSheetApi, ProfitAndLossApi, TrialBalanceApi
from .api_returns import DatevAccountsApi, DatevBookingsApi, DgiiFileApi, VatReturnApi
from .journal_api import FiscalYearViewSet, JournalEntryViewSet, LedgerSettingsApi, PeriodViewSet

router = SimpleRouter(trailing_slash=True)
router.register("entries", JournalEntryViewSet, basename="ledger-entry")
router.register("periods", PeriodViewSet, basename="ledger-period")
router.register("fiscal-years", FiscalYearViewSet, basename="ledger-fiscal-year")
router.register("accounts", AccountViewSet, basename="ledger-account")

urlpatterns: list[URLPattern | URLResolver] = [
    path("settings/", LedgerSettingsApi.as_view(), name="ledger-settings"),
    path("trial-balance/", TrialBalanceApi.as_view(), name="ledger-trial-balance"),
    path("balance-sheet/", BalanceSheetApi.as_view(), name="ledger-balance-sheet"),
    path("profit-and-loss/", ProfitAndLossApi.as_view(), name="ledger-profit-and-loss"),
    path("accounts/<int:pk>/ledger/", AccountLedgerApi.as_view(), name="ledger-account-ledger"),
    path("vat-return/", VatReturnApi.as_view(), name="ledger-vat-return"),
    path("datev/bookings/", DatevBookingsApi.as_view(), name="ledger-datev-bookings"),
    path("datev/accounts/", DatevAccountsApi.as_view(), name="ledger-datev-accounts"),
    path("dgii/606/", DgiiFileApi.as_view(form="606"), name="ledger-dgii-606"),
    path("dgii/607/", DgiiFileApi.as_view(form="607"), name="ledger-dgii-607"),
    *router.urls,
]
