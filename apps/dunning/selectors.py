"""Reads and decisions of dunning: which invoices are overdue, which level is next, what interest runs.

Everything here works on sets: one query for the overdue invoices with their open amounts, one
for their notices, one for the base rates, however many invoices a company has.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import cast

from django.db.models import Exists, OuterRef, Q, QuerySet

from apps.invoicing.models import Invoice
from apps.invoicing.payment_selectors import PAYABLE_KINDS, PAYABLE_STATUSES, invoices_with_balance
from apps.parties.models import Party

from .models import BaseRate, CountsFrom, DunningLevel, DunningNotice, DunningSettings, DunningStop, InterestMode

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
DAYS_PER_YEAR = Decimal("365")
HUNDRED = Decimal("100")
# § 288 BGB: base rate plus 9 points when no consumer is involved (para. 2), plus 5 otherwise (para. 1).
STATUTORY_MARGIN_BUSINESS = Decimal("9")
STATUTORY_MARGIN_CONSUMER = Decimal("5")


@dataclass(frozen=True)
class InterestPeriod:
    """Days `start`..`end` (both included) at one annual `rate`."""

    start: datetime.date
    end: datetime.date
    days: int
    rate: Decimal

    def as_json(self) -> dict[str, str | int]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat(), "days": self.days, "rate": str(self.rate)}


@dataclass(frozen=True)
class NoticeStep:
    """The level an invoice reaches next, and the first day it may be sent."""

    level: DunningLevel
    due_on: datetime.date


@dataclass
class OverdueInvoice:
    """An overdue invoice as dunning sees it: what is open, what was sent, what comes next."""

    invoice: Invoice
    open_amount: Decimal
    is_stopped: bool
    notices: list[DunningNotice] = field(default_factory=list)
    next_step: NoticeStep | None = None

    @property
    def due_date(self) -> datetime.date:
        return cast(datetime.date, self.invoice.due_date)  # overdue: the query asked for a due date

    @property
    def current_level(self) -> DunningLevel | None:
        return self.notices[-1].level if self.notices else None

    @property
    def earlier_fees(self) -> Decimal:
        return sum((notice.fee for notice in self.notices), ZERO)


def dunning_settings() -> DunningSettings:
    """The company's settings, or the defaults (no interest) before anyone saved them."""
    return DunningSettings.objects.first() or DunningSettings()


def dunning_levels() -> list[DunningLevel]:
    return list(DunningLevel.objects.order_by("level"))


def base_rates() -> list[tuple[datetime.date, Decimal]]:
    """(valid from, rate), oldest first."""
    return list(BaseRate.objects.order_by("valid_from").values_list("valid_from", "rate"))


def stop_is_active(*, on: datetime.date) -> Q:
    """The condition on `DunningStop` under which no notice goes out on `on`."""
    return Q(stopped=True) & (Q(until__isnull=True) | Q(until__gte=on))


def overdue_invoices(*, on: datetime.date) -> QuerySet[Invoice]:
    """Issued invoices due before `on` with money open, annotated `open_amount` and `is_stopped`.

    The open amount is invoicing's (`invoices_with_balance`): payments, discounts, write-offs and
    issued credit notes are off it.
    """
    stopped = DunningStop.objects.filter(stop_is_active(on=on), party=OuterRef("customer"))
    invoices = Invoice.objects.filter(kind__in=PAYABLE_KINDS, status__in=PAYABLE_STATUSES, due_date__lt=on)
    return (
        invoices_with_balance(invoices)
        .annotate(is_stopped=Exists(stopped))
        .filter(open_amount__gt=0)  # type: ignore[misc]  # an annotation the stubs cannot see
        .select_related("customer")
        .order_by("due_date", "pk")
    )


def notices_by_invoice(invoice_ids: Iterable[int]) -> dict[int, list[DunningNotice]]:
    """Each invoice's notices, lowest level first."""
    found: dict[int, list[DunningNotice]] = defaultdict(list)
    notices = DunningNotice.objects.filter(invoice_id__in=list(invoice_ids)).select_related("level")
    for notice in notices.order_by("level__level", "pk"):
        found[notice.invoice_id].append(notice)
    return found


