"""Setting up a company's books: its chart of accounts, journals and fiscal years."""

from __future__ import annotations

import calendar
import csv
import datetime
from decimal import Decimal
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.errors import ApplicationError
from apps.taxes.models import TaxRate
from apps.tenants.countries import PROFILES, Country
from apps.tenants.models import Tenant

from ..models import (
    NORMAL_SIDE,
    Account,
    AccountType,
    Chart,
    FiscalYear,
    Journal,
    LedgerSettings,
    Period,
    PeriodKind,
    TaxPosting,
)
from ..selectors.setup import books_are_empty

CHARTS_DIR = Path(__file__).resolve().parent.parent / "charts"
DEFAULT_CHART = {
    Country.GERMANY: Chart.SKR03,
    Country.BELGIUM: Chart.BE_PCMN,
    Country.DOMINICAN_REPUBLIC: Chart.DO_DGII,
}
JOURNALS = {
    "GJ": gettext_lazy("General journal"),
    "SAL": gettext_lazy("Sales"),
    "PUR": gettext_lazy("Purchases"),
    "BNK": gettext_lazy("Bank"),
    "CSH": gettext_lazy("Cash"),
    "YE": gettext_lazy("Year-end"),
}


def chart_rows(chart: str) -> list[dict[str, str]]:
    """The chart's accounts as the CSV in `charts/` lists them (parents before children)."""
    with (CHARTS_DIR / f"{chart}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _tax_rows(chart: str) -> list[dict[str, str]]:
    with (CHARTS_DIR / f"{chart}_taxes.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def chart_load(*, chart: str, language: str = "") -> int:
    """Creates the chart's accounts and tax postings in the current schema; returns the count.

    Belgian accounts carry a French and a Dutch name; `language` picks one.
    """
    rows = chart_rows(chart)
    tax_codes = {rate.code: rate for rate in TaxRate.objects.all()}
    accounts = Account.objects.bulk_create(
        Account(
            code=row["code"],
            name=(row["name_nl"] if language == "nl" and row["name_nl"] else row["name"]),
            type=row["type"],
            normal_side=NORMAL_SIDE[AccountType(row["type"])],
            is_postable=row["postable"] == "1",
            role=row["role"],
            default_tax_code=tax_codes.get(row["tax_code"]),
        )
        for row in rows
    )
    by_code = {account.code: account for account in accounts}
    for account, row in zip(accounts, rows, strict=True):
        account.parent = by_code.get(row["parent"])
    Account.objects.bulk_update(accounts, ["parent"])
    TaxPosting.objects.bulk_create(
        TaxPosting(
            tax_code=tax_codes[row["tax_code"]],
            output_account=by_code.get(row["output_account"]),
            input_account=by_code.get(row["input_account"]),
            self_assessment_rate=Decimal(row["self_assessment_rate"] or "0"),
        )
        for row in _tax_rows(chart)
        if row["tax_code"] in tax_codes
    )
    return len(accounts)


def journals_seed(*, language: str = "en") -> None:
    """The standard journals, named in the company's language."""
    existing = set(Journal.objects.values_list("code", flat=True))
    with translation.override(language):
        Journal.objects.bulk_create(
            Journal(code=code, name=str(name)) for code, name in JOURNALS.items() if code not in existing
        )


def ledger_seed(tenant: Tenant) -> None:
    """Provisioning default: the country's standard chart, the journals, this year's periods."""
    if LedgerSettings.objects.exists():
        return
    chart = DEFAULT_CHART[Country(tenant.country)]
    LedgerSettings.objects.create(chart=chart)
    language = PROFILES[tenant.country].language
    chart_load(chart=chart, language=language)
    journals_seed(language=language)
    fiscal_year_ensure(date=datetime.date.today())


@transaction.atomic
def chart_choose(*, chart: str, language: str = "") -> LedgerSettings:
    """Switches the company to another standard chart while its books are still empty."""
    if chart not in Chart.values:
        raise ApplicationError(_("Unknown chart of accounts."), code="invalid_choice", field="chart")
    settings_row = LedgerSettings.objects.select_for_update().get()
    if not books_are_empty():
        raise ApplicationError(
            _("The chart can only be changed before the first entry is posted."), code="books_not_empty", field="chart"
        )
    TaxPosting.objects.all().delete()
    Account.objects.update(parent=None)
    Account.objects.all().delete()
    chart_load(chart=chart, language=language)
    settings_row.chart = chart
    settings_row.save(update_fields=["chart"])
    return settings_row


def _month_end(day: datetime.date) -> datetime.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def fiscal_year_create(*, start_date: datetime.date) -> FiscalYear:
    """A twelve-month year starting on `start_date` (the first of a month), with its periods."""
    if start_date.day != 1:
        raise ApplicationError(_("A fiscal year starts on the first of a month."), code="invalid", field="start_date")
    end_date = start_date.replace(year=start_date.year + 1) - datetime.timedelta(days=1)
    if FiscalYear.objects.filter(start_date__lte=end_date, end_date__gte=start_date).exists():
        raise ApplicationError(_("The fiscal year overlaps another one."), code="overlap", field="start_date")
    year = FiscalYear.objects.create(start_date=start_date, end_date=end_date)
    periods = [Period(fiscal_year=year, number=0, kind=PeriodKind.OPENING, start_date=start_date, end_date=start_date)]
    month_start = start_date
    for number in range(1, 13):
        periods.append(
            Period(fiscal_year=year, number=number, start_date=month_start, end_date=_month_end(month_start))
        )
        month_start = _month_end(month_start) + datetime.timedelta(days=1)
    periods.append(Period(fiscal_year=year, number=13, kind=PeriodKind.CLOSING, start_date=end_date, end_date=end_date))
    Period.objects.bulk_create(periods)
    return year


def fiscal_year_ensure(*, date: datetime.date) -> FiscalYear:
    """The fiscal year holding `date`, created (following the latest year's rhythm) if missing."""
    year = FiscalYear.objects.filter(start_date__lte=date, end_date__gte=date).first()
    if year:
        return year
    latest = FiscalYear.objects.order_by("-start_date").first()
    start_month = latest.start_date.month if latest else 1
    start = datetime.date(date.year if date.month >= start_month else date.year - 1, start_month, 1)
    try:
        with transaction.atomic():
            return fiscal_year_create(start_date=start)
    except IntegrityError:  # a concurrent posting created it first
        return FiscalYear.objects.get(start_date=start)
