"""Writes that every app may use: queueing e-mail after the surrounding transaction commits."""

from __future__ import annotations

from django.db import transaction

from .tasks import email_send_task


def email_queue(*, message_key: str, to: list[str], subject: str, body: str) -> None:
    """Sends after commit, so a rolled-back change never mails anyone; `message_key` makes it once-only."""
    transaction.on_commit(lambda: email_send_task.delay(message_key=message_key, to=to, subject=subject, body=body))
