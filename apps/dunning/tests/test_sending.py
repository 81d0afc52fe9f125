"""Letters by e-mail: retried with backoff on delivery errors, then failed with the reason; sent once."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail

from apps.dunning.services import dunning_run
from apps.dunning.tasks import dunning_notice_send_task
from apps.invoicing.models import SendStatus
from apps.invoicing.tests.test_sending import FlakyBackend, RefusingBackend
from apps.parties.tests.factories import PartyFactory

from .conftest import issued_invoice

pytestmark = pytest.mark.django_db
REMINDER_DAY = datetime.date(2031, 3, 22)  # due 2031-03-15, reminder 7 days later


@pytest.fixture
def quick_letter(monkeypatch: Any) -> None:
    """Tests about retries need a PDF, not WeasyPrint's layout six times over."""
    monkeypatch.setattr("apps.dunning.letters.notice_pdf", lambda *, notice: b"%PDF-1.7 letter")


@pytest.fixture
def emailed(in_alpha):  # type: ignore[no-untyped-def]
    customer = PartyFactory(email="buchhaltung@kunde.test", language="en")
    return issued_invoice(customer, issued=datetime.date(2031, 3, 1))


def test_delivery_errors_are_retried_with_backoff_and_then_marked_failed(
    emailed, settings, run_queued_work, monkeypatch, quick_letter
):
    settings.EMAIL_BACKEND = f"{RefusingBackend.__module__}.RefusingBackend"
    countdowns = []
    retry = dunning_notice_send_task.retry

    def recorded_retry(*args: Any, **kwargs: Any) -> Any:
        countdowns.append(kwargs["countdown"])
        return retry(*args, **kwargs)

    monkeypatch.setattr(dunning_notice_send_task, "retry", recorded_retry)

    with run_queued_work():
        [notice] = dunning_run(on=REMINDER_DAY)

    assert countdowns == [2, 4, 8, 16, 32]
    notice.refresh_from_db()
    assert (notice.send_status, notice.attempts, notice.sent_at) == (SendStatus.FAILED, 6, None)
    assert notice.error == "SMTPException: 421 Service not available"
    assert mail.outbox == []


def test_a_passing_connection_problem_is_retried_and_sent_once(emailed, settings, run_queued_work, quick_letter):
    settings.EMAIL_BACKEND = f"{FlakyBackend.__module__}.FlakyBackend"
    FlakyBackend.failures = 2

    with run_queued_work():
        [notice] = dunning_run(on=REMINDER_DAY)

    notice.refresh_from_db()
    assert (notice.send_status, notice.attempts, notice.error) == (SendStatus.SENT, 3, "")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == f"Payment reminder: invoice {emailed.number} from Alpha Bau GmbH"
    assert mail.outbox[0].attachments == [(f"{emailed.number}-1.pdf", b"%PDF-1.7 letter", "application/pdf")]


def test_a_duplicated_task_sends_once(emailed, django_capture_on_commit_callbacks, quick_letter):
    with django_capture_on_commit_callbacks() as queued:
        [notice] = dunning_run(on=REMINDER_DAY)
    assert len(queued) == 1

    first = dunning_notice_send_task.apply(kwargs={"notice_id": notice.pk})
    again = dunning_notice_send_task.apply(kwargs={"notice_id": notice.pk})

    assert (first.get(), again.get()) == (True, False)
    assert len(mail.outbox) == 1
