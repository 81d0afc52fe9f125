"""URLs on the bare base domain: the public site, signup and the platform console."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from apps.core.views import healthz
from apps.tenants.api import SignupApi
from apps.tenants.views import landing_view, signup_view, slug_check_view
from config.error_handlers import handler400, handler403, handler404, handler500  # noqa: F401

api_patterns = [
    path("signup/", SignupApi.as_view(), name="signup"),
    path("schema/", SpectacularAPIView.as_view(urlconf="config.urls_public"), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="public_api:schema"), name="docs"),
]

urlpatterns = [
    path("", landing_view, name="landing"),
    path("signup/", signup_view, name="signup"),
    path("signup/slug-check/", slug_check_view, name="signup_slug_check"),
    path("admin/", admin.site.urls),
    path("api/v1/", include((api_patterns, "public_api"))),
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
]
