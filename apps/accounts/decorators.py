from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from apps.tenants.models import Tenant
from apps.tenants.selectors import membership_for


def member_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed in, and a member of the company whose host this is; 403 for members of others."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        tenant = getattr(request, "tenant", None)
        if not isinstance(tenant, Tenant) or membership_for(user=request.user, tenant=tenant) is None:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
