"""Scheduled work that every company gets: beat queues one fan-out, which queues per tenant.

Celery beat knows nothing of schemas. Its entries name `tenants.fan_out` with the real task's
name; the fan-out queues that task once per active company, inside the company's schema, so
tenant-schemas-celery stamps the schema on each message and the worker runs it there. One
company's failure then stays its own, and its retry runs only for it.
"""

from __future__ import annotations

from typing import Any

from celery import current_app, shared_task
from django_tenants.utils import get_public_schema_name, schema_context

from .models import Tenant


@shared_task(name="tenants.fan_out")
def tenants_fan_out_task(*, task_name: str, task_kwargs: dict[str, Any] | None = None) -> int:
    """Queues `task_name` once in every active company's schema; returns how many were queued."""
    schemas = list(
        Tenant.objects.filter(status=Tenant.Status.ACTIVE)
        .exclude(schema_name=get_public_schema_name())
        .order_by("schema_name")
        .values_list("schema_name", flat=True)
    )
    task = current_app.tasks[task_name]
    for schema_name in schemas:
        with schema_context(schema_name):
            task.apply_async(kwargs=task_kwargs or {})
    return len(schemas)
