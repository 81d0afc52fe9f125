from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .selectors import platform_health


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when database, cache and broker answer; 503 with the failing part named otherwise."""
    health = platform_health()
    return JsonResponse(health, status=200 if health["status"] == "ok" else 503)
