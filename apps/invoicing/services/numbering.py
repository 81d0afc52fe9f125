"""Invoice numbers: gapless per series and year, taken inside the issuing transaction.

`NUMBERING` is the seam for other schemes: the Dominican NCF/e-NCF sequences (issue 5)
plug in a function of the same shape.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection

from ..models import Invoice

Numbering = Callable[[Invoice], str]


def sequence_take(*, series: str, year: int) -> int:
    """The next number of `series` in `year`; call it inside the transaction that uses the number.

    The locked sequence row serialises concurrent callers until commit; a rollback returns the
    number. Other documents (quotes, orders) number through this too, each in its own series.
    """
    # One statement creates or increments the row and locks it: fewer round trips while every
    # other issuer of the series waits, and they queue on our transaction, not on a tuple lock.
    with connection.cursor() as cursor:
        cursor.execute(
            """INSERT INTO invoicing_invoicesequence AS sequence (series, year, last_number) VALUES (%s, %s, 1)
               ON CONFLICT (series, year) DO UPDATE SET last_number = sequence.last_number + 1
               RETURNING last_number""",
            [series, year],
        )
        return int(cursor.fetchone()[0])


def series_number_next(invoice: Invoice) -> str:
    """`RE-2026-00042`, gapless per series and year."""
    assert invoice.issue_date is not None  # noqa: S101 - set by the issuing service
    year = invoice.issue_date.year
    return f"{invoice.series}-{year}-{sequence_take(series=invoice.series, year=year):05d}"


NUMBERING: dict[str, Numbering] = {"series": series_number_next}
# A country whose tax authority numbers documents itself; the app implementing the scheme
# registers both (einvoicing: "DO" -> "ecf"), so invoicing never imports it.
SCHEME_BY_COUNTRY: dict[str, str] = {}


def invoice_number_next(invoice: Invoice, scheme: str | None = None) -> str:
    """The number from the company's scheme: its country's, else the series."""
    if scheme is None:
        scheme = SCHEME_BY_COUNTRY.get(connection.tenant.country, "series")  # type: ignore[attr-defined]
    return NUMBERING[scheme](invoice)
