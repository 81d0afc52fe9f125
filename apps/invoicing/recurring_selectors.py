"""Reads of recurring invoices: their list, the dates of their periods, their texts per period.

A period date keeps the day of the month of the first period: a template starting on the
31st bills on the 30th in April, the 28th or 29th in February and the 31st again in May.
Each date is computed from the first period, never from the previous one, so a short month
does not pull every later date earlier.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterator, Mapping
from typing import Any

from django.db.models import QuerySet
from django.utils import translation
from django.utils.formats import date_format

from .models import RecurringInvoice
from .selectors import SERIALIZED_PREFETCH

ONE_DAY = datetime.timedelta(days=1)


def recurring_invoice_list(*, filters: Mapping[str, Any] | None = None) -> QuerySet[RecurringInvoice]:
    """Templates with their customer; `filters` may hold `is_active` and `customer`."""
    templates = RecurringInvoice.objects.select_related("customer")
    filters = filters or {}
    if filters.get("is_active") is not None:
        templates = templates.filter(is_active=filters["is_active"])
    if filters.get("customer"):
        templates = templates.filter(customer=filters["customer"])
    return templates


def recurring_invoice_detail(*, pk: int) -> RecurringInvoice:
    return RecurringInvoice.objects.select_related("customer").prefetch_related(*SERIALIZED_PREFETCH).get(pk=pk)


def months_later(start: datetime.date, months: int) -> datetime.date:
    """`start` moved by `months`, on the same day of the month or the month's last day if it is shorter."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def _periods(recurring: RecurringInvoice) -> Iterator[datetime.date]:
    """Every period's date from the first, up to the end date (endless without one)."""
    index = 0
    while True:
        period = months_later(recurring.start_date, index * recurring.months_per_run)
        if recurring.end_date is not None and period > recurring.end_date:
            return
        yield period
        index += 1


def recurring_next_run(
    recurring: RecurringInvoice, *, after: datetime.date | None = None, not_before: datetime.date | None = None
) -> datetime.date | None:
    """The first period after `after` and not before `not_before`; None once the end date or count is reached."""
    if recurring.max_count is not None and recurring.issued_count >= recurring.max_count:
        return None
    for period in _periods(recurring):
        if (after is None or period > after) and (not_before is None or period >= not_before):
            return period
    return None


def recurring_period_end(recurring: RecurringInvoice, period: datetime.date) -> datetime.date:
    """The last day of the period starting on `period`: the day before the next period (end date or not)."""
    start = recurring.start_date
    offset = (period.year - start.year) * 12 + period.month - start.month
    return months_later(start, offset + recurring.months_per_run) - ONE_DAY


def recurring_text_render(text: str, *, recurring: RecurringInvoice, period: datetime.date, language: str) -> str:
    """`text` with `{period}`, `{month}` and `{year}` filled in for `period`, in `language`.

    Plain replacement, not `str.format`: other braces in a description stay as they are.
    """
    if "{" not in text:
        return text
    with translation.override(language):
        first = date_format(period, "SHORT_DATE_FORMAT")
        last = date_format(recurring_period_end(recurring, period), "SHORT_DATE_FORMAT")
        values = {"{period}": f"{first} – {last}", "{month}": date_format(period, "F"), "{year}": str(period.year)}
    for placeholder, value in values.items():
        text = text.replace(placeholder, value)
    return text
