from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from apps.core.api.responses import error_response
from apps.tenants.models import Tenant

from .selectors import totp_device_confirmed

_OPEN_PREFIXES = (
    "/accounts/login",
    "/accounts/logout",
    "/accounts/two-factor",
    "/accounts/password-reset",
    "/static/",
    "/healthz",
    "/i18n/",
)


class TwoFactorEnforcementMiddleware:
    """In a company that requires two-factor login, a session without a verified second factor
    may only finish setting it up or sign out."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        tenant = getattr(request, "tenant", None)
        user = request.user
        if (
            isinstance(tenant, Tenant)
            and tenant.require_two_factor
            and user.is_authenticated
            and not user.is_verified()  # type: ignore[attr-defined,union-attr]  # django-otp's middleware adds it
            and not request.path.startswith(_OPEN_PREFIXES)
        ):
            if request.path.startswith("/api/"):
                return error_response(
                    status=403,
                    code="two_factor_setup_required",
                    message=_("This company requires two-factor login."),
                )
            if totp_device_confirmed(user=user) is None:
                return redirect("accounts:two_factor_setup")
            return redirect(reverse("accounts:login"))
        return self.get_response(request)