def level_due_on(*, level: DunningLevel, due_date: datetime.date, previous: DunningNotice | None) -> datetime.date:
    """The first day `level` may go out.

    The first level counts from the due date. A later level counted from the due date keeps its
    distance to the previous level too: an invoice found 40 days late gets the reminder first,
    and the 1st notice only as many days later as the levels lie apart. A later level never comes
    on the day of the previous notice, so a second run on the same day sends nothing.
    """
    if previous is None:
        return due_date + datetime.timedelta(days=level.days)
    if level.counts_from == CountsFrom.PREVIOUS_NOTICE:
        return previous.notice_date + datetime.timedelta(days=max(level.days, 1))
    gap = max(level.days - previous.level.days, 1)
    return max(due_date + datetime.timedelta(days=level.days), previous.notice_date + datetime.timedelta(days=gap))


def next_step(
    *, levels: list[DunningLevel], due_date: datetime.date, notices: list[DunningNotice]
) -> NoticeStep | None:
    """The level after the highest one sent, and when it is due; None when the last level was sent."""
    previous = notices[-1] if notices else None
    reached = previous.level.level if previous else 0
    following = next((level for level in levels if level.level > reached), None)
    if following is None:
        return None
    return NoticeStep(level=following, due_on=level_due_on(level=following, due_date=due_date, previous=previous))


def overdue_list(*, on: datetime.date, invoices: QuerySet[Invoice] | None = None) -> list[OverdueInvoice]:
    """Overdue invoices with their notices and next step, in a fixed number of queries."""
    rows = list(invoices if invoices is not None else overdue_invoices(on=on))
    notices = notices_by_invoice(invoice.pk for invoice in rows)
    levels = dunning_levels()
    result = []
    for invoice in rows:
        sent = notices.get(invoice.pk, [])
        row = OverdueInvoice(
            invoice=invoice,
            open_amount=invoice.open_amount,  # type: ignore[attr-defined]
            is_stopped=invoice.is_stopped,  # type: ignore[attr-defined]
            notices=sent,
        )
        row.next_step = next_step(levels=levels, due_date=row.due_date, notices=sent)
        result.append(row)
    return result


def party_is_business(party: Party) -> bool:
    """A customer with a tax id is treated as a business (§ 288 (2) BGB), any other as a consumer."""
    return bool(party.tax_id.strip())


def annual_interest_rates(
    *, settings: DunningSettings, party: Party, rates: list[tuple[datetime.date, Decimal]]
) -> list[tuple[datetime.date, Decimal]]:
    """(valid from, annual rate in %) for this customer, oldest first; empty when no interest is charged."""
    if settings.interest_mode == InterestMode.FIXED:
        return [(datetime.date.min, settings.fixed_rate)] if settings.fixed_rate > 0 else []
    if settings.interest_mode == InterestMode.STATUTORY_DE:
        margin = STATUTORY_MARGIN_BUSINESS if party_is_business(party) else STATUTORY_MARGIN_CONSUMER
        return [(valid_from, max(rate + margin, ZERO)) for valid_from, rate in rates]
    return []


def interest_periods(
    *, due_date: datetime.date, until: datetime.date, rates: list[tuple[datetime.date, Decimal]]
) -> list[InterestPeriod]:
    """The days after `due_date` up to `until`, split where the rate changes.

    Days before the earliest known rate use that rate: the table is seeded back to 2016.
    """
    periods: list[InterestPeriod] = []
    start = due_date + datetime.timedelta(days=1)
    if not rates or until < start:
        return periods
    for index, (_valid_from, rate) in enumerate(rates):
        following = rates[index + 1][0] if index + 1 < len(rates) else None
        if following is not None and following <= start:
            continue
        end = until if following is None else min(until, following - datetime.timedelta(days=1))
        periods.append(InterestPeriod(start=start, end=end, days=(end - start).days + 1, rate=rate))
        if end >= until:
            break
        start = end + datetime.timedelta(days=1)
    return periods


def interest_amount(*, amount: Decimal, periods: list[InterestPeriod]) -> Decimal:
    """Simple interest, actual days over 365, summed over the periods and rounded once, half up."""
    weighted = sum((period.rate * period.days for period in periods), Decimal("0"))
    return (amount * weighted / (HUNDRED * DAYS_PER_YEAR)).quantize(CENT, ROUND_HALF_UP)


def notice_list() -> QuerySet[DunningNotice]:
    return DunningNotice.objects.select_related("invoice", "invoice__customer", "level").order_by("-notice_date", "-pk")


def notice_detail(*, pk: int) -> DunningNotice:
    return notice_list().get(pk=pk)


def stop_list() -> QuerySet[DunningStop]:
    return DunningStop.objects.select_related("party").order_by("party__legal_name", "pk")
