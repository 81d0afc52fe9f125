"""Routes each request to its company by host name and speaks the company's language."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from django_tenants.middleware.main import TenantMainMiddleware
from django_tenants.utils import get_public_schema_name

from .countries import PROFILES
from .models import Tenant


class TenantHostMiddleware(TenantMainMiddleware):
    """`<slug>.<base domain>` serves that tenant; the bare base domain serves the public site.

    Any other host is a 404: an unknown or mistyped company must never fall back
    to some other schema. Suspended companies are refused the same way.
    """

    def get_tenant(self, domain_model, hostname):  # type: ignore[no-untyped-def]
        tenant = super().get_tenant(domain_model, hostname)
        if tenant.status != Tenant.Status.ACTIVE and tenant.schema_name != get_public_schema_name():
            raise domain_model.DoesNotExist
        return tenant

    def no_tenant_found(self, request: HttpRequest, hostname: str) -> None:
        if hostname in (settings.KONTOR_BASE_DOMAIN, "www." + settings.KONTOR_BASE_DOMAIN):
            request.tenant = None  # type: ignore[attr-defined]
            self.setup_url_routing(request=request, force_public=True)
            return None
        raise Http404(f"No company at {hostname}")


class TenantLocaleMiddleware:
    """Picks the language: the user's explicit choice, else the company's country, else the browser's."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = self._language_for(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        response.headers["Vary"] = ", ".join(filter(None, [response.headers.get("Vary"), "Accept-Language, Cookie"]))
        return response

    @staticmethod
    def _language_for(request: HttpRequest) -> str:
        supported = {code for code, _name in settings.LANGUAGES}
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen in supported:
            return chosen
        tenant = getattr(request, "tenant", None)
        if tenant is not None and tenant.country in PROFILES:
            return PROFILES[tenant.country].language
        return translation.get_language_from_request(request)
