"""Invoice numbers: gapless per series and year, taken inside the issuing transaction.

`NUMBERING` is the seam for other schemes: the Dominican NCF/e-NCF sequences (issue 5)
plug in a function of the same shape.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import F

from ..models import Invoice, InvoiceSequence

Numbering = Callable[[Invoice], str]


def series_number_next(invoice: Invoice) -> str:
    """`RE-2026-00042`: the locked sequence row serialises concurrent issues; a rollback returns the number."""
    assert invoice.issue_date is not None  # noqa: S101 - set by the issuing service
    year = invoice.issue_date.year
    InvoiceSequence.objects.get_or_create(series=invoice.series, year=year)
    sequence = InvoiceSequence.objects.select_for_update().get(series=invoice.series, year=year)
    InvoiceSequence.objects.filter(pk=sequence.pk).update(last_number=F("last_number") + 1)
    return f"{invoice.series}-{year}-{sequence.last_number + 1:05d}"


NUMBERING: dict[str, Numbering] = {"series": series_number_next}


def invoice_number_next(invoice: Invoice, scheme: str = "series") -> str:
    return NUMBERING[scheme](invoice)
