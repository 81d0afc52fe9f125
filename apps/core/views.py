from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .api.responses import error_response
from .selectors import platform_health


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when database, cache and broker answer; 503 with the failing part named otherwise."""
    health = platform_health()
    return JsonResponse(health, status=200 if health["status"] == "ok" else 503)


# Error pages: API paths get the API's error body, everything else the HTML page.


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return error_response(status=404, code="not_found", message=_("Not found."))
    return defaults.page_not_found(request, exception)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return error_response(status=403, code="permission_denied", message=_("You may not do this."))
    return defaults.permission_denied(request, exception)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return error_response(status=400, code="bad_request", message=_("The request could not be understood."))
    return defaults.bad_request(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        return error_response(status=500, code="server_error", message=_("Something went wrong on our side."))
    return defaults.server_error(request)
