"""The posting service: the one way other apps write to the books.

It runs in the caller's transaction (invoice issue, payment, bank match...), so the
document and its entry commit or fail together. Posting the same source document twice
returns the first entry.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.errors import ApplicationError
from apps.taxes.models import TaxRate
from apps.tenants.models import User

from ..models import (
    ZERO,
    Account,
    EntryState,
    FiscalYear,
    Journal,
    JournalEntry,
    JournalLine,
    Period,
    PeriodKind,
)
from .setup import fiscal_year_ensure

CENT = Decimal("0.01")


@dataclass(frozen=True)
class LineSpec:
    """One line to post. `account` is an account number; amounts are base currency."""

    account: str
    debit: Decimal = ZERO
    credit: Decimal = ZERO
    description: str = ""
    tax_code: str = ""
    tax_side: str = ""
    is_tax: bool = False
    party_ref: str = ""
    currency: str = ""
    amount_currency: Decimal | None = None
    exchange_rate: Decimal | None = None


@dataclass(frozen=True)
class EntrySpec:
    date: datetime.date
    lines: Sequence[LineSpec]
    journal: str = "GJ"
    description: str = ""
    source_type: str = ""
    source_id: str = ""
    document_number: str = ""
    party_name: str = ""
    party_tax_id: str = ""
    period_kind: str = PeriodKind.REGULAR
    reversal_of: JournalEntry | None = field(default=None, compare=False)


def _problem(message: str, code: str, field_name: str) -> ApplicationError:
    return ApplicationError(message, code=code, field=field_name, status=400)


class _Resolver:
    """Looks up accounts, tax codes, journals and periods once per posting batch."""

    def __init__(self, specs: Sequence[EntrySpec]):
        codes = {line.account for spec in specs for line in spec.lines}
        self.accounts = {account.code: account for account in Account.objects.filter(code__in=codes)}
        tax_codes = {line.tax_code for spec in specs for line in spec.lines if line.tax_code}
        self.tax_codes = {rate.code: rate for rate in TaxRate.objects.filter(code__in=tax_codes)}
        self.journals = {
            journal.code: journal for journal in Journal.objects.filter(code__in={s.journal for s in specs})
        }
        self._years: list[FiscalYear] = []
        self._periods: dict[int, list[Period]] = {}

    def period(self, date: datetime.date, kind: str, prefix: str) -> Period:
        """The open period of `kind` holding `date`; a year's periods are read once per batch."""
        year = next((y for y in self._years if y.start_date <= date <= y.end_date), None)
        if year is None:
            year = fiscal_year_ensure(date=date)
            self._years.append(year)
            self._periods[year.pk] = list(Period.objects.filter(fiscal_year=year).select_related("fiscal_year"))
        period = next(
            (p for p in self._periods[year.pk] if p.kind == kind and p.start_date <= date <= p.end_date), None
        )
        if period is None:
            message = _("No %(kind)s period holds %(date)s.") % {"kind": PeriodKind(kind).label, "date": date}
            raise _problem(message, "no_period", f"{prefix}date")
        if not period.is_open:
            raise _problem(
                _("The period %(period)s is closed; post into an open period or reopen it.") % {"period": period},
                "closed_period",
                f"{prefix}date",
            )
        return period

    def account(self, code: str, field_name: str) -> Account:
        account = self.accounts.get(code)
        if account is None:
            raise _problem(_("There is no account %(code)s.") % {"code": code}, "unknown_account", field_name)
        if not account.is_postable or not account.is_active:
            raise _problem(
                _("Account %(account)s cannot be posted to: it is a heading or inactive.") % {"account": account},
                "account_not_postable",
                field_name,
            )
        return account

    def tax_code(self, code: str, field_name: str) -> TaxRate | None:
        if not code:
            return None
        if code not in self.tax_codes:
            raise _problem(_("There is no tax code %(code)s.") % {"code": code}, "unknown_tax_code", field_name)
        return self.tax_codes[code]


