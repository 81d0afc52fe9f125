"""Request types for views that run on a company's host, for the type checker's sake."""

from django.http import HttpRequest
from rest_framework.request import Request

from .models import Tenant, User


class TenantRequest(HttpRequest):
    """Routed to a company by TenantHostMiddleware; the visitor may not be signed in."""

    tenant: Tenant


class MemberRequest(TenantRequest):
    """What `member_required` guarantees: a signed-in member of `tenant`."""

    user: User


class MemberApiRequest(Request):
    """What `IsTenantMember` guarantees for an API view."""

    tenant: Tenant
    user: User
