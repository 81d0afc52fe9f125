"""E-invoice endpoints of one invoice; mounted under /api/v1/ beside the invoicing ones."""

from django.urls import path

from .api import EinvoiceDocumentApi, EinvoiceValidateApi

urlpatterns = [
    path("invoices/<int:pk>/einvoice/<slug:einvoice_format>/", EinvoiceDocumentApi.as_view(), name="invoice-einvoice"),
    path(
        "invoices/<int:pk>/einvoice/<slug:einvoice_format>/validate/",
        EinvoiceValidateApi.as_view(),
        name="invoice-einvoice-validate",
    ),
]
