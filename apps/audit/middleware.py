from auditlog.middleware import AuditlogMiddleware
from django.http import HttpRequest


class AuditContextMiddleware(AuditlogMiddleware):
    """Records the user agent beside the actor, IP address and request id."""

    def get_extra_data(self, request: HttpRequest) -> dict[str, object]:
        context = super().get_extra_data(request)
        context["user_agent"] = request.headers.get("User-Agent", "")[:512]
        return context
