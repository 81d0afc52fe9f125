"""Writes to the books. Other apps call these, never the models directly."""

from .csv_import import JournalImportError, JournalImportResult, journal_import
from .periods import bookkeeper_require, fiscal_year_close, period_close, period_reopen
from .posting import EntrySpec, LineSpec, entries_post, entry_post, entry_reverse
from .setup import chart_choose, chart_load, fiscal_year_create, fiscal_year_ensure, ledger_seed

__all__ = [
    "EntrySpec",
    "JournalImportError",
    "JournalImportResult",
    "LineSpec",
    "bookkeeper_require",
    "chart_choose",
    "chart_load",
    "entries_post",
    "entry_post",
    "entry_reverse",
    "fiscal_year_close",
    "fiscal_year_create",
    "fiscal_year_ensure",
    "journal_import",
    "ledger_seed",
    "period_close",
    "period_reopen",
]