def _check_amounts(spec: EntrySpec, prefix: str) -> None:
    if len(spec.lines) < 2:
        raise _problem(_("An entry needs at least two lines."), "too_few_lines", f"{prefix}lines")
    for index, line in enumerate(spec.lines):
        where = f"{prefix}lines.{index}"
        for side in ("debit", "credit"):
            amount = getattr(line, side)
            if amount < 0 or amount != amount.quantize(CENT):
                raise _problem(
                    _("Amounts are positive, with at most two decimals."), "invalid_amount", f"{where}.{side}"
                )
        if (line.debit > 0) == (line.credit > 0):
            raise _problem(_("Each line has either a debit or a credit."), "one_side", f"{where}.debit")
    debit = sum((line.debit for line in spec.lines), ZERO)
    credit = sum((line.credit for line in spec.lines), ZERO)
    if debit != credit:
        raise _problem(
            _("The entry does not balance: debit %(debit)s, credit %(credit)s.") % {"debit": debit, "credit": credit},
            "unbalanced",
            f"{prefix}lines",
        )


def _next_numbers(journal: Journal, fiscal_year_id: int, count: int) -> range:
    """Reserves `count` consecutive numbers in one statement; the row it locks keeps them gapless."""
    with connection.cursor() as cursor:
        cursor.execute(
            """INSERT INTO ledger_journalsequence AS sequence (journal_id, fiscal_year_id, last_number)
               VALUES (%s, %s, %s)
               ON CONFLICT (journal_id, fiscal_year_id)
               DO UPDATE SET last_number = sequence.last_number + EXCLUDED.last_number
               RETURNING last_number""",
            [journal.pk, fiscal_year_id, count],
        )
        last = cursor.fetchone()[0]
    return range(last - count + 1, last + 1)


# The columns the posting service writes with COPY, in this order, after `entry_id`.
LINE_COLUMNS = (
    "account_id", "tax_code_id", "date", "period_id", "debit", "credit", "description",
    "tax_side", "is_tax", "party_ref", "currency", "amount_currency", "exchange_rate",
)  # fmt: skip
LineRow = tuple[object, ...]


def _build(spec: EntrySpec, resolver: _Resolver, prefix: str) -> tuple[JournalEntry, list[LineRow]]:
    """The unsaved entry and its lines as rows for COPY: model instances would cost more than the insert."""
    _check_amounts(spec, prefix)
    journal = resolver.journals.get(spec.journal)
    if journal is None:
        raise _problem(
            _("There is no journal %(code)s.") % {"code": spec.journal}, "unknown_journal", f"{prefix}journal"
        )
    period = resolver.period(spec.date, spec.period_kind, prefix)
    entry = JournalEntry(
        journal=journal,
        fiscal_year=period.fiscal_year,
        period=period,
        date=spec.date,
        description=spec.description[:255],
        source_type=spec.source_type,
        source_id=spec.source_id,
        document_number=spec.document_number,
        party_name=spec.party_name,
        party_tax_id=spec.party_tax_id,
        reversal_of=spec.reversal_of,
    )
    lines: list[LineRow] = []
    for index, line in enumerate(spec.lines):
        account = resolver.account(line.account, f"{prefix}lines.{index}.account")
        tax_code = resolver.tax_code(line.tax_code, f"{prefix}lines.{index}.tax_code")
        lines.append(
            (
                account.pk,
                tax_code.pk if tax_code else None,
                spec.date,
                period.pk,
                line.debit,
                line.credit,
                line.description[:255],
                line.tax_side,
                line.is_tax,
                line.party_ref,
                line.currency,
                line.amount_currency,
                line.exchange_rate,
            )
        )
    return entry, lines


