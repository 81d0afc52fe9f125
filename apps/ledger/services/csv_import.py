"""Importing journal entries from a CSV file: every row checked first, then one posting.

A company moving from another bookkeeping system brings years of entries at once. The
whole file is validated before anything is written, so the person importing gets every
problem (with its row) in one go and fixes the file once; then everything is posted in
one transaction through `entries_post`, so the books never hold half a file. The file's
SHA-256 goes into each entry's source id: importing the same file twice is refused
instead of doubling the books.

Columns: `entry_id,date,account,debit,credit,currency,description`, optionally
`account_name,account_type` to create accounts the chart lacks. One row per line; the
rows of an entry share its `entry_id` and may stand anywhere in the file.
"""

from __future__ import annotations

import bisect
import csv
import datetime
import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from apps.core.errors import ApplicationError
from apps.tenants.models import User

from ..models import NORMAL_SIDE, ZERO, Account, AccountType, Journal, JournalEntry, OpenClosed, Period, PeriodKind
from .posting import EntrySpec, LineSpec, entries_post

SOURCE_TYPE = "ledger.import"
REQUIRED_COLUMNS = ("entry_id", "date", "account", "debit", "credit", "currency", "description")
OPTIONAL_COLUMNS = ("account_name", "account_type")
# The digest prefix and the entry id share JournalEntry.source_id (64 characters).
DIGEST_LENGTH = 16
MAX_ENTRY_ID = 64 - DIGEST_LENGTH - 1
MAX_TEXT = 255
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_AMOUNT = re.compile(r"\d+(?:\.\d{1,2})?")
_AMOUNT_LIMIT = Decimal(10) ** (settings.KONTOR_AMOUNT_DIGITS - 2)


@dataclass(frozen=True)
class ImportProblem:
    """One thing wrong with the file, where a person finds it: rows (2 = first data row) and column."""

    message: str
    rows: tuple[int, ...] = ()
    column: str = ""
    entry_id: str = ""

    def __str__(self) -> str:
        if self.entry_id:
            where = _("entry %(entry)s (%(rows)s)") % {"entry": self.entry_id, "rows": _rows_label(self.rows)}
        elif self.rows and self.column:
            where = _("row %(row)d, column %(column)s") % {"row": self.rows[0], "column": self.column}
        elif self.rows:
            where = _("row %(row)d") % {"row": self.rows[0]}
        else:
            where = self.column or _("file")
        return f"{where}: {self.message}"


def _rows_label(rows: tuple[int, ...]) -> str:
    """`rows 4-6` for consecutive rows, `rows 4, 9, 12` otherwise."""
    if len(rows) == 1:
        return _("row %(row)d") % {"row": rows[0]}
    if list(rows) == list(range(rows[0], rows[0] + len(rows))):
        return _("rows %(first)d-%(last)d") % {"first": rows[0], "last": rows[-1]}
    return _("rows %(rows)s") % {"rows": ", ".join(map(str, rows))}


class JournalImportError(ApplicationError):
    """The file was refused; `problems` lists everything wrong with it."""

    def __init__(self, problems: list[ImportProblem]):
        message = ngettext(
            "The file has %(count)d error; nothing was imported.",
            "The file has %(count)d errors; nothing was imported.",
            len(problems),
        ) % {"count": len(problems)}
        super().__init__(message, code="import_rejected", field="file")
        self.problems = problems


@dataclass(frozen=True)
class JournalImportResult:
    entries: int
    lines: int
    accounts_created: int
    digest: str


@dataclass(slots=True)
class _Row:
    number: int
    date: datetime.date | None
    account: str
    debit: Decimal | None
    credit: Decimal | None
    description: str


