"""Background work of invoicing. Tasks run in the schema of the company that queued them."""

from __future__ import annotations

import datetime
from typing import Any

from celery import shared_task
from django.utils import timezone

SEND_MAX_RETRIES = 5


@shared_task(bind=True, name="invoicing.invoice_send", acks_late=True, max_retries=SEND_MAX_RETRIES)
def invoice_send_task(self: Any, *, dispatch_id: int) -> bool:
    """Delivers one dispatch; a duplicated or retried task finds it sent and does nothing.

    Delivery errors are retried after 2, 4, 8, 16 and 32 seconds; the last failure marks
    the dispatch and its document failed, with the reason.
    """
    from .services.sending import DELIVERY_ERRORS, dispatch_deliver  # the service module queues this task

    final = self.request.retries >= SEND_MAX_RETRIES
    try:
        return dispatch_deliver(dispatch_id=dispatch_id, final=final)
    except DELIVERY_ERRORS as error:
        raise self.retry(exc=error, countdown=2 ** (self.request.retries + 1)) from error


def _day(on: str | None) -> datetime.date:
    """The run's day: today in the company's time zone, or the ISO date a test or a re-run gives."""
    return datetime.date.fromisoformat(on) if on else timezone.localdate()


@shared_task(name="invoicing.invoices_mark_overdue")
def invoices_mark_overdue_task(*, on: str | None = None) -> int:
    """Daily: invoices past due with money open become overdue; a second run the same day changes nothing."""
    from .services import invoices_mark_overdue

    return invoices_mark_overdue(on=_day(on))


@shared_task(name="invoicing.recurring_invoices_issue")
def recurring_invoices_issue_task(*, on: str | None = None) -> int:
    """Daily: recurring invoices bill the periods that started by `on`; each period once, however often it runs."""
    from .services import recurring_invoices_issue

    return recurring_invoices_issue(on=_day(on)).made
