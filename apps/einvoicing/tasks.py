"""Background work of e-invoicing. Tasks run in the schema of the company that queued them."""

from __future__ import annotations

from typing import Any

from celery import shared_task

DELIVER_MAX_RETRIES = 5


@shared_task(bind=True, name="einvoicing.transmission_deliver", acks_late=True, max_retries=DELIVER_MAX_RETRIES)
def transmission_deliver_task(self: Any, *, transmission_id: int) -> bool:
    """Submits one transmission; a duplicated or retried task finds it sent and does nothing.

    Network errors and 5xx answers are retried after 2, 4, 8, 16 and 32 seconds; the last
    failure marks the transmission failed with the reason.
    """
    from .services import transmission_deliver
    from .transmission import TransmissionRetryable

    final = self.request.retries >= DELIVER_MAX_RETRIES
    try:
        return transmission_deliver(transmission_id=transmission_id, final=final)
    except TransmissionRetryable as error:
        raise self.retry(exc=error, countdown=2 ** (self.request.retries + 1)) from error


@shared_task(name="einvoicing.transmissions_poll")
def transmissions_poll_task(*, on: str | None = None) -> int:
    """Every 15 minutes: sent transmissions become delivered or rejected as the access point or DGII reports.

    `on` is accepted like the other scheduled tasks but unused: the answer is the access point's now.
    """
    from .services import transmissions_poll

    return transmissions_poll()


@shared_task(name="einvoicing.consumer_summaries_send")
def consumer_summaries_send_task(*, on: str | None = None) -> int:
    """Daily: the consumer-invoice summaries (RFCE) DGII has not had yet are queued; running twice queues nothing twice.

    `on` is accepted like the other scheduled tasks but unused: what is waiting is what has no summary.
    """
    from .services import consumer_summaries_send

    return consumer_summaries_send()
