"""The books on the web: statements that drill down to the general ledger and on to each entry.

Every statement page also downloads as CSV, XLSX or PDF (`?export=`), built from the same
report object the page shows. The query serializers of the API check the dates here too.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from rest_framework import serializers

from apps.accounts.decorators import right_required
from apps.core.errors import ApplicationError
from apps.tenants.countries import PROFILES
from apps.tenants.http import MemberRequest
from apps.tenants.selectors import membership_can_use_admin, membership_for

from .exports import Cell, Column, Table, table_response
from .models import Account, Chart
from .selectors.setup import books_are_empty, ledger_chart
from .selectors.statements import (
    AccountAmount,
    BalanceSheet,
    ComparedAmount,
    GeneralLedger,
    ProfitAndLoss,
    TrialBalance,
    balance_sheet,
    books_start,
    fiscal_year_range,
    general_ledger,
    general_ledger_page,
    journal_entry_detail,
    profit_and_loss,
    trial_balance,
)
from .selectors.vat_returns import vat_return
from .serializers import (
    BalanceSheetQuerySerializer,
    DateRangeQuerySerializer,
    ExportQuerySerializer,
    GeneralLedgerQuerySerializer,
    ProfitAndLossQuerySerializer,
    TrialBalanceQuerySerializer,
)
from .services import bookkeeper_require, chart_choose

LEDGER_PAGE_SIZE = 200


ledger_view_required = right_required("ledger.view_account")


@dataclass
class Query:
    """The page's parameters as typed (for the form) and as checked (for the report)."""

    values: dict[str, Any]
    params: dict[str, Any] = field(default_factory=dict)
    export: str | None = None
    errors: dict[str, Any] = field(default_factory=dict)


def _query(request: MemberRequest, serializer_class: type[serializers.Serializer], defaults: dict[str, str]) -> Query:
    """Blank fields fall back to `defaults`, so a first visit shows a report straight away."""
    values = {**defaults, **{key: value for key, value in request.GET.items() if value}}
    report, export = serializer_class(data=values), ExportQuerySerializer(data=values)
    if not (report.is_valid() & export.is_valid()):  # both run, so every error shows
        return Query(values, errors={**report.errors, **export.errors})
    return Query(values, dict(report.validated_data), export.validated_data.get("export"))


def _page(request: MemberRequest, template: str, query: Query, **context: Any) -> HttpResponse:
    return render(request, template, {"query": query, **context}, status=400 if query.errors else 200)


def _today() -> datetime.date:
    return timezone.localdate()


@ledger_view_required
@require_GET
def index_view(request: MemberRequest) -> HttpResponse:
    year_start, year_end = fiscal_year_range(on=_today())
    context = {
        "year_start": year_start,
        "year_end": year_end,
        "chart": ledger_chart(),
        "charts": Chart.choices,
        "chart_can_change": books_are_empty()
        and membership_can_use_admin(membership_for(user=request.user, tenant=request.tenant)),
    }
    return render(request, "ledger/index.html", context)


@ledger_view_required
@require_POST
def chart_choose_view(request: MemberRequest) -> HttpResponse:
    """Owners and accountants switch the standard chart while the books are still empty."""
    try:
        bookkeeper_require(tenant=request.tenant, user=request.user)
        chart_choose(chart=request.POST.get("chart", ""), language=PROFILES[request.tenant.country].language)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The chart of accounts is now %(chart)s.") % {"chart": ledger_chart().label})
    return redirect("ledger:index")


@ledger_view_required
@require_GET
def trial_balance_view(request: MemberRequest) -> HttpResponse | StreamingHttpResponse:
    query = _query(request, TrialBalanceQuerySerializer, {"date": _today().isoformat()})
    if query.errors:
        return _page(request, "ledger/trial_balance.html", query)
    report = trial_balance(to_date=query.params["date"], from_date=query.params.get("from"))
    if query.export:
        return table_response(_trial_balance_table(report), query.export)
    drill_from = report.from_date or books_start(default=report.to_date)
    return _page(request, "ledger/trial_balance.html", query, report=report, drill_from=drill_from)


