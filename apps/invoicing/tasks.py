"""Background work of invoicing. Tasks run in the schema of the company that queued them."""

from __future__ import annotations

from typing import Any

from celery import shared_task

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
