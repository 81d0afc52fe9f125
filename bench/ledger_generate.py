"""Ledger benchmark data: one German company with years of everyday bookkeeping, loaded fast.

    python bench/ledger_generate.py [--full | --years N --docs-per-day D] [--reset]

Works in its own database per volume, `kontor_bench_ledger_<years>x<docs a day>`, on the
server of DATABASE_URL (the provisioning bench drops `kontor_bench` on every run). The
company `bench-ledger` (DE, SKR 03) gets, for each fiscal year up to 2025, D documents a
day: sales invoices (receivable / revenue at 19 % or 7 % / output tax), purchase bills
(expenses / input tax / payable) and payments (bank against receivable or payable),
about three lines an entry over ~300 accounts. Default 1 year × 200 a day (~73 k entries);
--full: 10 years × 1,000 a day (~3.65 M entries, ~11 M lines).

Rows are generated in Python and streamed with COPY, one transaction per fiscal year.
The integrity triggers would run per row, so the load switches them off for its own
transaction (`SET LOCAL session_replication_role = replica`, superuser only) and does
their work itself: the entries are written posted and numbered gaplessly per journal and
year, the per-period balances are rebuilt with one aggregate INSERT, the numbering
sequences are set, and afterwards one query each proves that every entry balances and
that the trial balance is zero. A year already loaded at the requested volume is
skipped, so repeated bench runs reuse the data; --reset starts from an empty database.
"""

from __future__ import annotations

import argparse
import datetime
import itertools
import os
import random
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchdb import bench_company

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
SLUG = "bench-ledger"
LAST_YEAR = 2025  # the history ends here; bench postings go into the year after
SCALED = (1, 200)
FULL = (10, 1000)
JOURNALS = ("SAL", "PUR", "BNK")
ENTRY_COLUMNS = (
    "id, journal_id, fiscal_year_id, period_id, number, date, description, document_number, party_name, "
    "party_tax_id, state, source_type, source_id, posted_at, created_at"
)
LINE_COLUMNS = (
    "entry_id, account_id, date, period_id, debit, credit, description, tax_code_id, tax_side, is_tax, "
    "party_ref, currency"
)


# --- the database and the company ---------------------------------------------------------------


def bench_database_url(years: int, docs_per_day: int) -> str:
    source = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kontor")
    return source.rsplit("/", 1)[0] + f"/kontor_bench_ledger_{years}x{docs_per_day}"


def bench_setup(*, years: int, docs_per_day: int, reset: bool) -> Any:
    """Points Django at the volume's own database (created if missing), migrates it, returns the company."""
    database = bench_database_url(years, docs_per_day).rsplit("/", 1)[1]
    return bench_company(database=database, slug=SLUG, name="Bench Ledger GmbH", reset=reset)


# --- what a document looks like in this chart ---------------------------------------------------


@dataclass(frozen=True)
class Booking:
    """An account a document line goes to, with the tax code and the tax account beside it."""

    account_id: int
    tax_code_id: int | None
    rate_basis_points: int
    tax_account_id: int | None


@dataclass(frozen=True)
class Chart:
    receivable: int
    payable: int
    bank: int
    revenues: list[Booking]
    revenue_weights: list[float]
    expenses: list[Booking]
    expense_weights: list[float]


def _zipf(count: int) -> list[float]:
    """Cumulative weights where the first accounts carry most documents, as in real books."""
    return list(itertools.accumulate(1 / (rank + 1) for rank in range(count)))


def chart_for_bench(max_revenues: int = 60, max_expenses: int = 260) -> Chart:
    """Roles, the revenue and expense accounts and their tax codes from the company's own chart."""
    from apps.ledger.models import Account, AccountRole, AccountType, TaxPosting
    from apps.taxes.models import TaxRate

    roles = dict(Account.objects.exclude(role="").values_list("role", "pk"))
    postings = {posting.tax_code_id: posting for posting in TaxPosting.objects.all()}
    standard = TaxRate.objects.get(code="de-standard-19")

    def bookings(kind: str, role: str, limit: int, sale: bool) -> list[Booking]:
        accounts = Account.objects.filter(type=kind, is_postable=True, is_active=True, currency="")
        accounts = accounts.filter(role__in=["", role]).select_related("default_tax_code").order_by("-role", "code")
        result = []
        for account in accounts[:limit]:
            rate = account.default_tax_code or standard
            posting, tax_account = postings.get(rate.pk), None
            if posting is not None:
                tax_account = posting.output_account_id if sale else posting.input_account_id
            basis_points = int(rate.rate * 100) if tax_account else 0
            result.append(Booking(account.pk, rate.pk, basis_points, tax_account if basis_points else None))
        return result

    revenues = bookings(AccountType.INCOME, AccountRole.REVENUE, max_revenues, sale=True)
    expenses = bookings(AccountType.EXPENSE, AccountRole.EXPENSE, max_expenses, sale=False)
    return Chart(
        receivable=roles[AccountRole.RECEIVABLE],
        payable=roles[AccountRole.PAYABLE],
        bank=roles[AccountRole.BANK],
        revenues=revenues,
        revenue_weights=_zipf(len(revenues)),
        expenses=expenses,
        expense_weights=_zipf(len(expenses)),
    )


