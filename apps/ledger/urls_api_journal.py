"""Ledger endpoints under /api/v1/ledger/ for entries, periods, fiscal years and the chart."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from .journal_api import FiscalYearViewSet, JournalEntryViewSet, LedgerSettingsApi, PeriodViewSet

router = SimpleRouter(trailing_slash=True)
router.register("entries", JournalEntryViewSet, basename="ledger-entry")
router.register("periods", PeriodViewSet, basename="ledger-period")
router.register("fiscal-years", FiscalYearViewSet, basename="ledger-fiscal-year")

urlpatterns = [path("settings/", LedgerSettingsApi.as_view(), name="ledger-settings"), *router.urls]
