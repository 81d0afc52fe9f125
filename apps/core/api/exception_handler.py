"""Turns every API failure into `{"errors": [{code, message, field}], "request_id"}`."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from ..errors import ApplicationError
from .responses import error_body


def _flatten(detail: Any, field: str | None = None) -> list[dict[str, str | None]]:
    """Walks DRF's nested error detail; nested fields are named with dots (`lines.0.amount`)."""
    if isinstance(detail, dict):
        errors = []
        for key, value in detail.items():
            name = None if key in ("non_field_errors", "__all__") else str(key)
            errors += _flatten(value, f"{field}.{name}" if field and name is not None else (name or field))
        return errors
    if isinstance(detail, list):
        errors = []
        for index, item in enumerate(detail):
            if isinstance(item, (dict, list)):
                errors += _flatten(item, f"{field}.{index}" if field else str(index))
            else:
                errors += _flatten(item, field)
        return errors
    code = getattr(detail, "code", None) or "invalid"
    return [{"code": str(code), "message": str(detail), "field": field}]


def _single_error(exc: exceptions.APIException) -> dict[str, str | None]:
    """simplejwt puts a dict ({detail, code, messages}) where DRF puts a string."""
    detail = exc.detail
    if isinstance(detail, dict):
        message = detail.get("detail", exc.default_detail)
        code = detail.get("code", getattr(message, "code", exc.default_code))
    else:
        message, code = detail, getattr(detail, "code", exc.default_code)
    return {"code": str(code), "message": str(message), "field": None}


def _in_use(exc: ProtectedError) -> dict[str, str | None]:
    """A delete the database refuses because other rows still point here: say what uses it."""
    users = sorted({str(obj._meta.verbose_name_plural) for obj in exc.protected_objects})
    message = _("This is still used (%(users)s) and cannot be deleted; deactivate it instead.") % {
        "users": ", ".join(users)
    }
    return {"code": "in_use", "message": message, "field": None}


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ApplicationError):
        errors = [{"code": error.code, "message": error.message, "field": error.field} for error in (exc, *exc.details)]
        return Response(error_body(errors), status=exc.status)
    if isinstance(exc, ProtectedError):
        return Response(error_body([_in_use(exc)]), status=status.HTTP_409_CONFLICT)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()

    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = _flatten(exc.detail)
    elif isinstance(exc, exceptions.APIException):
        errors = [_single_error(exc)]
    else:  # Django's Http404/PermissionDenied were converted above; DRF answered nothing else
        errors = [{"code": "error", "message": str(exc), "field": None}]
    response.data = error_body(errors)
    if response.status_code == status.HTTP_401_UNAUTHORIZED and "WWW-Authenticate" not in response:
        response["WWW-Authenticate"] = 'Bearer realm="api"'
    return response
