"""URLs on a company's host (`<slug>.<base domain>`)."""

from django.urls import include, path

from apps.core.admin import tenant_admin_site
from apps.core.views import healthz

urlpatterns = [
    path("", include("apps.dashboard.urls")),
    path("accounts/", include("apps.accounts.urls")),
    path("admin/", tenant_admin_site.urls),
    path("api/v1/", include(("config.api_tenant", "api"))),
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
]

handler400 = "apps.core.views.bad_request"
handler403 = "apps.core.views.permission_denied"
handler404 = "apps.core.views.page_not_found"
handler500 = "apps.core.views.server_error"
