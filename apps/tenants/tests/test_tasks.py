"""The daily fan-out: beat queues one task, each active company gets it in its own schema."""

from __future__ import annotations

import pytest
from celery import shared_task
from django.db import connection

from apps.tenants.models import Tenant
from apps.tenants.tasks import tenants_fan_out_task

pytestmark = pytest.mark.django_db

SEEN: list[tuple[str, str]] = []


@shared_task(name="tests.schema_record")
def schema_record_task(*, marker: str) -> None:
    SEEN.append((connection.schema_name, marker))


def test_fan_out_runs_the_task_once_in_every_active_company(tenant_a, tenant_b, run_queued_work):
    tenant_b.status = Tenant.Status.SUSPENDED
    tenant_b.save(update_fields=["status"])
    SEEN.clear()
    with run_queued_work():
        queued = tenants_fan_out_task.delay(task_name="tests.schema_record", task_kwargs={"marker": "daily"}).get()

    schemas = [schema for schema, _marker in SEEN]
    assert queued == len(SEEN)
    assert tenant_a.schema_name in schemas
    assert tenant_b.schema_name not in schemas
    assert "public" not in schemas
    assert len(schemas) == len(set(schemas))
    assert {marker for _schema, marker in SEEN} == {"daily"}
    assert queued == Tenant.objects.filter(status=Tenant.Status.ACTIVE).exclude(schema_name="public").count()


def test_the_beat_schedule_names_only_registered_tasks():
    from django.conf import settings

    from config.celery import app

    app.autodiscover_tasks(force=True)
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in app.tasks
        assert entry.get("kwargs", {}).get("task_name", entry["task"]) in app.tasks
