"""Ledger benchmark: reports, posting, import and export memory on years of books.

    make bench-ledger              (1 year × 200 documents a day: ~73 k entries)
    make bench-ledger FULL=1       (10 years × 1,000 a day: ~3.65 M entries, ~11 M lines)
    python bench/ledger.py [--full] [--reset] [--runs 20] [--posts 200] [--import-lines 50000]

Loads the history with bench/ledger_generate.py (or reuses it), then times each report
`--runs` times (median and p95, in ms) beside a plain full-scan GROUP BY over the lines,
posts single entries through the posting service, imports a generated CSV through
`manage.py import_journal`, and traces the memory a general-ledger CSV export takes for
a month and for a year. Ends with a table against the targets. It prints figures; it is
not a test. What it posts goes into the year after the history and is removed at the
start of the next run, so every run measures the same books.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import io
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from benchdb import percentile
from ledger_generate import LAST_YEAR, SLUG, add_volume_arguments, bench_setup, chart_for_bench, load, verify, volume

TARGET_REPORT_P50_MS, TARGET_REPORT_P95_MS = 300.0, 1000.0
TARGET_POST_P50_MS = 20.0
TARGET_IMPORT_LINES_PER_S = 5000.0
PURGE_SCRATCH = (
    "DELETE FROM ledger_journalline l USING ledger_period p WHERE l.period_id = p.id AND p.fiscal_year_id = %s",
    "DELETE FROM ledger_journalentry WHERE fiscal_year_id = %s",
    "DELETE FROM ledger_accountperiodbalance b USING ledger_period p "
    "WHERE b.period_id = p.id AND p.fiscal_year_id = %s",
    "DELETE FROM ledger_journalsequence WHERE fiscal_year_id = %s",
)


def _timed(action: Callable[[], object], runs: int) -> list[float]:
    """Milliseconds per run, after one warm-up run that fills the caches."""
    action()
    durations = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        durations.append((time.perf_counter() - started) * 1000)
    return durations


def _line(label: str, durations: list[float]) -> str:
    return f"{label:<52} p50 {statistics.median(durations):8.1f} ms   p95 {percentile(durations, 0.95):8.1f} ms"


def _size() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT count(*) FROM ledger_journalentry), (SELECT count(*) FROM ledger_journalline), "
            "pg_size_pretty(pg_total_relation_size('ledger_journalline') "
            "+ pg_total_relation_size('ledger_journalentry'))"
        )
        entries, lines, size = cursor.fetchone()
    print(f"books: {entries:,} entries, {lines:,} lines, {size} with indexes")


def _purge_scratch_year() -> Any:
    """Removes what earlier runs posted into the year after the history, bypassing the immutability
    triggers as only a benchmark may; returns that (now empty) fiscal year."""
    from django.db import connection, transaction

    from apps.ledger.services import fiscal_year_ensure

    year = fiscal_year_ensure(date=datetime.date(LAST_YEAR + 1, 1, 1))
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        for sql in PURGE_SCRATCH:
            cursor.execute(sql, [year.pk])
    return year


def _baseline() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT account_id, SUM(debit), SUM(credit) FROM ledger_journalline GROUP BY account_id")
        cursor.fetchall()


def _reports(last: Any, busy: Any, runs: int) -> dict[str, tuple[str, list[float]]]:
    """The statements as the reporting screens call them, and the baseline: key -> (label, ms per run)."""
    from apps.ledger.selectors.statements import balance_sheet, general_ledger, profit_and_loss, trial_balance

    mid_month = datetime.date(last.start_date.year, 6, 15)
    june = (datetime.date(last.start_date.year, 6, 1), datetime.date(last.start_date.year, 6, 30))
    actions: dict[str, tuple[str, Callable[[], object]]] = {
        "trial_balance": (
            f"trial balance, whole history to {last.end_date}",
            lambda: trial_balance(to_date=last.end_date),
        ),
        "profit_and_loss": (
            f"profit and loss {last} (with previous year)",
            lambda: profit_and_loss(from_date=last.start_date, to_date=last.end_date),
        ),
        "balance_sheet": (f"balance sheet at {mid_month} (cut period)", lambda: balance_sheet(at=mid_month)),
        "general_ledger": (
            f"general ledger {busy.code}, {june[0]:%B %Y}, all lines",
            lambda: list(general_ledger(account=busy, from_date=june[0], to_date=june[1]).lines),
        ),
        "baseline": ("baseline: full-scan GROUP BY over the lines", _baseline),
    }
    return {key: (label, _timed(action, runs)) for key, (label, action) in actions.items()}


def _codes() -> dict[str, str]:
    from apps.ledger.models import Account, AccountRole, TaxPosting

    roles = dict(Account.objects.exclude(role="").values_list("role", "code"))
    posting = TaxPosting.objects.select_related("output_account").get(tax_code__code="de-standard-19")
    return {
        "receivable": roles[AccountRole.RECEIVABLE],
        "revenue": roles[AccountRole.REVENUE],
        "bank": roles[AccountRole.BANK],
        "output_tax": posting.output_account.code,
    }


def _single_posts(scratch: Any, count: int) -> list[float]:
    """An invoice's entry (receivable, revenue 19 %, output tax), each posted and committed on its own."""
    from apps.ledger.services import LineSpec, entry_post

    codes, durations = _codes(), []
    for index in range(count):
        net = Decimal(100 + index) + Decimal("0.50")
        tax = (net * Decimal("0.19")).quantize(Decimal("0.01"))
        lines = [
            LineSpec(account=codes["receivable"], debit=net + tax, party_ref="D10001"),
            LineSpec(account=codes["revenue"], credit=net, tax_code="de-standard-19", tax_side="sale"),
            LineSpec(account=codes["output_tax"], credit=tax, tax_code="de-standard-19", tax_side="sale", is_tax=True),
        ]
        day = scratch.start_date + datetime.timedelta(days=index % 28)
        started = time.perf_counter()
        entry_post(date=day, lines=lines, journal="SAL", description=f"Bench invoice {index}")
        durations.append((time.perf_counter() - started) * 1000)
    return durations


