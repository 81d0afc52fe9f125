"""The one error body every failing request gets, from the API and the middleware alike."""

from __future__ import annotations

from django.http import JsonResponse

from ..request_context import current_request_id


def error_body(errors: list[dict[str, str | None]]) -> dict[str, object]:
    return {"errors": errors, "request_id": current_request_id()}


def error_response(*, status: int, code: str, message: str, field: str | None = None) -> JsonResponse:
    return JsonResponse(error_body([{"code": code, "message": message, "field": field}]), status=status)
