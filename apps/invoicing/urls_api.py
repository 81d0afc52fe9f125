"""Invoice endpoints beside the router's CRUD; mounted under /api/v1/ before the router."""

from django.urls import path

from .api_actions import InvoiceCreditNoteApi, InvoiceDebitNoteApi, InvoiceDispatchListApi, InvoiceSendApi
from .api_payments import InvoicePaymentsApi
from .api_pdf import InvoicePdfApi

urlpatterns = [
    path("invoices/<int:pk>/pdf/", InvoicePdfApi.as_view(), name="invoice-pdf"),
    path("invoices/<int:pk>/payments/", InvoicePaymentsApi.as_view(), name="invoice-payments"),
    path("invoices/<int:pk>/credit-note/", InvoiceCreditNoteApi.as_view(), name="invoice-credit-note"),
    path("invoices/<int:pk>/debit-note/", InvoiceDebitNoteApi.as_view(), name="invoice-debit-note"),
    path("invoices/<int:pk>/send/", InvoiceSendApi.as_view(), name="invoice-send"),
    path("invoices/<int:pk>/dispatches/", InvoiceDispatchListApi.as_view(), name="invoice-dispatches"),
]
