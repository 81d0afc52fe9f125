"""JWT authentication bound to the company that issued the token."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request
from rest_framework_simplejwt.authentication import JWTAuthentication

from apps.audit.services import audit_actor_set
from apps.tenants.models import Tenant, User
from apps.tenants.selectors import membership_for

TENANT_CLAIM = "tenant"


class TenantJWTAuthentication(JWTAuthentication):
    """A token works only on the host of the company it was issued for, and only while its user is a member."""

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        result = super().authenticate(request)
        if result is None:
            return None
        user, token = result
        tenant = getattr(request, "tenant", None)
        if not isinstance(user, User):
            raise AuthenticationFailed(_("Unknown user."), code="user_not_found")
        if not isinstance(tenant, Tenant) or token.get(TENANT_CLAIM) != tenant.schema_name:
            raise AuthenticationFailed(_("This token was issued for another company."), code="token_tenant_mismatch")
        if membership_for(user=user, tenant=tenant) is None:
            raise AuthenticationFailed(_("You are no longer a member of this company."), code="not_a_member")
        audit_actor_set(user)
        return user, token
