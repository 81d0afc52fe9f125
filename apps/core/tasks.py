"""Sending e-mail, in the background and at most once per message."""

from __future__ import annotations

from smtplib import SMTPException

from celery import shared_task
from django.core.cache import cache
from django.core.mail import send_mail

SENT_MARK_SECONDS = 7 * 24 * 3600


@shared_task(
    name="core.email_send", autoretry_for=(SMTPException, OSError), retry_backoff=True, max_retries=6, acks_late=True
)
def email_send_task(*, message_key: str, to: list[str], subject: str, body: str) -> bool:
    """Sends one message; a redelivered or retried task whose message already went out does nothing."""
    mark = f"email-sent:{message_key}"
    if not cache.add(mark, 1, timeout=SENT_MARK_SECONDS):
        return False
    try:
        send_mail(subject, body, None, to)
    except Exception:
        cache.delete(mark)  # not sent: let the retry try again
        raise
    return True
