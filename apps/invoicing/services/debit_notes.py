"""Debit notes: charging more on an issued invoice (late interest, a price adjustment, a forgotten item).

A debit note is an invoice of its own that names the invoice it adds to (`corrects`, EN 16931
BT-25; the Dominican e-CF type 33). It is issued, posted, paid, dunned and falls overdue like an
invoice; only its number comes from its own series, and it keeps the customer and currency of
its invoice.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from apps.core.errors import ApplicationError

from ..models import Invoice, InvoiceKind, InvoiceStatus
from ..selectors import correction_series


def _debitable_require(invoice: Invoice) -> None:
    if invoice.kind != InvoiceKind.INVOICE:
        assert invoice.corrects is not None  # noqa: S101 - a constraint: credit and debit notes correct an invoice
        raise ApplicationError(
            _("A debit note adds to an invoice; make it for invoice %(number)s.") % {"number": invoice.corrects.number},
            code="not_invoice",
            field="kind",
            status=409,
        )
    if invoice.status in (InvoiceStatus.DRAFT, InvoiceStatus.CANCELLED):
        raise ApplicationError(
            _("Only an issued invoice can take a debit note; a draft can still be edited."),
            code="not_issued",
            field="status",
            status=409,
        )


@transaction.atomic
def debit_note_create(*, invoice: Invoice, reason: str = "") -> Invoice:
    """An empty draft debit note for `invoice`: the user adds the lines it charges, then issues it.

    It takes the invoice's customer, currency, exchange rate, language and payment days, but no
    Skonto: a discount for paying interest or a forgotten item early is not what was agreed.
    `reason` becomes its note; without one the note names the invoice, in the customer's language.
    """
    invoice = Invoice.objects.select_for_update(of=("self",)).select_related("customer", "corrects").get(pk=invoice.pk)
    _debitable_require(invoice)
    if not reason.strip():
        with translation.override(invoice.language):
            reason = _("Additional charges on invoice %(number)s.") % {"number": invoice.number}
    return Invoice.objects.create(
        kind=InvoiceKind.DEBIT_NOTE,
        corrects=invoice,
        series=correction_series(kind=InvoiceKind.DEBIT_NOTE),
        customer=invoice.customer,
        currency=invoice.currency,
        exchange_rate=invoice.exchange_rate,
        language=invoice.language,
        buyer_reference=invoice.buyer_reference,
        payment_days=invoice.payment_days,
        rounding_increment=invoice.rounding_increment,
        notes=reason.strip(),
    )
