"""Nightly verification of every company's audit trail."""

from __future__ import annotations

import logging

from celery import shared_task
from django_tenants.utils import get_public_schema_name, schema_context, tenant_context

from apps.tenants.models import Tenant
from apps.tenants.selectors import current_schema_name

from .selectors import audit_chain_problems

logger = logging.getLogger(__name__)


@shared_task(name="audit.audit_chain_verify")
def audit_chain_verify_task() -> dict[str, object]:
    """Verifies the chain of the schema the task runs in and logs every break.

    It only reads, so running it twice is harmless.
    """
    problems = audit_chain_problems()
    for problem in problems:
        logger.error("audit chain broken: %s", problem, extra={"schema": current_schema_name()})
    return {"schema": current_schema_name(), "problems": len(problems)}


@shared_task(name="audit.audit_chains_verify_all")
def audit_chains_verify_all_task() -> dict[str, str]:
    """Queues one verification per active company and one for the public schema; returns their task ids."""
    with schema_context(get_public_schema_name()):
        queued = {get_public_schema_name(): audit_chain_verify_task.delay().id}
        tenants = list(Tenant.objects.filter(status=Tenant.Status.ACTIVE))
    for tenant in tenants:
        with tenant_context(tenant):
            queued[tenant.schema_name] = audit_chain_verify_task.delay().id
    return queued