def _money(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


# One entry: its journal code, description, document number, party name, party ref, and the
# lines as (account id, debit cents, credit cents, tax code id, tax side, is tax).
Line = tuple[int, int, int, int | None, str, bool]
Document = tuple[str, str, str, str, str, list[Line]]


class DocumentMaker:
    """Everyday documents with amounts drawn like real ones: many small, a few large."""

    def __init__(self, chart: Chart, seed: int):
        self.chart = chart
        self.random = random.Random(seed)  # noqa: S311 (made-up bookkeeping, not secrets)
        self.sequence = itertools.count(1)

    def amount(self) -> int:
        return max(100, int(self.random.lognormvariate(9.5, 1.3)))  # cents: median ~134 EUR

    def _priced(self, bookings: list[Booking], weights: list[float], count: int, side: str) -> list[Line]:
        """Base lines (debit for purchases, credit for sales) and one tax line per tax account."""
        lines: list[Line] = []
        taxes: dict[tuple[int, int | None], int] = {}
        for booking in self.random.choices(bookings, cum_weights=weights, k=count):
            net = self.amount()
            lines.append(_line(booking.account_id, net, side, booking.tax_code_id, False))
            if booking.tax_account_id:
                key = (booking.tax_account_id, booking.tax_code_id)
                taxes[key] = taxes.get(key, 0) + (net * booking.rate_basis_points + 5000) // 10000
        lines.extend(_line(account, tax, side, code, True) for (account, code), tax in taxes.items() if tax)
        return lines

    def sale(self, number: int) -> Document:
        chart, customer = self.chart, self.random.randrange(1, 2001)
        lines = self._priced(chart.revenues, chart.revenue_weights, 1 if self.random.random() < 0.7 else 2, "sale")
        gross = sum(line[2] for line in lines)
        lines.insert(0, (chart.receivable, gross, 0, None, "", False))
        return (
            "SAL",
            "Ausgangsrechnung",
            f"RE-{number:07d}",
            f"Kunde {customer:04d} GmbH",
            f"D{10000 + customer}",
            lines,
        )

    def purchase(self, number: int) -> Document:
        chart, supplier = self.chart, self.random.randrange(1, 501)
        count = self.random.choices((1, 2, 3), weights=(6, 3, 1))[0]
        lines = self._priced(chart.expenses, chart.expense_weights, count, "purchase")
        gross = sum(line[1] for line in lines)
        lines.append((chart.payable, 0, gross, None, "", False))
        name = f"Lieferant {supplier:03d} KG"
        return ("PUR", "Eingangsrechnung", f"ER-{number:07d}", name, f"K{70000 + supplier}", lines)

    def payment(self, number: int) -> Document:
        chart, amount = self.chart, self.amount()
        if self.random.random() < 0.57:
            customer = self.random.randrange(1, 2001)
            lines: list[Line] = [
                (chart.bank, amount, 0, None, "", False),
                (chart.receivable, 0, amount, None, "", False),
            ]
            return (
                "BNK",
                "Zahlungseingang",
                f"BA-{number:07d}",
                f"Kunde {customer:04d} GmbH",
                f"D{10000 + customer}",
                lines,
            )
        supplier = self.random.randrange(1, 501)
        lines = [(chart.payable, amount, 0, None, "", False), (chart.bank, 0, amount, None, "", False)]
        return (
            "BNK",
            "Zahlungsausgang",
            f"BA-{number:07d}",
            f"Lieferant {supplier:03d} KG",
            f"K{70000 + supplier}",
            lines,
        )

    def document(self) -> Document:
        """35 % sales, 30 % purchases, 35 % payments."""
        pick, number = self.random.random(), next(self.sequence)
        if pick < 0.35:
            return self.sale(number)
        if pick < 0.65:
            return self.purchase(number)
        return self.payment(number)


def _line(account: int, cents: int, side: str, tax_code: int | None, is_tax: bool) -> Line:
    if side == "sale":
        return (account, 0, cents, tax_code, side, is_tax)
    return (account, cents, 0, tax_code, side, is_tax)


# --- loading --------------------------------------------------------------------------------------


@dataclass
class YearLoad:
    entries: int = 0
    lines: int = 0


def _days(year: Any) -> Iterator[datetime.date]:
    day = year.start_date
    while day <= year.end_date:
        yield day
        day += datetime.timedelta(days=1)


def _copy_month(cursor: Any, rows: list[tuple[Any, ...]], lines: list[tuple[Any, ...]]) -> None:
    with cursor.copy(f"COPY ledger_journalentry ({ENTRY_COLUMNS}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
    with cursor.copy(f"COPY ledger_journalline ({LINE_COLUMNS}) FROM STDIN") as copy:
        for line in lines:
            copy.write_row(line)


class _YearRows:
    """Entry and line rows of one fiscal year, numbered as the posting service would number them."""

    def __init__(self, year: Any, chart: Chart, docs_per_day: int, last_id: int):
        from apps.ledger.models import Journal

        self.year, self.docs_per_day, self.last_id = year, docs_per_day, last_id
        self.journals = dict(Journal.objects.filter(code__in=JOURNALS).values_list("code", "pk"))
        self.periods = {period.start_date.month: period.pk for period in year.periods.filter(kind="regular")}
        self.parties = {chart.receivable, chart.payable}
        self.maker = DocumentMaker(chart, seed=year.start_date.year)
        self.numbers = dict.fromkeys(JOURNALS, 0)

    def month(self, days: Iterator[datetime.date]) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
        entries: list[tuple[Any, ...]] = []
        lines: list[tuple[Any, ...]] = []
        for day in days:
            period, stamp = self.periods[day.month], f"{day.isoformat()} 12:00:00+00"
            for _ in range(self.docs_per_day):
                journal, text, document, party, ref, doc_lines = self.maker.document()
                self.last_id += 1
                self.numbers[journal] += 1
                entry = (self.last_id, self.journals[journal], self.year.pk, period, self.numbers[journal], day)
                entries.append((*entry, f"{text} {document}", document, party, "", "posted", "", "", stamp, stamp))
                for account, debit, credit, tax, side, is_tax in doc_lines:
                    party_ref = ref if account in self.parties else ""
                    amounts = (_money(debit), _money(credit))
                    lines.append((self.last_id, account, day, period, *amounts, text, tax, side, is_tax, party_ref, ""))
        return entries, lines


def _load_year(year: Any, chart: Chart, docs_per_day: int, last_id: int) -> YearLoad:
    """Copies one fiscal year's documents, then does what the disabled triggers would have done."""
    from django.db import connection, transaction

    rows, load = _YearRows(year, chart, docs_per_day, last_id), YearLoad()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        for _month, days in itertools.groupby(_days(year), key=lambda day: day.month):
            entries, lines = rows.month(days)
            _copy_month(cursor, entries, lines)
            load.entries += len(entries)
            load.lines += len(lines)
        _rebuild_year(cursor, year, rows.journals, rows.numbers)
    return load


def _rebuild_year(cursor: Any, year: Any, journals: dict[str, int], numbers: dict[str, int]) -> None:
    """The balance trigger's and the numbering's work for a whole year, in two statements."""
    cursor.execute(
        """
        INSERT INTO ledger_accountperiodbalance (account_id, period_id, debit, credit)
        SELECT l.account_id, l.period_id, sum(l.debit), sum(l.credit)
          FROM ledger_journalline l JOIN ledger_journalentry e ON e.id = l.entry_id
         WHERE e.fiscal_year_id = %s AND e.state IN ('posted', 'reversed')
         GROUP BY l.account_id, l.period_id
        """,
        [year.pk],
    )
    cursor.execute(
        """
        INSERT INTO ledger_journalsequence (journal_id, fiscal_year_id, last_number)
        SELECT * FROM unnest(%s::bigint[], %s::bigint[], %s::integer[])
        ON CONFLICT (journal_id, fiscal_year_id) DO UPDATE SET last_number = EXCLUDED.last_number
        """,
        [[journals[code] for code in numbers], [year.pk] * len(numbers), list(numbers.values())],
    )
    cursor.execute(
        "SELECT setval(pg_get_serial_sequence('ledger_journalentry', 'id'), (SELECT max(id) FROM ledger_journalentry))"
    )


def history_years(years: int) -> list[Any]:
    """The fiscal years the history fills, created through the ledger's own service."""
    from apps.ledger.models import FiscalYear
    from apps.ledger.services import fiscal_year_create

    result = []
    for number in range(LAST_YEAR - years + 1, LAST_YEAR + 1):
        start = datetime.date(number, 1, 1)
        result.append(FiscalYear.objects.filter(start_date=start).first() or fiscal_year_create(start_date=start))
    return result


def load(*, years: int, docs_per_day: int) -> list[Any]:
    """Fills the history (in the current company's schema); years already there are skipped."""
    from django.db import connection

    from apps.ledger.models import JournalEntry

    chart = chart_for_bench()
    print(f"chart: {len(chart.revenues)} revenue and {len(chart.expenses)} expense accounts in use")
    fiscal_years = history_years(years)
    started, total = time.perf_counter(), YearLoad()
    for year in fiscal_years:
        expected = ((year.end_date - year.start_date).days + 1) * docs_per_day
        present = JournalEntry.objects.filter(fiscal_year=year).count()
        if present == expected:
            print(f"{year}: {present:,} entries already loaded")
            continue
        if present:
            raise SystemExit(f"{year} holds {present:,} entries, not {expected:,}: run with --reset")
        year_started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("SELECT coalesce(max(id), 0) FROM ledger_journalentry")
            last_id = cursor.fetchone()[0]
        done = _load_year(year, chart, docs_per_day, last_id)
        seconds = time.perf_counter() - year_started
        print(
            f"{year}: {done.entries:,} entries, {done.lines:,} lines in {seconds:.1f} s "
            f"({(done.entries + done.lines) / seconds:,.0f} rows/s)"
        )
        total.entries += done.entries
        total.lines += done.lines
    if total.entries:
        seconds = time.perf_counter() - started
        print(
            f"loaded {total.entries:,} entries and {total.lines:,} lines in {seconds:.1f} s "
            f"({(total.entries + total.lines) / seconds:,.0f} rows/s, {total.lines / total.entries:.2f} lines/entry)"
        )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE ledger_journalentry, ledger_journalline, ledger_accountperiodbalance")
    return fiscal_years


def verify() -> bool:
    """One aggregate query per promise the triggers would have kept; True when all hold."""
    from django.db import connection

    checks = {
        "entries that do not balance or have < 2 lines": """
            SELECT count(*) FROM ledger_journalentry e
              LEFT JOIN (SELECT entry_id, sum(debit) AS debit, sum(credit) AS credit, count(*) AS lines
                           FROM ledger_journalline GROUP BY entry_id) l ON l.entry_id = e.id
             WHERE e.state <> 'draft' AND (l.entry_id IS NULL OR l.debit <> l.credit OR l.lines < 2)""",
        "trial balance: total debit - total credit": """
            SELECT coalesce(sum(debit) - sum(credit), 0) FROM ledger_accountperiodbalance""",
        "period balances that differ from their lines": """
            SELECT count(*) FROM ledger_accountperiodbalance b
              FULL JOIN (SELECT l.account_id, l.period_id, sum(l.debit) AS debit, sum(l.credit) AS credit
                           FROM ledger_journalline l JOIN ledger_journalentry e ON e.id = l.entry_id
                          WHERE e.state <> 'draft' GROUP BY 1, 2) l
                     ON l.account_id = b.account_id AND l.period_id = b.period_id
             WHERE b.debit IS DISTINCT FROM l.debit OR b.credit IS DISTINCT FROM l.credit""",
        "journal/year series with gaps": """
            SELECT count(*) FROM (
                SELECT e.journal_id, e.fiscal_year_id FROM ledger_journalentry e
                  JOIN ledger_journalsequence s ON s.journal_id = e.journal_id AND s.fiscal_year_id = e.fiscal_year_id
                 WHERE e.number IS NOT NULL GROUP BY 1, 2, s.last_number
                HAVING count(*) <> max(e.number) OR min(e.number) <> 1 OR max(e.number) <> s.last_number) g""",
    }
    ok = True
    with connection.cursor() as cursor:
        for label, sql in checks.items():
            cursor.execute(sql)
            value = cursor.fetchone()[0]
            ok = ok and value == 0
            print(f"check: {label}: {value} ({'ok' if value == 0 else 'FAILED'})")
    return ok


def add_volume_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--full", action="store_true", help="10 years × 1,000 documents a day")
    parser.add_argument("--years", type=int, help=f"default {SCALED[0]}")
    parser.add_argument("--docs-per-day", type=int, help=f"default {SCALED[1]}")
    parser.add_argument("--reset", action="store_true", help="drop the volume's bench database first")


def volume(args: argparse.Namespace) -> tuple[int, int]:
    """(years, documents a day) the arguments ask for."""
    years, docs_per_day = FULL if args.full else SCALED
    return args.years or years, args.docs_per_day or docs_per_day


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_volume_arguments(parser)
    args = parser.parse_args()
    years, docs_per_day = volume(args)
    tenant = bench_setup(years=years, docs_per_day=docs_per_day, reset=args.reset)
    from django_tenants.utils import tenant_context

    with tenant_context(tenant):
        load(years=years, docs_per_day=docs_per_day)
        return 0 if verify() else 1


if __name__ == "__main__":
    sys.exit(main())
