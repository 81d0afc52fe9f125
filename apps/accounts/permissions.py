"""DRF permissions: a member of this company, with the module right the method needs."""

from typing import Any

from rest_framework.permissions import BasePermission, DjangoModelPermissions
from rest_framework.request import Request

from apps.tenants.models import Tenant
from apps.tenants.selectors import membership_for


def _is_member(request: Request) -> bool:
    tenant = getattr(request, "tenant", None)
    user = request.user
    return bool(
        user and user.is_authenticated and isinstance(tenant, Tenant) and membership_for(user=user, tenant=tenant)
    )


class IsTenantMember(BasePermission):
    """Any active member of the company whose host this is."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return _is_member(request)


class ModuleRightsPermission(DjangoModelPermissions):
    """Members only; on model views reading needs `view`, writing `edit`, deleting `delete`."""

    perms_map = {
        **DjangoModelPermissions.perms_map,
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "OPTIONS": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
    }

    def has_permission(self, request: Request, view: Any) -> bool:
        if not _is_member(request):
            return False
        if not hasattr(view, "get_queryset"):  # plain APIView: no model, membership suffices
            return True
        return super().has_permission(request, view)
