"""Daily work of sales. Tasks run in the schema of the company that queued them (see tenants.fan_out)."""

from __future__ import annotations

import datetime

from celery import shared_task
from django.utils import timezone

from .services import quotes_expire


@shared_task(name="sales.quotes_expire")
def quotes_expire_task(*, on: str | None = None) -> int:
    """Expires sent quotes past their validity; `on` (ISO date) lets tests and reruns pick the day."""
    return quotes_expire(on=datetime.date.fromisoformat(on) if on else timezone.localdate())
