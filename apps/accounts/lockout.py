from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from apps.core.api.responses import error_response


def lockout_response(
    request: HttpRequest, original_response: Any = None, credentials: Any = None, **kwargs: Any
) -> HttpResponse:
    """What a client sees after 5 failed logins for the same account or from the same address."""
    message = _("Too many failed sign-in attempts. Try again in 15 minutes or reset your password.")
    if request.path.startswith("/api/"):
        response = error_response(status=429, code="login_locked", message=message)
        response["Retry-After"] = "900"
        return response
    return render(request, "accounts/locked_out.html", {"message": message}, status=429)