@ledger_view_required
@require_GET
def balance_sheet_view(request: MemberRequest) -> HttpResponse | StreamingHttpResponse:
    query = _query(request, BalanceSheetQuerySerializer, {"date": _today().isoformat()})
    if query.errors:
        return _page(request, "ledger/balance_sheet.html", query)
    report = balance_sheet(at=query.params["date"])
    if query.export:
        return table_response(_balance_sheet_table(report), query.export)
    year_start, _year_end = fiscal_year_range(on=report.at)
    context = {"report": report, "drill_from": books_start(default=report.at), "year_start": year_start}
    return _page(request, "ledger/balance_sheet.html", query, **context)


def _year_defaults(*, compare: bool = False) -> dict[str, str]:
    """The current fiscal year; with `compare` the first visit shows the year before beside it."""
    year_start, year_end = fiscal_year_range(on=_today())
    defaults = {"from": year_start.isoformat(), "to": year_end.isoformat()}
    return {**defaults, "compare": "true"} if compare else defaults


@ledger_view_required
@require_GET
def profit_and_loss_view(request: MemberRequest) -> HttpResponse | StreamingHttpResponse:
    query = _query(request, ProfitAndLossQuerySerializer, _year_defaults(compare=not request.GET))
    if query.errors:
        return _page(request, "ledger/profit_and_loss.html", query)
    params = query.params
    report = profit_and_loss(from_date=params["from"], to_date=params["to"], compare=params["compare"])
    if query.export:
        return table_response(_profit_and_loss_table(report), query.export)
    return _page(request, "ledger/profit_and_loss.html", query, report=report)


@ledger_view_required
@require_GET
def general_ledger_view(request: MemberRequest, pk: int) -> HttpResponse | StreamingHttpResponse:
    account = get_object_or_404(Account, pk=pk)
    query = _query(request, GeneralLedgerQuerySerializer, _year_defaults())
    if query.errors:
        return _page(request, "ledger/general_ledger.html", query, account=account)
    ledger = general_ledger(account=account, from_date=query.params["from"], to_date=query.params["to"])
    if query.export:
        return table_response(_general_ledger_table(ledger), query.export)
    page = query.params["page"]
    lines, more = general_ledger_page(ledger=ledger, page=page, page_size=LEDGER_PAGE_SIZE)
    context = {"account": account, "ledger": ledger, "lines": lines, "page": page, "more": more}
    return _page(request, "ledger/general_ledger.html", query, **context)


def _previous_month() -> dict[str, str]:
    """VAT returns are filed for the month (or quarter) just ended."""
    last = _today().replace(day=1) - datetime.timedelta(days=1)
    return {"from": last.replace(day=1).isoformat(), "to": last.isoformat()}


@ledger_view_required
@require_GET
def vat_return_view(request: MemberRequest) -> HttpResponse:
    query = _query(request, DateRangeQuerySerializer, _previous_month())
    if query.errors:
        return _page(request, "ledger/vat_return.html", query)
    boxes = vat_return(country=request.tenant.country, from_date=query.params["from"], to_date=query.params["to"])
    return _page(request, "ledger/vat_return.html", query, boxes=boxes, country=request.tenant.country)


@ledger_view_required
@require_GET
def entry_detail_view(request: MemberRequest, pk: int) -> HttpResponse:
    entry = journal_entry_detail(pk=pk)
    if entry is None:
        raise Http404
    return render(request, "ledger/entry_detail.html", {"entry": entry})


# --- Downloads: each report as one table --------------------------------------------


def _amount_columns(*headings: str) -> list[Column]:
    return [Column(heading, numeric=True) for heading in headings]


def _trial_balance_table(report: TrialBalance) -> Table:
    columns = [Column(_("Account")), Column(_("Name")), Column(_("Type"))]
    rows: list[Sequence[Cell]] = [
        [row.account.code, row.account.name, row.account.get_type_display(), row.debit, row.credit, row.balance]
        for row in report.rows
    ]
    total_balance = report.total_debit - report.total_credit
    rows.append(["", _("Total"), "", report.total_debit, report.total_credit, total_balance])
    return Table(
        title=_("Trial balance"),
        subtitle=_range_text(report.from_date, report.to_date),
        columns=columns + _amount_columns(_("Debit"), _("Credit"), _("Balance")),
        rows=rows,
        filename=f"trial-balance-{report.to_date.isoformat()}",
    )


