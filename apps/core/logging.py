"""Adds the request id and the tenant schema to every log record."""

import logging

from django.db import connection

from .request_context import current_request_id


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id()
        record.tenant = getattr(connection, "schema_name", None)
        return True
