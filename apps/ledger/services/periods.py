"""Closing and reopening periods, and the year-end close.

Only owners and accountants may close or reopen: the audit trail records who did.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import QuerySet, Sum
from django.utils.translation import gettext as _

from apps.audit.services import audit_actor_ensure
from apps.core.errors import ApplicationError
from apps.tenants.models import Tenant, User
from apps.tenants.selectors import membership_can_use_admin, membership_for

from ..models import (
    BALANCE_SHEET_TYPES,
    PROFIT_AND_LOSS_TYPES,
    ZERO,
    Account,
    AccountPeriodBalance,
    AccountRole,
    EntryState,
    FiscalYear,
    JournalEntry,
    OpenClosed,
    Period,
    PeriodKind,
)
from .posting import EntrySpec, LineSpec, entries_post
from .setup import fiscal_year_ensure


def bookkeeper_require(*, tenant: Tenant, user: User) -> None:
    """Raises 403 unless `user` is an owner or accountant of `tenant`."""
    if not membership_can_use_admin(membership_for(user=user, tenant=tenant)):
        raise ApplicationError(_("Only an owner or accountant can do this."), code="permission_denied", status=403)


def period_close(*, tenant: Tenant, period: Period, user: User) -> Period:
    """Closes a period to postings; drafts in it must be posted or deleted first."""
    bookkeeper_require(tenant=tenant, user=user)
    with transaction.atomic(), audit_actor_ensure(user):
        period = Period.objects.select_for_update().get(pk=period.pk)
        if JournalEntry.objects.filter(period=period, state=EntryState.DRAFT).exists():
            raise ApplicationError(
                _("The period still has draft entries."), code="drafts_open", field="period", status=409
            )
        if period.status != OpenClosed.CLOSED:
            period.status = OpenClosed.CLOSED
            period.save(update_fields=["status"])
    return period


def period_reopen(*, tenant: Tenant, period: Period, user: User) -> Period:
    """Reopens a period of a fiscal year that is still open."""
    bookkeeper_require(tenant=tenant, user=user)
    with transaction.atomic(), audit_actor_ensure(user):
        period = Period.objects.select_for_update().select_related("fiscal_year").get(pk=period.pk)
        if period.fiscal_year.status == OpenClosed.CLOSED:
            raise ApplicationError(
                _("The fiscal year %(year)s is closed; its periods stay closed.") % {"year": period.fiscal_year},
                code="year_closed",
                field="period",
                status=409,
            )
        if period.status != OpenClosed.OPEN:
            period.status = OpenClosed.OPEN
            period.save(update_fields=["status"])
    return period


def _balances(stored: QuerySet[AccountPeriodBalance]) -> list[tuple[Account, Decimal]]:
    """(account, debit − credit) per account of the `stored` period balances, non-zero only, in code order."""
    rows = stored.values("account").annotate(balance=Sum("debit") - Sum("credit")).exclude(balance=0)
    balances = {row["account"]: row["balance"] for row in rows}
    accounts = Account.objects.in_bulk(list(balances))
    return [(accounts[pk], balances[pk]) for pk in sorted(balances, key=lambda pk: accounts[pk].code)]


def _mirror_lines(balances: list[tuple[Account, Decimal]], text: str) -> list[LineSpec]:
    """Lines that bring each balance to zero."""
    return _carry_lines([(account, -balance) for account, balance in balances], text)


def _carry_lines(balances: list[tuple[Account, Decimal]], text: str) -> list[LineSpec]:
    """Lines that open each balance again."""
    return [
        LineSpec(
            account=account.code,
            debit=balance if balance > 0 else ZERO,
            credit=-balance if balance < 0 else ZERO,
            description=text,
        )
        for account, balance in balances
    ]


def fiscal_year_close(*, tenant: Tenant, fiscal_year: FiscalYear, user: User) -> FiscalYear:
    """Closes the year: profit or loss goes to retained earnings, the next year opens with the balances.

    The closing entry sits in the year's closing period (13), so monthly profit and loss
    keeps its figures; the opening entry sits in the next year's opening period (0).
    """
    bookkeeper_require(tenant=tenant, user=user)
    with transaction.atomic(), audit_actor_ensure(user):
        year = FiscalYear.objects.select_for_update().get(pk=fiscal_year.pk)
        if year.status == OpenClosed.CLOSED:
            raise ApplicationError(
                _("The fiscal year is already closed."), code="year_closed", field="fiscal_year", status=409
            )
        if year.periods.filter(kind=PeriodKind.REGULAR, status=OpenClosed.OPEN).exists():
            raise ApplicationError(
                _("Close every month of the year first."), code="periods_open", field="fiscal_year", status=409
            )
        retained = Account.objects.filter(role=AccountRole.RETAINED_EARNINGS).first()
        if retained is None:
            raise ApplicationError(
                _("The chart has no retained earnings account."), code="no_retained_earnings", field="fiscal_year"
            )
        text = _("Year-end close %(year)s") % {"year": year}
        result_balances = _balances(
            AccountPeriodBalance.objects.filter(period__fiscal_year=year, account__type__in=PROFIT_AND_LOSS_TYPES)
        )
        if result_balances:
            lines = _mirror_lines(result_balances, text)
            profit = sum((balance for _account, balance in result_balances), ZERO)  # credit-heavy means profit
            lines.append(_carry_lines([(retained, profit)], text)[0])
            spec = EntrySpec(
                date=year.end_date, lines=lines, journal="YE", description=text, period_kind=PeriodKind.CLOSING
            )
            entries_post(specs=[spec], posted_by=user)
        next_year = fiscal_year_ensure(date=year.end_date + datetime.timedelta(days=1))
        _open_next_year(year, next_year, user)
        Period.objects.filter(fiscal_year=year).update(status=OpenClosed.CLOSED)
        year.status = OpenClosed.CLOSED
        year.save(update_fields=["status"])
    return year


def _open_next_year(year: FiscalYear, next_year: FiscalYear, user: User) -> None:
    """Carries every balance-sheet balance, accumulated over all years so far, into `next_year`."""
    ordered = _balances(
        AccountPeriodBalance.objects.filter(
            period__end_date__lte=year.end_date,
            account__type__in=BALANCE_SHEET_TYPES,
        ).exclude(period__kind=PeriodKind.OPENING)
    )
    if not ordered:
        return
    text = _("Opening balances %(year)s") % {"year": next_year}
    spec = EntrySpec(
        date=next_year.start_date,
        lines=_carry_lines(ordered, text),
        journal="YE",
        description=text,
        period_kind=PeriodKind.OPENING,
    )
    entries_post(specs=[spec], posted_by=user)
