"""`/api/v1/` on a company's host. Every route here is walked by the isolation test."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import SimpleRouter

from apps.accounts.api import MeApi, TokenObtainApi, TokenRefreshApi
from apps.accounts.members_api import MemberViewSet
from apps.catalog.api import ProductViewSet, TaxCodeViewSet
from apps.invoicing.api import InvoiceViewSet
from apps.invoicing.api_recurring import RecurringInvoiceViewSet
from apps.parties.api import PartyViewSet
from apps.sales.api import DeliveryNoteViewSet, OrderViewSet, QuoteViewSet
from apps.taxes.api import TaxRateViewSet
from apps.tenants.api import CompanyApi, CompanySecurityApi

router = SimpleRouter(trailing_slash=True)
router.register("tax-rates", TaxRateViewSet, basename="tax-rate")
router.register("members", MemberViewSet, basename="member")
router.register("products", ProductViewSet, basename="product")
router.register("tax-codes", TaxCodeViewSet, basename="tax-code")
router.register("parties", PartyViewSet, basename="party")
router.register("invoices", InvoiceViewSet, basename="invoice")
router.register("recurring-invoices", RecurringInvoiceViewSet, basename="recurring-invoice")
router.register("quotes", QuoteViewSet, basename="quote")
router.register("orders", OrderViewSet, basename="order")
router.register("delivery-notes", DeliveryNoteViewSet, basename="delivery-note")

urlpatterns = [
    path("auth/token/", TokenObtainApi.as_view(), name="token_obtain"),
    path("auth/token/refresh/", TokenRefreshApi.as_view(), name="token_refresh"),
    path("me/", MeApi.as_view(), name="me"),
    path("company/", CompanyApi.as_view(), name="company"),
    path("company/security/", CompanySecurityApi.as_view(), name="company_security"),
    path("ledger/", include("apps.ledger.urls_api")),
    path("dunning/", include("apps.dunning.urls_api")),
    path("", include("apps.invoicing.urls_api")),
    path("", include("apps.einvoicing.urls_api")),
    path("", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(urlconf="config.urls_tenant"), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
]
