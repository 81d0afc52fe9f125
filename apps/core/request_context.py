"""The id of the request (or task) being served, for logs and the audit trail."""

from __future__ import annotations

import uuid
from contextvars import ContextVar

_request_id: ContextVar[str | None] = ContextVar("request_id", default=None)


def current_request_id() -> str | None:
    return _request_id.get()


def bind_request_id(value: str | None = None) -> str:
    """Set the id for the current context; an incoming id is kept if it looks sane."""
    request_id = value if value and len(value) <= 64 and value.isprintable() else uuid.uuid4().hex
    _request_id.set(request_id)
    return request_id
