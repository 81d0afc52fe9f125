from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse

from apps.tenants.models import Tenant
from apps.tenants.selectors import membership_for

View = Callable[..., HttpResponse | StreamingHttpResponse]


def member_required(view: View) -> View:
    """Signed in, and a member of the company whose host this is; 403 for members of others."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse | StreamingHttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        tenant = getattr(request, "tenant", None)
        if not isinstance(tenant, Tenant) or membership_for(user=request.user, tenant=tenant) is None:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def right_required(perm: str) -> Callable[[View], View]:
    """A member of the company whose role grants `perm` (e.g. "invoicing.change_invoice"); others get 403."""

    def decorate(view: View) -> View:
        @member_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse | StreamingHttpResponse:
            if not request.user.has_perm(perm):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorate
