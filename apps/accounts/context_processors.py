"""What the page shell needs: the company, the member's role, the companies to switch to."""

from typing import Any

from django.http import HttpRequest

from apps.tenants.models import Tenant
from apps.tenants.selectors import membership_can_use_admin, membership_for, tenants_for_user


def workspace(request: HttpRequest) -> dict[str, Any]:
    tenant = getattr(request, "tenant", None)
    user = getattr(request, "user", None)
    if not isinstance(tenant, Tenant) or user is None or not user.is_authenticated:
        return {"current_tenant": tenant if isinstance(tenant, Tenant) else None}
    membership = membership_for(user=user, tenant=tenant)
    return {
        "current_tenant": tenant,
        "membership": membership,
        "can_use_admin": membership_can_use_admin(membership),
        "switchable_tenants": tenants_for_user(user=user).exclude(pk=tenant.pk) if membership else [],
    }
