"""E-invoice endpoints of one invoice, and purchase e-CF; mounted under /api/v1/ beside the invoicing ones."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from .api import EinvoiceDocumentApi, EinvoiceSendApi, EinvoiceTransmissionListApi, EinvoiceValidateApi
from .api_purchases import PurchaseEcfViewSet

router = SimpleRouter(trailing_slash=True)
router.register("purchase-ecf", PurchaseEcfViewSet, basename="purchase-ecf")

urlpatterns = [
    path("invoices/<int:pk>/einvoice/<slug:einvoice_format>/", EinvoiceDocumentApi.as_view(), name="invoice-einvoice"),
    path(
        "invoices/<int:pk>/einvoice/<slug:einvoice_format>/validate/",
        EinvoiceValidateApi.as_view(),
        name="invoice-einvoice-validate",
    ),
    path(
        "invoices/<int:pk>/einvoice/<slug:einvoice_format>/send/",
        EinvoiceSendApi.as_view(),
        name="invoice-einvoice-send",
    ),
    path(
        "invoices/<int:pk>/einvoice-transmissions/",
        EinvoiceTransmissionListApi.as_view(),
        name="invoice-einvoice-transmissions",
    ),
    *router.urls,
]
