"""Invoice numbers: gapless per series and year, taken inside the issuing transaction.

`NUMBERING` is the seam for other schemes: the Dominican NCF/e-NCF sequences (issue 5)
plug in a function of the same shape.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import F

from ..models import Invoice, InvoiceSequence

Numbering = Callable[[Invoice], str]


def sequence_take(*, series: str, year: int) -> int:
    """The next number of `series` in `year`; call it inside the transaction that uses the number.

    The locked sequence row serialises concurrent callers until commit; a rollback returns the
    number. Other documents (quotes, orders) number through this too, each in its own series.
    """
    InvoiceSequence.objects.get_or_create(series=series, year=year)
    sequence = InvoiceSequence.objects.select_for_update().get(series=series, year=year)
    InvoiceSequence.objects.filter(pk=sequence.pk).update(last_number=F("last_number") + 1)
    return sequence.last_number + 1


def series_number_next(invoice: Invoice) -> str:
    """`RE-2026-00042`, gapless per series and year."""
    assert invoice.issue_date is not None  # noqa: S101 - set by the issuing service
    year = invoice.issue_date.year
    return f"{invoice.series}-{year}-{sequence_take(series=invoice.series, year=year):05d}"


NUMBERING: dict[str, Numbering] = {"series": series_number_next}


def invoice_number_next(invoice: Invoice, scheme: str = "series") -> str:
    return NUMBERING[scheme](invoice)
