"""DATEV EXTF files for a German company's tax advisor: the bookings and the chart's names.

The files follow DATEV's "Formatbeschreibung DATEV-Format" (header version 700):
semicolon-separated, Windows-1252, CRLF, decimal comma, text in double quotes. Both are
streamed, so a year of bookings never sits in memory. Choices DATEV leaves open (gross
rows without BU-Schlüssel, how entries become account pairs) are explained in
docs/ledger-tax-reports.md.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import groupby

from django.db.models import Max
from django.db.models.functions import Length
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.errors import ApplicationError
from apps.tenants.countries import Country
from apps.tenants.models import Tenant

from ..models import BOOKED_STATES, ZERO, Account, JournalEntry, JournalLine, LedgerSettings, PeriodKind
from ..selectors.statements import fiscal_year_range

ENCODING = "cp1252"
HEADER_VERSION = 700
ADVISOR_RANGE = (1001, 9999999)  # Beraternummer
CLIENT_RANGE = (1, 99999)  # Mandantennummer
DEFAULT_ADVISOR, DEFAULT_CLIENT = 1001, 1
BOOKING_COLUMNS = (
    "Umsatz (ohne Soll/Haben-Kz)",
    "Soll/Haben-Kennzeichen",
    "WKZ Umsatz",
    "Kurs",
    "Basis-Umsatz",
    "WKZ Basis-Umsatz",
    "Konto",
    "Gegenkonto (ohne BU-Schlüssel)",
    "BU-Schlüssel",
    "Belegdatum",
    "Belegfeld 1",
    "Belegfeld 2",
    "Skonto",
    "Buchungstext",
)
ACCOUNT_COLUMNS = ("Konto", "Kontenbeschriftung", "Sprach-ID")
SKR = {"skr03": "03", "skr04": "04"}
# Belegfeld 1 takes letters, digits and $ & % * + - / only, at most 36 of them.
DOCUMENT_NUMBER_REFUSED = re.compile(r"[^A-Za-z0-9$&%*+\-/]")


class Plain(str):
    """A value written as it is (numbers, dates); every other string is quoted text."""


Cell = str | int | Decimal | None


def _cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, Plain | int):
        return str(value)
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    return '"' + value.replace('"', '""') + '"'


def _line(values: Iterable[Cell]) -> bytes:
    return (";".join(_cell(value) for value in values) + "\r\n").encode(ENCODING, errors="replace")


@dataclass(frozen=True)
class DatevHeader:
    """What the header line says about the file's origin, its client and its books."""

    advisor: int
    client: int
    year_start: datetime.date
    account_length: int
    chart: str
    created_at: datetime.datetime

    @classmethod
    def of_books(cls, *, advisor: int, client: int, year_start: datetime.date) -> DatevHeader:
        """Read before streaming starts, so a file's first line never waits on a query."""
        longest = Account.objects.filter(is_postable=True).aggregate(longest=Max(Length("code")))["longest"]
        settings_row = LedgerSettings.objects.first()
        chart = SKR.get(settings_row.chart, "") if settings_row else ""
        return cls(advisor, client, year_start, longest or 4, chart, timezone.now())

    def line(self, category: int, name: str, version: int, *fields: Cell) -> bytes:
        """The 31 fields of an EXTF header; `fields` are 15 to 22 (dates, title, type, currency)."""
        stamp = timezone.localtime(self.created_at)
        created = Plain(f"{stamp:%Y%m%d%H%M%S}{stamp.microsecond // 1000:03d}")
        return _line(
            [
                "EXTF",
                HEADER_VERSION,
                category,
                name,
                version,
                created,
                None,  # imported (DATEV fills it in)
                "RE",  # origin: accounting
                "",  # exported by
                "",  # imported by
                self.advisor,
                self.client,
                Plain(f"{self.year_start:%Y%m%d}"),
                self.account_length,  # Sachkontenlänge: 4 in SKR 03 and 04
                *fields,
                None,  # reserved
                "",  # derivative flag
                None,  # reserved
                None,  # reserved
                self.chart,
                None,  # industry solution id
                None,  # reserved
                "",  # reserved
                "",  # application information
            ]
        )


def _require_germany(tenant: Tenant) -> None:
    if tenant.country != Country.GERMANY:
        raise ApplicationError(
            _("DATEV exports are available for German companies only."), code="not_available", field="country"
        )


@dataclass(frozen=True)
class _Leg:
    account: str
    amount: Decimal
    text: str


