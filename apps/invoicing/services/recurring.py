"""Recurring invoices: templates that the daily run turns into invoices, one per period.

Each period is billed in a transaction of its own that holds the template's row lock: two
runs at once wait for each other and the second finds the period billed (the unique
(template, period) constraint stands behind that). A run that missed periods bills each of
them once, all dated the day of the run: an invoice's date is the day it is written, its
delivery date the period it bills, and its number follows the others in order.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, fields

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from apps.core.errors import ApplicationError

from ..models import Frequency, Invoice, RecurringInvoice
from ..recurring_selectors import recurring_next_run, recurring_text_render
from .drafts import DraftData, allowance_charge_data, draft_check, draft_rows_write, invoice_create, line_data
from .issuing import invoice_issue
from .sending import invoice_send

logger = logging.getLogger(__name__)
MAX_INTERVAL = 120


@dataclass(frozen=True)
class ScheduleData:
    name: str
    start_date: datetime.date
    frequency: str = Frequency.MONTHLY
    interval: int = 1
    end_date: datetime.date | None = None
    max_count: int | None = None
    auto_issue: bool = True
    auto_send: bool = False


SCHEDULE_FIELDS = tuple(item.name for item in fields(ScheduleData))
# The draft's header as the template keeps it; blank terms stay blank (the customer's at billing).
HEADER_FIELDS = (
    "currency", "exchange_rate", "buyer_reference", "payment_days", "skonto_percent", "skonto_days",
    "rounding_increment", "notes",
)  # fmt: skip


@dataclass(frozen=True)
class RecurringRun:
    """What one daily run did: invoices made, templates that failed (their error is on them)."""

    made: int
    failed: int


def _schedule_check(schedule: ScheduleData) -> None:
    problems = [
        (not schedule.name.strip(), _("Give the recurring invoice a name."), "required", "name"),
        (schedule.frequency not in Frequency.values, _("Choose monthly, quarterly or yearly."), "invalid", "frequency"),
        (
            not 1 <= schedule.interval <= MAX_INTERVAL,
            _("Between 1 and %(max)s.") % {"max": MAX_INTERVAL},
            "invalid",
            "interval",
        ),
        (
            schedule.end_date is not None and schedule.end_date < schedule.start_date,
            _("The end cannot be before the first period."),
            "before_start",
            "end_date",
        ),
        (schedule.max_count is not None and schedule.max_count < 1, _("At least one invoice."), "invalid", "max_count"),
        (
            schedule.auto_send and not schedule.auto_issue,
            _("Only issued invoices can be sent; issue automatically too."),
            "needs_auto_issue",
            "auto_send",
        ),
    ]
    for broken, message, code, field in problems:
        if broken:
            raise ApplicationError(message, code=code, field=field)


def _apply(recurring: RecurringInvoice, schedule: ScheduleData, draft: DraftData) -> None:
    _schedule_check(schedule)
    refs = draft_check(draft)
    for name in SCHEDULE_FIELDS:
        setattr(recurring, name, getattr(schedule, name))
    recurring.name = schedule.name.strip()
    recurring.customer = refs.customer
    for name in HEADER_FIELDS:
        setattr(recurring, name, getattr(draft, name))
    recurring.save()
    draft_rows_write(owner=recurring, data=draft, refs=refs)
    _billable_require(recurring)


def _billable_require(recurring: RecurringInvoice) -> None:
    """Makes the first period's draft and throws it away: what the totals engine refuses is refused now,
    naming its field, not months later in a nightly run nobody watches."""
    savepoint = transaction.savepoint()
    try:
        invoice_create(data=_draft_data(recurring, recurring.start_date))
    finally:
        transaction.savepoint_rollback(savepoint)


@transaction.atomic
def recurring_invoice_create(*, schedule: ScheduleData, draft: DraftData) -> RecurringInvoice:
    """A new template, first billed on its start date (a start in the past is caught up on the next run)."""
    recurring = RecurringInvoice()
    _apply(recurring, schedule, draft)
    recurring.next_run = recurring_next_run(recurring)
    recurring.save(update_fields=["next_run"])
    return recurring


@transaction.atomic
def recurring_invoice_update(
    *, recurring: RecurringInvoice, schedule: ScheduleData, draft: DraftData
) -> RecurringInvoice:
    """Rewrites the template; the next run is the new schedule's first period after the last one billed."""
    recurring = RecurringInvoice.objects.select_for_update().get(pk=recurring.pk)
    _apply(recurring, schedule, draft)
    last = recurring.invoices.aggregate(last=Max("recurring_period"))["last"]
    recurring.next_run = recurring_next_run(recurring, after=last)
    recurring.save(update_fields=["next_run"])
    return recurring


