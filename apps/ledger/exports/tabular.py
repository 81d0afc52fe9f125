"""Any report as a table (title, columns, rows) downloaded as CSV, XLSX or PDF.

Rows may be a generator: CSV streams it and XLSX writes it row by row, so a general
ledger of a busy account never sits in memory whole. PDF needs the whole table to lay it out.
"""

from __future__ import annotations

import csv
import datetime
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO
from typing import TypeVar

from django.http import HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header
from openpyxl import Workbook

from apps.core.pdf import html_to_pdf

Cell = str | Decimal | datetime.date | None
FORMATS = ("csv", "xlsx", "pdf")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Response = TypeVar("Response", bound=HttpResponseBase)


@dataclass(frozen=True)
class Column:
    heading: str
    numeric: bool = False


@dataclass(frozen=True)
class Table:
    title: str
    subtitle: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[Cell]]
    filename: str  # without extension, e.g. `trial-balance-2026-12-31`


class _Echo:
    """A file whose `write` hands the line back, so csv.writer can feed a streaming response."""

    def write(self, value: str) -> str:
        return value


def _text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def csv_lines(headings: Sequence[str], rows: Iterable[Sequence[Cell]]) -> Iterator[str]:
    """The header and each row as one CSV line; amounts plain (`-1234.50`), dates ISO."""
    writer = csv.writer(_Echo())
    yield writer.writerow(headings)
    for row in rows:
        yield writer.writerow([_text(value) for value in row])


def _attachment(response: Response, table: Table, extension: str) -> Response:
    response["Content-Disposition"] = content_disposition_header(True, f"{table.filename}.{extension}")
    return response


def csv_response(table: Table) -> StreamingHttpResponse:
    lines = csv_lines([column.heading for column in table.columns], table.rows)
    return _attachment(StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8"), table, "csv")


def _sheet_title(title: str) -> str:
    """Excel refuses sheet names longer than 31 characters or holding []:*?/\\."""
    return re.sub(r"[\[\]:*?/\\]", " ", title)[:31]


def xlsx_response(table: Table) -> HttpResponse:
    """A workbook with the headings in row 1; amounts are numbers and dates are dates, ready to sum."""
    workbook = Workbook(write_only=True)
    workbook.properties.title = f"{table.title} {table.subtitle}".strip()
    sheet = workbook.create_sheet(_sheet_title(table.title))
    sheet.append([column.heading for column in table.columns])
    for row in table.rows:
        sheet.append(list(row))
    buffer = BytesIO()
    workbook.save(buffer)
    return _attachment(HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE), table, "xlsx")


def pdf_response(table: Table) -> HttpResponse:
    rows = [list(zip(row, (column.numeric for column in table.columns), strict=True)) for row in table.rows]
    context = {"title": table.title, "subtitle": table.subtitle, "columns": table.columns, "rows": rows}
    html = render_to_string("ledger/exports/table.html", context)
    return _attachment(HttpResponse(html_to_pdf(html), content_type="application/pdf"), table, "pdf")


def table_response(table: Table, export_format: str) -> HttpResponse | StreamingHttpResponse:
    """The download in one of FORMATS."""
    writers: dict[str, Callable[[Table], HttpResponse | StreamingHttpResponse]] = {
        "csv": csv_response,
        "xlsx": xlsx_response,
        "pdf": pdf_response,
    }
    return writers[export_format](table)