@dataclass
class _Checker:
    """Reads the rows, collecting every problem instead of stopping at the first."""

    base_currency: str
    create_accounts: bool
    postable: dict[str, bool] = field(default_factory=dict)
    new_accounts: dict[str, Account] = field(default_factory=dict)
    entries: dict[str, list[_Row]] = field(default_factory=dict)
    problems: list[ImportProblem] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.postable = {
            code: postable and active
            for code, postable, active in Account.objects.values_list("code", "is_postable", "is_active")
        }

    def problem(self, row: int, column: str, message: str) -> None:
        self.problems.append(ImportProblem(message, rows=(row,), column=column))

    def header(self, columns: list[str]) -> bool:
        missing = [name for name in REQUIRED_COLUMNS if name not in columns]
        unknown = [name for name in columns if name not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
        if missing:
            self.problem(1, "", _("missing columns: %(columns)s") % {"columns": ", ".join(missing)})
        if unknown:
            self.problem(1, "", _("unknown columns: %(columns)s") % {"columns": ", ".join(unknown)})
        return not (missing or unknown)

    def row(self, number: int, values: dict[str, str]) -> None:
        entry_id = values["entry_id"]
        if not entry_id:
            self.problem(number, "entry_id", _("empty"))
        elif len(entry_id) > MAX_ENTRY_ID:
            self.problem(number, "entry_id", _("at most %(count)d characters") % {"count": MAX_ENTRY_ID})
        date = self.date(number, values["date"])
        self.account(number, values)
        debit, credit = self.amount(number, values, "debit"), self.amount(number, values, "credit")
        if debit is not None and credit is not None and (debit > 0) == (credit > 0):
            self.problem(number, "debit", _("a line has either a debit or a credit"))
        currency = values["currency"].upper()
        if currency and currency != self.base_currency:
            self.problem(
                number,
                "currency",
                _("%(currency)s is not the company's currency %(base)s; foreign-currency lines cannot be imported")
                % {"currency": currency, "base": self.base_currency},
            )
        if len(values["description"]) > MAX_TEXT:
            self.problem(number, "description", _("at most %(count)d characters") % {"count": MAX_TEXT})
        row = _Row(number, date, values["account"], debit, credit, values["description"])
        self.entries.setdefault(entry_id, []).append(row)

    def date(self, number: int, text: str) -> datetime.date | None:
        try:
            if _ISO_DATE.fullmatch(text):
                return datetime.date.fromisoformat(text)
        except ValueError:
            pass
        self.problem(number, "date", _("not a date (use YYYY-MM-DD)"))
        return None

    def amount(self, number: int, values: dict[str, str], column: str) -> Decimal | None:
        text = values[column]
        if not text:
            return ZERO
        if text.startswith("-"):
            self.problem(number, column, _("amounts are not negative: put it in the other column"))
            return None
        if not _AMOUNT.fullmatch(text) or Decimal(text) >= _AMOUNT_LIMIT:
            self.problem(number, column, _("not an amount (digits, '.' for decimals, at most two decimals)"))
            return None
        return Decimal(text)

    def account(self, number: int, values: dict[str, str]) -> None:
        code = values["account"]
        if not code:
            self.problem(number, "account", _("empty"))
        elif code in self.postable:
            if not self.postable[code]:
                self.problem(number, "account", _("account %(code)s is a heading or inactive") % {"code": code})
        elif not self.create_accounts:
            self.problem(number, "account", _("there is no account %(code)s") % {"code": code})
        else:
            self.new_account(number, code, values)

    def new_account(self, number: int, code: str, values: dict[str, str]) -> None:
        name, kind = values.get("account_name", ""), values.get("account_type", "").lower()
        known = self.new_accounts.get(code)
        if not name:
            self.problem(number, "account_name", _("account %(code)s is new: give its name") % {"code": code})
        if kind not in AccountType.values:
            self.problem(
                number,
                "account_type",
                _("account %(code)s is new: give its type (%(types)s)")
                % {"code": code, "types": ", ".join(AccountType.values)},
            )
        elif known is not None and known.type != kind:
            self.problem(number, "account_type", _("account %(code)s has another type above") % {"code": code})
        if len(code) > 20 or len(name) > 200:
            self.problem(number, "account", _("an account number has at most 20 characters, a name 200"))
        elif name and kind in AccountType.values and known is None:
            self.new_accounts[code] = Account(
                code=code, name=name, type=kind, normal_side=NORMAL_SIDE[AccountType(kind)], is_postable=True
            )

    def entry(self, entry_id: str, rows: list[_Row], periods: _Periods) -> None:
        numbers = tuple(row.number for row in rows)

        def problem(message: str) -> None:
            self.problems.append(ImportProblem(message, rows=numbers, entry_id=entry_id))

        if len(rows) < 2:
            problem(_("an entry needs at least two lines"))
        dates = sorted({row.date for row in rows if row.date})
        if len(dates) > 1:
            problem(_("its lines have different dates: %(dates)s") % {"dates": ", ".join(map(str, dates))})
        elif dates and (period := periods.closed(dates[0])):
            problem(_("the period %(period)s is closed") % {"period": period})
        if all(row.debit is not None and row.credit is not None for row in rows):
            debit = sum((row.debit or ZERO for row in rows), ZERO)
            credit = sum((row.credit or ZERO for row in rows), ZERO)
            if debit != credit:
                totals = {"debit": f"{debit:.2f}", "credit": f"{credit:.2f}"}
                problem(_("does not balance: debit %(debit)s, credit %(credit)s") % totals)


class _Periods:
    """The regular periods, to tell which entries would land in a closed one."""

    def __init__(self) -> None:
        self.periods = list(Period.objects.filter(kind=PeriodKind.REGULAR).select_related("fiscal_year"))
        self.periods.sort(key=lambda period: period.start_date)
        self.starts = [period.start_date for period in self.periods]

    def closed(self, date: datetime.date) -> Period | None:
        index = bisect.bisect_right(self.starts, date) - 1
        period = self.periods[index] if index >= 0 else None
        if period and date <= period.end_date and period.status == OpenClosed.CLOSED:
            return period
        return None


def _decoded(source: Iterable[bytes], update: Callable[[bytes], object]) -> Iterator[str]:
    """The file's lines as text, hashed on the way: the file is read once, never held whole."""
    first = True
    for raw in source:
        update(raw)
        yield raw.decode("utf-8-sig" if first else "utf-8")
        first = False


def _read(source: Iterable[bytes], checker: _Checker) -> str:
    """Feeds every row to the checker; returns the file's digest (a SHA-256 prefix)."""
    digest = hashlib.sha256()
    reader = csv.reader(_decoded(source, digest.update))
    try:
        header = [name.strip().lower() for name in next(reader, [])]
    except (UnicodeDecodeError, csv.Error):
        header = []
    if not header:
        checker.problems.append(ImportProblem(_("the file is empty or not CSV text in UTF-8")))
    elif checker.header(header):
        _read_rows(reader, header, checker)
    return digest.hexdigest()[:DIGEST_LENGTH]


def _read_rows(reader: Iterator[list[str]], header: list[str], checker: _Checker) -> None:
    number = 1
    try:
        for number, fields in enumerate(reader, start=2):
            if not fields:  # a blank line
                continue
            if len(fields) != len(header):
                message = _("%(found)d fields, the header has %(expected)d")
                checker.problem(number, "", message % {"found": len(fields), "expected": len(header)})
                continue
            checker.row(number, {name: value.strip() for name, value in zip(header, fields, strict=True)})
    except (UnicodeDecodeError, csv.Error) as exc:
        # The entries read so far may lack their later lines: only the row-level problems hold.
        message = _("unreadable, nothing after it was read (save as CSV UTF-8): %(error)s") % {"error": exc}
        checker.problem(number + 1, "", message)
        raise JournalImportError(checker.problems) from exc
    if not checker.entries and not checker.problems:
        checker.problems.append(ImportProblem(_("the file has no lines")))


def _specs(checker: _Checker, digest: str, journal: str) -> list[EntrySpec]:
    return [
        EntrySpec(
            date=rows[0].date,  # type: ignore[arg-type]  # checked: every row has a date
            lines=[
                LineSpec(account=row.account, debit=row.debit, credit=row.credit, description=row.description)  # type: ignore[arg-type]
                for row in rows
            ],
            journal=journal,
            description=rows[0].description,
            source_type=SOURCE_TYPE,
            source_id=f"{digest}:{entry_id}",
        )
        for entry_id, rows in checker.entries.items()
    ]


def _imported_count(digest: str) -> int:
    return JournalEntry.objects.filter(source_type=SOURCE_TYPE, source_id__startswith=f"{digest}:").count()


def _already_imported(count: int) -> JournalImportError:
    message = _("already imported (%(count)d entries); nothing was imported again") % {"count": count}
    return JournalImportError([ImportProblem(message)])


def journal_import(
    *, source: Iterable[bytes], journal: str = "GJ", create_accounts: bool = False, posted_by: User | None = None
) -> JournalImportResult:
    """Posts every entry of a CSV file (read as bytes, UTF-8) into the current company's books, or none.

    Raises `JournalImportError` listing every problem found. With `create_accounts`, accounts
    the chart lacks are created (postable, active) from the `account_name` and `account_type` columns.
    """
    checker = _Checker(base_currency=connection.tenant.base_currency, create_accounts=create_accounts)  # type: ignore[attr-defined]
    if not Journal.objects.filter(code=journal).exists():
        checker.problems.append(ImportProblem(_("there is no journal %(code)s") % {"code": journal}, column="journal"))
    digest = _read(source, checker)
    if count := _imported_count(digest):
        raise _already_imported(count)
    periods = _Periods()
    for entry_id, rows in checker.entries.items():
        checker.entry(entry_id, rows, periods)
    if checker.problems:
        raise JournalImportError(sorted(checker.problems, key=lambda problem: problem.rows[:1]))
    specs = _specs(checker, digest, journal)
    try:
        with transaction.atomic():
            Account.objects.bulk_create(checker.new_accounts.values())
            entries_post(specs=specs, posted_by=posted_by)
    except IntegrityError as exc:  # another import of the same file committed meanwhile
        if count := _imported_count(digest):
            raise _already_imported(count) from exc
        raise
    return JournalImportResult(
        entries=len(specs),
        lines=sum(len(spec.lines) for spec in specs),
        accounts_created=len(checker.new_accounts),
        digest=digest,
    )