def _pairs(debits: Sequence[_Leg], credits: Sequence[_Leg]) -> Iterator[tuple[_Leg, _Leg, Decimal]]:
    """(debit, credit, amount) pairs that together post the entry, matched greedily in line order."""
    debit_legs, credit_legs = iter(debits), iter(credits)
    debit, credit = next(debit_legs, None), next(credit_legs, None)
    debit_left = debit.amount if debit else ZERO
    credit_left = credit.amount if credit else ZERO
    while debit and credit:
        amount = min(debit_left, credit_left)
        yield debit, credit, amount
        debit_left -= amount
        credit_left -= amount
        if not debit_left:
            debit = next(debit_legs, None)
            debit_left = debit.amount if debit else ZERO
        if not credit_left:
            credit = next(credit_legs, None)
            credit_left = credit.amount if credit else ZERO


def _booking_rows(entry: JournalEntry, lines: list[JournalLine], currency: str) -> Iterator[bytes]:
    """One row per account pair. With one credit against several debits (a purchase), the credit
    account is the Konto of every row, as a bookkeeper would type it; otherwise the debit account."""
    debits = [_Leg(line.account.code, line.debit, line.description) for line in lines if line.debit]
    credits = [_Leg(line.account.code, line.credit, line.description) for line in lines if line.credit]
    credit_is_konto = len(credits) == 1 and len(debits) > 1
    document = DOCUMENT_NUMBER_REFUSED.sub("", entry.document_number or entry.reference)[:36]
    for debit, credit, amount in _pairs(debits, credits):
        konto, gegenkonto = (credit, debit) if credit_is_konto else (debit, credit)
        yield _line(
            [
                amount,
                "H" if credit_is_konto else "S",
                currency,
                None,
                None,
                None,
                Plain(konto.account),
                Plain(gegenkonto.account),
                None,
                Plain(f"{entry.date:%d%m}"),
                document,
                None,
                None,
                (gegenkonto.text or entry.description)[:60],
            ]
        )


def datev_bookings(
    *,
    tenant: Tenant,
    from_date: datetime.date,
    to_date: datetime.date,
    advisor: int = DEFAULT_ADVISOR,
    client: int = DEFAULT_CLIENT,
) -> Iterator[bytes]:
    """The EXTF Buchungsstapel (category 21, version 13) of the month entries dated in the range.

    Opening and year-end closing entries stay out: DATEV carries balances forward and closes
    the year itself. A Buchungsstapel lies within one fiscal year, so the range must too.
    """
    _require_germany(tenant)
    year_start, year_end = fiscal_year_range(on=from_date)
    if to_date > year_end:
        raise ApplicationError(
            _("A DATEV export covers one fiscal year; end it on %(end)s at the latest.") % {"end": year_end},
            code="invalid",
            field="to",
        )
    header = DatevHeader.of_books(advisor=advisor, client=client, year_start=year_start)
    title = f"Kontor {from_date:%Y%m%d}-{to_date:%Y%m%d}"
    currency = tenant.base_currency
    lines = (
        JournalLine.objects.filter(
            date__range=(from_date, to_date), entry__state__in=BOOKED_STATES, period__kind=PeriodKind.REGULAR
        )
        .select_related("entry__journal", "entry__fiscal_year", "account")
        .order_by("date", "entry_id", "id")
    )

    def rows() -> Iterator[bytes]:
        # Fields 15-22: dates, title, dictation code, booking type 1 (financial accounting),
        # accounting purpose 0 (any), not locked (Festschreibung 0), currency.
        yield header.line(
            21,
            "Buchungsstapel",
            13,
            Plain(f"{from_date:%Y%m%d}"),
            Plain(f"{to_date:%Y%m%d}"),
            title,
            "",
            1,
            0,
            0,
            currency,
        )
        yield _line(Plain(column) for column in BOOKING_COLUMNS)
        for _entry_id, group in groupby(lines.iterator(chunk_size=2000), key=lambda line: line.entry_id):
            entry_lines = list(group)
            yield from _booking_rows(entry_lines[0].entry, entry_lines, currency)

    return rows()


def datev_accounts(*, tenant: Tenant, advisor: int = DEFAULT_ADVISOR, client: int = DEFAULT_CLIENT) -> Iterator[bytes]:
    """The EXTF Kontenbeschriftungen (category 20, version 3): the name of every postable account."""
    _require_germany(tenant)
    year_start, _year_end = fiscal_year_range(on=timezone.localdate())
    header = DatevHeader.of_books(advisor=advisor, client=client, year_start=year_start)
    accounts = Account.objects.filter(is_postable=True).order_by("code").values_list("code", "name")

    def rows() -> Iterator[bytes]:
        yield header.line(20, "Kontenbeschriftungen", 3, None, None, "", "", None, None, None, "")
        yield _line(Plain(column) for column in ACCOUNT_COLUMNS)
        for code, name in accounts.iterator(chunk_size=2000):
            yield _line([Plain(code), name[:40], "de-DE"])

    return rows()