def _section_rows(title: str, rows: Sequence[AccountAmount], extra: Sequence[Cell] = ()) -> list[Sequence[Cell]]:
    lines: list[Sequence[Cell]] = [[title, row.account.code, row.account.name, row.amount] for row in rows]
    if extra:
        lines.append([title, *extra])
    return lines


def _balance_sheet_table(report: BalanceSheet) -> Table:
    equity_extra: list[Cell] = ["", _("Result not yet closed"), report.unclosed_result]
    rows: list[Sequence[Cell]] = [
        *_section_rows(_("Assets"), report.assets),
        [_("Assets"), "", _("Total assets"), report.total_assets],
        *_section_rows(_("Liabilities"), report.liabilities),
        [_("Liabilities"), "", _("Total liabilities"), report.total_liabilities],
        *_section_rows(_("Equity"), report.equity, equity_extra),
        [_("Equity"), "", _("Total equity"), report.total_equity],
        ["", "", _("Total liabilities and equity"), report.total_liabilities_and_equity],
    ]
    return Table(
        title=_("Balance sheet"),
        subtitle=_("At %(date)s") % {"date": report.at.isoformat()},
        columns=[Column(_("Section")), Column(_("Account")), Column(_("Name")), Column(_("Amount"), numeric=True)],
        rows=rows,
        filename=f"balance-sheet-{report.at.isoformat()}",
    )


def _profit_and_loss_table(report: ProfitAndLoss) -> Table:
    current, previous = report.current, report.previous
    ranges = [current, previous] if previous else [current]

    def account_rows(title: str, rows: Sequence[ComparedAmount]) -> list[Sequence[Cell]]:
        before: list[Cell] = []
        return [
            [title, row.account.code, row.account.name, row.amount, *([row.previous] if previous else before)]
            for row in rows
        ]

    def total_row(label: str, attribute: str) -> Sequence[Cell]:
        return ["", "", label, *(getattr(column, attribute) for column in ranges)]

    rows = [
        *account_rows(_("Income"), report.income),
        total_row(_("Total income"), "total_income"),
        *account_rows(_("Expenses"), report.expenses),
        total_row(_("Total expenses"), "total_expenses"),
        total_row(_("Net result"), "net_result"),
    ]
    headings = [_range_text(column.from_date, column.to_date) for column in ranges]
    return Table(
        title=_("Profit and loss"),
        subtitle=_range_text(current.from_date, current.to_date),
        columns=[Column(_("Section")), Column(_("Account")), Column(_("Name")), *_amount_columns(*headings)],
        rows=rows,
        filename=f"profit-and-loss-{current.from_date.isoformat()}-{current.to_date.isoformat()}",
    )


def _general_ledger_table(ledger: GeneralLedger) -> Table:
    """Streams: the lines are a generator, read as the download is written."""
    opening: list[Cell] = [ledger.from_date, "", "", "", _("Opening balance"), None, None, ledger.opening_balance]
    closing: list[Cell] = [ledger.to_date, "", "", "", _("Closing balance"), None, None, ledger.closing_balance]
    lines: Iterator[Sequence[Cell]] = (
        [
            line.date,
            line.reference,
            line.journal,
            line.document_number,
            line.description,
            line.debit,
            line.credit,
            line.balance,
        ]
        for line in ledger.lines
    )
    account = ledger.account
    return Table(
        title=_("General ledger %(account)s") % {"account": account},
        subtitle=_range_text(ledger.from_date, ledger.to_date),
        columns=[
            Column(_("Date")),
            Column(_("Entry")),
            Column(_("Journal")),
            Column(_("Document")),
            Column(_("Description")),
            *_amount_columns(_("Debit"), _("Credit"), _("Balance")),
        ],
        rows=chain([opening], lines, [closing]),
        filename=f"general-ledger-{account.code}-{ledger.from_date.isoformat()}-{ledger.to_date.isoformat()}",
    )


def _range_text(from_date: datetime.date | None, to_date: datetime.date) -> str:
    if from_date is None:
        return _("Up to %(date)s") % {"date": to_date.isoformat()}
    return _("%(start)s to %(end)s") % {"start": from_date.isoformat(), "end": to_date.isoformat()}
