"""Writes of dunning: the daily run, a notice for one invoice, the dunning stop, default levels, delivery.

A notice is created in the transaction that decides it; its e-mail is queued after commit and
delivered by `dunning_notice_send_task`, which locks the notice and sends only while it is queued.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from smtplib import SMTPException

from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from apps.core.errors import ApplicationError
from apps.invoicing.models import Invoice, SendStatus
from apps.parties.models import Party
from apps.tenants.models import Tenant

from .models import DunningLevel, DunningNotice, DunningSettings, DunningStop
from .selectors import (
    OverdueInvoice,
    annual_interest_rates,
    base_rates,
    dunning_settings,
    interest_amount,
    interest_periods,
    overdue_invoices,
    overdue_list,
)
from .tasks import dunning_notice_send_task

DELIVERY_ERRORS = (SMTPException, OSError)
# (level, days after the due date, fee, charges interest): reminder, 1st notice, 2nd and final notice.
DEFAULT_LEVELS = [(1, 7, "0.00", False), (2, 21, "5.00", False), (3, 35, "10.00", True)]


def dunning_levels_seed(tenant: Tenant) -> None:
    """Gives a new company the three usual levels, in the standard wording; existing ones stay."""
    existing = set(DunningLevel.objects.values_list("level", flat=True))
    DunningLevel.objects.bulk_create(
        DunningLevel(level=level, days=days, fee=Decimal(fee), charges_interest=interest)
        for level, days, fee, interest in DEFAULT_LEVELS
        if level not in existing
    )


def _notice_build(
    *,
    row: OverdueInvoice,
    level: DunningLevel,
    on: datetime.date,
    settings: DunningSettings,
    rates: list[tuple[datetime.date, Decimal]],
) -> DunningNotice:
    """The unsaved notice at `level`: open amount, fees, interest (if the level charges it) and total."""
    invoice = row.invoice
    periods = []
    if level.charges_interest:
        annual = annual_interest_rates(settings=settings, party=invoice.customer, rates=rates)
        periods = interest_periods(due_date=row.due_date, until=on, rates=annual)
    interest = interest_amount(amount=row.open_amount, periods=periods)
    earlier_fees = row.earlier_fees
    email = invoice.customer.email.strip()
    return DunningNotice(
        invoice=invoice,
        level=level,
        notice_date=on,
        currency=invoice.currency,
        open_amount=row.open_amount,
        earlier_fees=earlier_fees,
        fee=level.fee,
        interest=interest,
        interest_periods=[period.as_json() for period in periods],
        total=row.open_amount + earlier_fees + level.fee + interest,
        recipients=email,
        send_status=SendStatus.QUEUED if email else SendStatus.NOT_SENT,
    )


def _queue_mails(notices: list[DunningNotice]) -> None:
    """Queues the e-mail of each notice with a recipient once the transaction commits."""
    queued = [notice.pk for notice in notices if notice.send_status == SendStatus.QUEUED]

    def queue() -> None:
        for pk in queued:
            dunning_notice_send_task.delay(notice_id=pk)

    if queued:
        transaction.on_commit(queue)


def _locked_overdue(*, on: datetime.date, invoice: Invoice | None = None) -> list[OverdueInvoice]:
    """Overdue invoices locked for this transaction, then read with their notices.

    The notices are read after the lock, by a new statement, so a run that waited for another
    sees that run's notices and repeats none of them.
    """
    candidates = overdue_invoices(on=on)
    if invoice is not None:
        candidates = candidates.filter(pk=invoice.pk)
    locked = list(candidates.select_for_update(of=("self",)).order_by("pk").values_list("pk", flat=True))
    return overdue_list(on=on, invoices=overdue_invoices(on=on).filter(pk__in=locked))


@transaction.atomic
def dunning_run(*, on: datetime.date) -> list[DunningNotice]:
    """Sends every overdue invoice the next level that is due on `on`; returns the notices created.

    Customers with an active dunning stop are skipped. An invoice climbs one level per run at most,
    so no level is ever skipped; running twice on one day creates nothing the second time.
    """
    settings = dunning_settings()
    rates = base_rates()
    notices = [
        _notice_build(row=row, level=row.next_step.level, on=on, settings=settings, rates=rates)
        for row in _locked_overdue(on=on)
        if not row.is_stopped and row.next_step is not None and row.next_step.due_on <= on
    ]
    created = DunningNotice.objects.bulk_create(notices)
    _queue_mails(created)
    return created


@transaction.atomic
def dunning_notice_create(*, invoice: Invoice, on: datetime.date) -> DunningNotice:
    """The next level for one invoice now, without waiting for its days: the owner decided to send it."""
    rows = _locked_overdue(on=on, invoice=invoice)
    if not rows:
        raise ApplicationError(
            _("Only an issued invoice that is overdue and not fully paid can be dunned."),
            code="not_overdue",
            field="invoice",
            status=409,
        )
    row = rows[0]
    if row.is_stopped:
        raise ApplicationError(
            _("Dunning is stopped for this customer."), code="dunning_stopped", field="customer", status=409
        )
    if row.next_step is None:
        raise ApplicationError(
            _("The last dunning level has been sent for this invoice."), code="last_level", field="level", status=409
        )
    notice = _notice_build(row=row, level=row.next_step.level, on=on, settings=dunning_settings(), rates=base_rates())
    notice.save()
    _queue_mails([notice])
    return notice


@transaction.atomic
def dunning_stop_set(
    *, party: Party, stopped: bool = True, reason: str = "", until: datetime.date | None = None
) -> DunningStop:
    """Stops (or resumes) dunning of one customer; a stop with `until` lifts itself after that day."""
    if not party.is_customer:
        raise ApplicationError(_("Only customers are dunned."), code="not_customer", field="party")
    stop, _created = DunningStop.objects.select_for_update().get_or_create(party=party)
    stop.stopped = stopped
    stop.reason = reason.strip() if stopped else ""
    stop.until = until if stopped else None
    stop.save()
    return stop


def _message(notice: DunningNotice) -> EmailMessage:
    """Subject, body and the letter as PDF, in the customer's language."""
    from .letters import notice_filename, notice_language, notice_pdf  # WeasyPrint loads only when a letter is printed

    context = {"notice": notice, "invoice": notice.invoice, "company": connection.tenant.name}  # type: ignore[attr-defined]
    with translation.override(notice_language(notice)):
        subject = " ".join(render_to_string("dunning/email/notice_subject.txt", context).split())
        body = render_to_string("dunning/email/notice.txt", context)
    message = EmailMessage(
        subject=subject,
        body=body,
        to=[address.strip() for address in notice.recipients.split(",")],
        headers={"X-Kontor-Dunning-Notice": str(notice.pk)},
    )
    message.attach(notice_filename(notice), notice_pdf(notice=notice), "application/pdf")
    return message


def dunning_notice_deliver(*, notice_id: int, final: bool = False) -> bool:
    """Sends one queued notice; True if it went out now, False if it went out (or gave up) before.

    A delivery error is counted and stored, then raised for the task to retry; on the `final`
    attempt the notice is marked failed instead.
    """
    with transaction.atomic():
        notice = (
            DunningNotice.objects.select_for_update(of=("self",))
            .select_related("invoice", "invoice__customer", "level")
            .get(pk=notice_id)
        )
        if notice.send_status != SendStatus.QUEUED:
            return False
        notice.attempts += 1
        failure: Exception | None = None
        try:
            _message(notice).send()
        except DELIVERY_ERRORS as error:
            failure = error
            notice.error = f"{error.__class__.__name__}: {error}"
            if final:
                notice.send_status = SendStatus.FAILED
        else:
            notice.send_status = SendStatus.SENT
            notice.sent_at = timezone.now()
            notice.error = ""
        notice.save(update_fields=["attempts", "error", "send_status", "sent_at"])
    if failure is not None and not final:
        raise failure  # outside the transaction: the attempt and its error stay recorded
    return failure is None
