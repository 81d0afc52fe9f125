"""Invoices and debit notes past their due date with money still open become overdue, once a day."""

from __future__ import annotations

import datetime

from django.utils import timezone

from ..models import Invoice, InvoiceStatus
from ..payment_selectors import PAYABLE_KINDS, invoices_with_balance

BECOME_OVERDUE = (InvoiceStatus.ISSUED, InvoiceStatus.SENT, InvoiceStatus.PARTLY_PAID)


def invoices_mark_overdue(*, on: datetime.date) -> int:
    """Marks invoices due before `on` with an open amount overdue, in one UPDATE; returns how many.

    Running it again finds them overdue already and changes nothing. A payment committed
    meanwhile has moved its invoice to "paid", which the status condition then skips.
    """
    late = invoices_with_balance(  # type: ignore[misc]  # `open_amount` is an annotation the stubs cannot see
        Invoice.objects.filter(kind__in=PAYABLE_KINDS, status__in=BECOME_OVERDUE, due_date__lt=on)
    ).filter(open_amount__gt=0)
    return Invoice.objects.filter(pk__in=late.values("pk"), status__in=BECOME_OVERDUE).update(
        status=InvoiceStatus.OVERDUE, updated_at=timezone.now()
    )