def _import_file(path: Path, scratch: Any, lines: int) -> None:
    """Entries of three lines (bank, revenue, output tax) spread over the scratch year's first ten months."""
    codes = _codes()
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["entry_id", "date", "account", "debit", "credit", "currency", "description"])
        for index in range(lines // 3):
            day = scratch.start_date.replace(month=1 + index % 10, day=1 + index % 28)
            net = Decimal(10 + index % 5000) + Decimal("0.25")
            tax = (net * Decimal("0.19")).quantize(Decimal("0.01"))
            entry, text = f"IMP{index:07d}", f"Imported receipt {index}"
            writer.writerow([entry, day, codes["bank"], net + tax, "", "EUR", text])
            writer.writerow([entry, day, codes["revenue"], "", net, "EUR", text])
            writer.writerow([entry, day, codes["output_tax"], "", tax, "EUR", text])


def _bulk_import(scratch: Any, lines: int) -> float:
    """Lines per second, end to end: reading, validating and posting the file."""
    from django.core.management import call_command

    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "journal.csv"
        _import_file(path, scratch, lines)
        output = io.StringIO()
        started = time.perf_counter()
        call_command("import_journal", "--tenant", SLUG, str(path), stdout=output)
        seconds = time.perf_counter() - started
    print(output.getvalue().strip())
    return (lines // 3 * 3) / seconds


class _NullSink:
    def write(self, text: str) -> int:
        return len(text)


def _export_peak(account: Any, from_date: datetime.date, to_date: datetime.date) -> tuple[int, float]:
    """(lines, peak traced MiB) of writing the account's general ledger as CSV to nowhere."""
    from apps.ledger.selectors.statements import general_ledger

    tracemalloc.start()
    try:
        writer, count = csv.writer(_NullSink()), 0
        for line in general_ledger(account=account, from_date=from_date, to_date=to_date).lines:
            writer.writerow([line.date, line.reference, line.description, line.debit, line.credit, line.balance])
            count += 1
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return count, peak / 2**20


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_volume_arguments(parser)
    parser.add_argument("--runs", type=int, default=20, help="timed runs per report")
    parser.add_argument("--posts", type=int, default=200, help="single entries to post")
    parser.add_argument("--import-lines", type=int, default=50_000)
    args = parser.parse_args()
    years, docs_per_day = volume(args)
    tenant = bench_setup(years=years, docs_per_day=docs_per_day, reset=args.reset)

    from django_tenants.utils import tenant_context

    from apps.ledger.models import Account

    with tenant_context(tenant):
        history = load(years=years, docs_per_day=docs_per_day)
        scratch = _purge_scratch_year()
        consistent = verify()
        _size()
        busy = Account.objects.get(pk=chart_for_bench().receivable)
        last = history[-1]

        print(f"\nReports ({args.runs} runs each, after one warm-up)")
        timings = _reports(last, busy, args.runs)
        for label, durations in timings.values():
            print(_line(label, durations))
        ratio = statistics.median(timings["trial_balance"][1]) / statistics.median(timings["baseline"][1])
        print(f"trial balance / baseline full scan: {ratio:.3f}")

        print(f"\nPosting into {scratch}")
        posts = _single_posts(scratch, args.posts)
        print(_line(f"single entry (3 lines), {args.posts} posts", posts))
        rate = _bulk_import(scratch, args.import_lines)
        print(f"bulk import: {rate:,.0f} lines/s")

        print(f"\nGeneral-ledger CSV export of {busy} (tracemalloc peak)")
        # A quarter already spans more than one fetch chunk (5,000 rows), so flat means the year
        # (four times the lines) peaks no higher than the quarter.
        quarter = _export_peak(busy, last.start_date, last.start_date.replace(month=3, day=31))
        year = _export_peak(busy, last.start_date, last.end_date)
        for label, (count, peak) in (("one quarter", quarter), ("one year", year)):
            print(f"{label:<10} {count:>9,} lines   peak {peak:6.2f} MiB")

    checks = [
        (
            label,
            f"p50 {statistics.median(values):.0f} ms, p95 {percentile(values, 0.95):.0f} ms",
            "p50 < 300 ms, p95 < 1 s",
            statistics.median(values) < TARGET_REPORT_P50_MS and percentile(values, 0.95) < TARGET_REPORT_P95_MS,
        )
        for key, (label, values) in timings.items()
        if key != "baseline"
    ]
    checks += [
        ("trial balance / full scan", f"{ratio:.3f}", "<< 1", ratio < 1),
        (
            "single post (3 lines)",
            f"p50 {statistics.median(posts):.1f} ms, p95 {percentile(posts, 0.95):.1f} ms",
            "p50 < 20 ms",
            statistics.median(posts) < TARGET_POST_P50_MS,
        ),
        ("bulk import", f"{rate:,.0f} lines/s", ">= 5,000 lines/s", rate >= TARGET_IMPORT_LINES_PER_S),
        (
            "GL export memory",
            f"{quarter[1]:.2f} → {year[1]:.2f} MiB",
            "flat (year < 1.2 × quarter)",
            year[1] < 1.2 * quarter[1],
        ),
        ("data checks", "all zero" if consistent else "FAILED", "every entry balances", consistent),
    ]
    print("\n| what | measured | target | |\n|---|---|---|---|")
    for label, measured, target, met in checks:
        print(f"| {label} | {measured} | {target} | {'met' if met else 'MISSED'} |")
    return 0 if consistent else 1


if __name__ == "__main__":
    sys.exit(main())
