"""Two admin sites for two audiences, each mounted only on its own hosts.

`PublicAdminSite` (Django's default site, on the bare base domain) is the platform
operators' console: the tenant registry, users, schedules. `tenant_admin_site`
(on each company's host) is the accountant's workplace for that one company,
open to its owners and accountants. A model registered on one is unreachable from the other.
"""

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.tenants.models import Tenant
from apps.tenants.selectors import membership_can_use_admin, membership_for


class PublicAdminSite(admin.AdminSite):
    site_header = _("Kontor platform")
    site_title = _("Kontor platform")

    def has_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_authenticated and request.user.is_superuser)


class TenantAdminSite(admin.AdminSite):
    site_header = _("Kontor")
    site_title = _("Kontor")
    index_title = _("Accountant's workplace")

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        tenant = getattr(request, "tenant", None)
        if not (user.is_active and user.is_authenticated and isinstance(tenant, Tenant)):
            return False
        return membership_can_use_admin(membership_for(user=user, tenant=tenant))

    def login(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        """Members sign in through the company's own login, which asks for the second factor."""
        return redirect_to_login(request.GET.get(REDIRECT_FIELD_NAME, reverse("tenant_admin:index")))

    def each_context(self, request: HttpRequest) -> dict:
        context = super().each_context(request)
        context["site_header"] = getattr(request, "tenant", None) or self.site_header
        return context


tenant_admin_site = TenantAdminSite(name="tenant_admin")
