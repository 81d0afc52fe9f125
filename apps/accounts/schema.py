"""Tells drf-spectacular that TenantJWTAuthentication is bearer JWT, so the API docs show it."""

from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme


class TenantJWTScheme(SimpleJWTScheme):
    target_class = "apps.accounts.authentication.TenantJWTAuthentication"
    name = "tenantJWTAuth"
