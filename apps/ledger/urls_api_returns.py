"""Ledger endpoints under /api/v1/ledger/ for VAT returns, DATEV and DGII exports."""

from django.urls import path

from .api_returns import DatevAccountsApi, DatevBookingsApi, DgiiFileApi, VatReturnApi

urlpatterns = [
    path("vat-return/", VatReturnApi.as_view(), name="ledger-vat-return"),
    path("datev/bookings/", DatevBookingsApi.as_view(), name="ledger-datev-bookings"),
    path("datev/accounts/", DatevAccountsApi.as_view(), name="ledger-datev-accounts"),
    path("dgii/606/", DgiiFileApi.as_view(form="606"), name="ledger-dgii-606"),
    path("dgii/607/", DgiiFileApi.as_view(form="607"), name="ledger-dgii-607"),
]
