"""The books' web pages under /books/."""

from django.urls import path

from . import views

app_name = "ledger"
urlpatterns = [
    path("", views.index_view, name="index"),
    path("chart/", views.chart_choose_view, name="chart_choose"),
    path("trial-balance/", views.trial_balance_view, name="trial_balance"),
    path("balance-sheet/", views.balance_sheet_view, name="balance_sheet"),
    path("profit-and-loss/", views.profit_and_loss_view, name="profit_and_loss"),
    path("vat-return/", views.vat_return_view, name="vat_return"),
    path("accounts/<int:pk>/", views.general_ledger_view, name="general_ledger"),
    path("entries/<int:pk>/", views.entry_detail_view, name="entry_detail"),
]
