"""Credit notes: the only way to correct an issued invoice.

A credit note line keeps the position of the invoice line it credits, so what earlier
credit notes took from a position can be summed and over-crediting refused.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from apps.core.errors import ApplicationError

from ..models import Invoice, InvoiceKind, InvoiceLine, InvoiceStatus
from ..payment_selectors import invoice_balance, invoice_status_after_settling
from ..selectors import correction_series
from .drafts import DraftData, allowance_charge_data, invoice_create, line_data

ZERO = Decimal("0")


def _creditable_require(invoice: Invoice) -> None:
    if invoice.kind == InvoiceKind.CREDIT_NOTE:
        raise ApplicationError(
            _("A credit note cannot be credited; correct the invoice instead."),
            code="is_credit_note",
            field="kind",
            status=409,
        )
    if invoice.status in (InvoiceStatus.DRAFT, InvoiceStatus.CANCELLED):
        raise ApplicationError(
            _("Only an issued invoice can be credited; a draft can still be edited."),
            code="not_issued",
            field="status",
            status=409,
        )


def credited_quantities(invoice: Invoice) -> dict[int, Decimal]:
    """Quantity per invoice position taken by its credit notes so far (drafts included: they will be issued)."""
    rows = (
        InvoiceLine.objects.filter(invoice__corrects=invoice, invoice__kind=InvoiceKind.CREDIT_NOTE)
        .exclude(invoice__status=InvoiceStatus.CANCELLED)
        .values("position")
        .annotate(credited=Sum("quantity"))
    )
    return {row["position"]: row["credited"] for row in rows}


def _chosen(
    invoice: Invoice, originals: dict[int, InvoiceLine], lines: list[tuple[int, Decimal]]
) -> list[tuple[InvoiceLine, Decimal]]:
    """The requested (line, quantity) pairs, each checked against what is left to credit."""
    if not lines:
        raise ApplicationError(_("Choose at least one line to credit."), code="empty", field="lines")
    credited = credited_quantities(invoice)
    seen: set[int] = set()
    chosen = []
    for index, (position, quantity) in enumerate(lines):
        line = originals.get(position)
        if line is None:
            raise ApplicationError(
                _("The invoice has no line %(position)s.") % {"position": position},
                code="unknown_position",
                field=f"lines.{index}.position",
            )
        if position in seen:
            raise ApplicationError(
                _("Line %(position)s is listed twice.") % {"position": position},
                code="duplicate",
                field=f"lines.{index}.position",
            )
        seen.add(position)
        left = line.quantity - credited.get(position, ZERO)
        if quantity <= 0 or quantity > left:
            raise ApplicationError(
                _("Between 0 and %(left)s of line %(position)s can still be credited.")
                % {"left": left.normalize(), "position": position},
                code="over_credited" if quantity > 0 else "not_positive",
                field=f"lines.{index}.quantity",
            )
        chosen.append((line, quantity))
    return sorted(chosen, key=lambda pair: pair[0].position)


@transaction.atomic
def credit_note_create(*, invoice: Invoice, lines: list[tuple[int, Decimal]] | None = None) -> Invoice:
    """A draft credit note for the whole invoice, or for (position, quantity) pairs of it.

    The invoice row is locked so two partial credit notes created at once cannot together
    credit more than was invoiced. Document allowances and charges are credited only by a
    full credit note; a partial one credits goods and services.
    """
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    _creditable_require(invoice)
    originals = {line.position: line for line in invoice.lines.select_related("tax_code")}
    if lines is None:
        if credited_quantities(invoice):
            raise ApplicationError(
                _("This invoice is already partly credited; choose the lines to credit."),
                code="already_credited",
                field="lines",
                status=409,
            )
        chosen = [(line, line.quantity) for line in originals.values()]
        items = [
            allowance_charge_data(item) for item in invoice.allowances_charges.select_related("tax_code").order_by("pk")
        ]
    else:
        chosen = _chosen(invoice, originals, lines)
        items = []
    data = DraftData(
        customer=invoice.customer_id,
        lines=[line_data(line, quantity=quantity) for line, quantity in chosen],
        allowances_charges=items,
        currency=invoice.currency,
        exchange_rate=invoice.exchange_rate,
        delivery_date=invoice.delivery_date,
        buyer_reference=invoice.buyer_reference,
        payment_days=invoice.payment_days,
        skonto_percent=invoice.skonto_percent,
        skonto_days=invoice.skonto_days,
        rounding_increment=invoice.rounding_increment if lines is None else None,
    )
    note = invoice_create(data=data, kind=InvoiceKind.CREDIT_NOTE, corrects=invoice)
    note.series = correction_series(kind=InvoiceKind.CREDIT_NOTE)
    note.language = invoice.language
    note.save(update_fields=["series", "language", "updated_at"])
    _keep_positions(note, [line for line, _quantity in chosen])
    return note


def credited_invoice_settle(*, note: Invoice) -> Invoice:
    """Called in the transaction issuing `note`: what it credits is no longer owed on its invoice.

    A fully credited, unpaid invoice becomes cancelled; one whose rest was paid, paid.
    """
    assert note.corrects_id is not None  # noqa: S101 - every credit note corrects an invoice (a constraint)
    invoice = Invoice.objects.select_for_update().get(pk=note.corrects_id)
    invoice.status = invoice_status_after_settling(invoice, invoice_balance(invoice))
    invoice.save(update_fields=["status", "updated_at"])
    return invoice


def _keep_positions(note: Invoice, originals: list[InvoiceLine]) -> None:
    """Gives each credit note line the position of the line it credits (its revenue account came along).

    The drafts service numbers lines 1..n; the originals are sorted by position, so the
    k-th target is at least k and moving the last line first never collides.
    """
    created = list(note.lines.order_by("-position"))
    for line, original in zip(created, reversed(originals), strict=True):
        line.position = original.position
        line.save(update_fields=["position"])
