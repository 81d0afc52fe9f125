"""URLs on a company's host (`<slug>.<base domain>`)."""

from django.urls import include, path

from apps.core.admin import tenant_admin_site
from apps.core.views import healthz
from config.error_handlers import handler400, handler403, handler404, handler500  # noqa: F401

urlpatterns = [
    path("", include("apps.dashboard.urls")),
    path("accounts/", include("apps.accounts.urls")),
    path("books/", include("apps.ledger.urls")),
    path("invoices/", include("apps.invoicing.urls")),
    path("invoices/", include("apps.einvoicing.urls")),
    path("sales/", include("apps.sales.urls")),
    path("dunning/", include("apps.dunning.urls")),
    path("parties/", include("apps.parties.urls")),
    path("products/", include("apps.catalog.urls")),
    path("admin/", tenant_admin_site.urls),
    path("api/v1/", include(("config.api_tenant", "api"))),
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
]
