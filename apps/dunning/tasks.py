"""Background work of dunning. Tasks run in the schema of the company that queued them."""

from __future__ import annotations

import datetime
from typing import Any

from celery import shared_task
from django.utils import timezone

SEND_MAX_RETRIES = 5


@shared_task(name="dunning.dunning_run")
def dunning_run_task(*, on: str | None = None) -> int:
    """The daily run (queued per company by beat's fan-out); returns how many notices it created.

    `on` (ISO date) lets tests and operators replay a day; running a day twice creates nothing new.
    """
    from .services import dunning_run  # the service module queues the send task below

    day = datetime.date.fromisoformat(on) if on else timezone.localdate()
    return len(dunning_run(on=day))


@shared_task(bind=True, name="dunning.notice_send", acks_late=True, max_retries=SEND_MAX_RETRIES)
def dunning_notice_send_task(self: Any, *, notice_id: int) -> bool:
    """E-mails one notice's letter; a duplicated or retried task finds it sent and does nothing.

    Delivery errors are retried after 2, 4, 8, 16 and 32 seconds; the last failure marks the notice failed.
    """
    from .services import DELIVERY_ERRORS, dunning_notice_deliver

    final = self.request.retries >= SEND_MAX_RETRIES
    try:
        return dunning_notice_deliver(notice_id=notice_id, final=final)
    except DELIVERY_ERRORS as error:
        raise self.retry(exc=error, countdown=2 ** (self.request.retries + 1)) from error