@transaction.atomic
def recurring_invoice_delete(*, recurring: RecurringInvoice) -> None:
    """The invoices it made stay; they only lose the link to it."""
    RecurringInvoice.objects.select_for_update().get(pk=recurring.pk).delete()


@transaction.atomic
def recurring_invoice_pause(*, recurring: RecurringInvoice) -> RecurringInvoice:
    recurring = RecurringInvoice.objects.select_for_update().get(pk=recurring.pk)
    recurring.is_active = False
    recurring.save(update_fields=["is_active", "updated_at"])
    return recurring


@transaction.atomic
def recurring_invoice_resume(*, recurring: RecurringInvoice, on: datetime.date) -> RecurringInvoice:
    """Active again from `on`: periods that fell into the pause are skipped, not billed late."""
    recurring = RecurringInvoice.objects.select_for_update().get(pk=recurring.pk)
    recurring.is_active = True
    if recurring.next_run is not None:
        recurring.next_run = recurring_next_run(recurring, not_before=max(on, recurring.next_run))
    recurring.save(update_fields=["is_active", "next_run", "updated_at"])
    return recurring


def _draft_data(recurring: RecurringInvoice, period: datetime.date) -> DraftData:
    """The invoice for `period`, its texts rendered in the customer's language."""
    language = recurring.customer.language

    def render(text: str) -> str:
        return recurring_text_render(text, recurring=recurring, period=period, language=language)

    return DraftData(
        customer=recurring.customer_id,
        lines=[
            line_data(line, description=render(line.description))
            for line in recurring.lines.select_related("tax_code").order_by("position")
        ],
        allowances_charges=[
            allowance_charge_data(item)
            for item in recurring.allowances_charges.select_related("tax_code").order_by("pk")
        ],
        delivery_date=period,
        notes=render(recurring.notes),
        **{name: getattr(recurring, name) for name in HEADER_FIELDS if name != "notes"},
    )


def _next_period_bill(*, pk: int, on: datetime.date, until: datetime.date | None) -> Invoice | None:
    """Bills the template's next period if it starts by `until` (any time if None); None if there is none."""
    with transaction.atomic():
        recurring = RecurringInvoice.objects.select_for_update(of=("self",)).select_related("customer").get(pk=pk)
        period = recurring.next_run
        if not recurring.is_active or period is None or (until is not None and period > until):
            return None
        invoice = invoice_create(data=_draft_data(recurring, period))
        invoice.recurring, invoice.recurring_period = recurring, period
        invoice.save(update_fields=["recurring", "recurring_period", "updated_at"])
        if recurring.auto_issue:
            invoice = invoice_issue(invoice=invoice, issue_date=on)
            if recurring.auto_send and recurring.customer.email:
                invoice_send(invoice=invoice)
        recurring.issued_count += 1
        recurring.next_run = recurring_next_run(recurring, after=period)
        recurring.last_run_on = on
        recurring.last_error = ""
        recurring.save(update_fields=["issued_count", "next_run", "last_run_on", "last_error", "updated_at"])
    return invoice


def recurring_invoice_run(*, recurring: RecurringInvoice, on: datetime.date) -> Invoice:
    """Bills the template's next period now, even before its date ("bill now" for one template)."""
    if not recurring.is_active:
        raise ApplicationError(
            _("This recurring invoice is paused; resume it first."), code="paused", field="is_active", status=409
        )
    invoice = _next_period_bill(pk=recurring.pk, on=on, until=None)
    if invoice is None:
        raise ApplicationError(
            _("This recurring invoice has billed all its periods."), code="finished", field="next_run", status=409
        )
    return invoice


def recurring_invoices_issue(*, on: datetime.date) -> RecurringRun:
    """The daily run: every active template bills each period that started by `on`, each once.

    One template's failure (a closed ledger period, a customer made inactive) is stored on it
    and the others go on; its next run tries again. Unexpected errors are logged as well,
    because an error report for a template nobody opens would otherwise go unseen.
    """
    due = RecurringInvoice.objects.filter(is_active=True, next_run__lte=on).order_by("pk").values_list("pk", flat=True)
    made = failed = 0
    for pk in list(due):
        try:
            while _next_period_bill(pk=pk, on=on, until=on) is not None:
                made += 1
        except Exception as error:
            if not isinstance(error, ApplicationError):
                logger.exception("Recurring invoice %s failed", pk)
            message = error.message if isinstance(error, ApplicationError) else f"{error.__class__.__name__}: {error}"
            RecurringInvoice.objects.filter(pk=pk).update(last_error=message, last_run_on=on)
            failed += 1
    return RecurringRun(made=made, failed=failed)