def _lines_copy(rows: Iterable[LineRow]) -> None:
    """Writes lines with COPY: the statement triggers check them all at once."""
    table = connection.ops.quote_name(JournalLine._meta.db_table)
    with (
        connection.cursor() as cursor,
        cursor.copy(f"COPY {table} (entry_id, {', '.join(LINE_COLUMNS)}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)


def entries_post(*, specs: Sequence[EntrySpec], posted_by: User | None = None) -> list[JournalEntry]:
    """Validates and posts many entries in one go (imports, generators); all or nothing.

    Errors name the entry by its position: `entries.3.lines.1.account`.
    """
    resolver = _Resolver(specs)
    prefix = "entries.{}." if len(specs) > 1 else ""
    built = [_build(spec, resolver, prefix.format(index)) for index, spec in enumerate(specs)]
    now = timezone.now()
    with transaction.atomic():
        by_sequence: dict[tuple[int, int], list[JournalEntry]] = {}
        for entry, _lines in built:
            by_sequence.setdefault((entry.journal_id, entry.fiscal_year_id), []).append(entry)
        for (_journal_id, year_id), entries in sorted(by_sequence.items()):  # lock order: no deadlocks
            for entry, number in zip(entries, _next_numbers(entries[0].journal, year_id, len(entries)), strict=True):
                entry.number, entry.posted_at, entry.posted_by = number, now, posted_by
        entries = JournalEntry.objects.bulk_create([entry for entry, _lines in built], batch_size=5000)
        _lines_copy((entry.pk, *line) for entry, lines in built for line in lines)
        # One UPDATE posts them all: the balance and period triggers see every entry at once.
        JournalEntry.objects.filter(pk__in=[entry.pk for entry in entries]).update(state=EntryState.POSTED)
    for entry in entries:
        entry.state = EntryState.POSTED
    return entries


def entry_post(
    *,
    date: datetime.date,
    lines: Iterable[LineSpec],
    journal: str = "GJ",
    description: str = "",
    source_type: str = "",
    source_id: str = "",
    document_number: str = "",
    party_name: str = "",
    party_tax_id: str = "",
    posted_by: User | None = None,
) -> JournalEntry:
    """Posts one balanced entry; for a source document already posted, returns its entry."""
    spec = EntrySpec(
        date=date,
        lines=list(lines),
        journal=journal,
        description=description,
        source_type=source_type,
        source_id=source_id,
        document_number=document_number,
        party_name=party_name,
        party_tax_id=party_tax_id,
    )
    existing = _posted_for(source_type, source_id)
    if existing:
        return existing
    try:
        with transaction.atomic():
            return entries_post(specs=[spec], posted_by=posted_by)[0]
    except IntegrityError:
        # A concurrent transaction posted the same document first; its entry is the answer.
        existing = _posted_for(source_type, source_id)
        if existing is None:
            raise
        return existing


def _posted_for(source_type: str, source_id: str) -> JournalEntry | None:
    """The entry already posted for a source document; entries without a source are never repeats."""
    if not source_type:
        return None
    return JournalEntry.objects.filter(source_type=source_type, source_id=source_id).first()


def entry_reverse(
    *, entry: JournalEntry, date: datetime.date | None = None, reason: str = "", reversed_by: User | None = None
) -> JournalEntry:
    """Corrects a posted entry the only way the books allow: a mirror entry, debits and credits swapped."""
    with transaction.atomic():
        entry = JournalEntry.objects.select_for_update().select_related("journal", "period").get(pk=entry.pk)
        if entry.state != EntryState.POSTED:
            raise ApplicationError(
                _("Only a posted entry can be reversed; this one is %(state)s.") % {"state": entry.get_state_display()},
                code="not_posted",
                field="entry",
                status=409,
            )
        mirror = [
            LineSpec(
                account=line.account.code,
                debit=line.credit,
                credit=line.debit,
                description=line.description,
                tax_code=line.tax_code.code if line.tax_code else "",
                tax_side=line.tax_side,
                is_tax=line.is_tax,
                party_ref=line.party_ref,
                currency=line.currency,
                amount_currency=-line.amount_currency if line.amount_currency is not None else None,
                exchange_rate=line.exchange_rate,
            )
            for line in entry.lines.select_related("account", "tax_code")
        ]
        description = _("Reversal of %(entry)s") % {"entry": entry.reference}
        if date is None:  # the entry's own date while its period is open, else today's
            date = entry.date if entry.period.is_open else timezone.localdate()
        spec = EntrySpec(
            date=date,
            lines=mirror,
            journal=entry.journal.code,
            description=f"{description}: {reason}" if reason else description,
            document_number=entry.document_number,
            party_name=entry.party_name,
            party_tax_id=entry.party_tax_id,
            reversal_of=entry,
        )
        reversal = entries_post(specs=[spec], posted_by=reversed_by)[0]
        JournalEntry.objects.filter(pk=entry.pk).update(state=EntryState.REVERSED)
    return reversal
