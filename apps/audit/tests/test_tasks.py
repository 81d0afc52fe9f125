"""The nightly verification, through a real Redis broker and a real worker."""

import pytest
from celery.contrib.testing.worker import start_worker
from celery.result import AsyncResult
from django_tenants.utils import tenant_context

from apps.audit.tasks import audit_chain_verify_task, audit_chains_verify_all_task
from config.celery import app

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker():
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as running:
        yield running


def test_a_task_queued_inside_a_company_runs_in_that_companys_schema(tenant_b, worker):
    with tenant_context(tenant_b):
        result = audit_chain_verify_task.delay()

    assert result.get(timeout=20) == {"schema": "t_beta", "problems": 0}


def test_nightly_verification_checks_every_company(tenant_a, tenant_b, worker):
    queued = audit_chains_verify_all_task.delay().get(timeout=20)

    assert {"public", "t_alpha", "t_beta"} <= set(queued)
    outcomes = {schema: AsyncResult(task_id, app=app).get(timeout=20) for schema, task_id in queued.items()}
    assert all(outcome == {"schema": schema, "problems": 0} for schema, outcome in outcomes.items())


def test_the_verification_is_scheduled_nightly_in_the_database_scheduler():
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="audit.audit_chains_verify_all")

    assert task.enabled and (task.crontab.hour, task.crontab.minute) == ("3", "15")
