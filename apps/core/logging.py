"""Stamps every log record with the request id and the tenant schema, whichever handler prints it."""

import logging
from typing import Any

from django.db import connection

from .request_context import current_request_id

_base_factory = logging.getLogRecordFactory()


def _record_factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
    record = _base_factory(*args, **kwargs)
    record.request_id = current_request_id()
    record.tenant = getattr(connection, "schema_name", None)
    return record


def install_record_factory() -> None:
    """Called once from CoreConfig.ready(); installing it twice is harmless."""
    logging.setLogRecordFactory(_record_factory)
