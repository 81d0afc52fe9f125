"""Writes of purchase e-CF (41, 43, 47): issued, signed and validated in one step, then queued for DGII.

A Dominican company documents some purchases itself: buying from an informal supplier without
a fiscal receipt (41), minor expenses such as parking or tolls (43), and payments to a supplier
abroad (47). The e-NCF comes from the company's own ranges like a sales e-CF, so a refusal at any
step must give the number back: everything happens in the transaction that takes it.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.errors import ApplicationError
from apps.parties.models import Party

from ..ecf.purchases_xml import line_amount, line_itbis, purchase_ecf_document, purchase_totals
from ..ecf.sequences import buyer_id_valid, encf_take
from ..ecf.signing import document_sign, security_code, signing_certificate
from ..formats import ECF_FORMAT
from ..models import (
    PURCHASE_ECF_TYPES,
    EcfType,
    EinvoiceTransmission,
    ItbisBucket,
    PurchaseEcf,
    PurchaseEcfLine,
)
from ..selectors import transmission_active
from ..validation import einvoice_validate
from .transmissions import DGII_CHANNEL, transmission_queue

MAX_LINES = 1000  # Formato e-CF: DetallesItems holds at most 1,000 items
MAX_AMOUNT = Decimal("1e16")  # 18 digits with 2 decimals
FOREIGN_ID_LENGTH = 20  # IdentificadorExtranjero


@dataclass(frozen=True)
class PurchaseLineData:
    description: str
    quantity: Decimal
    unit_price: Decimal
    itbis_bucket: int = ItbisBucket.EXEMPT
    is_service: bool = True
    itbis_withheld: Decimal = Decimal("0")
    isr_withheld: Decimal = Decimal("0")


def _refuse(message: str, code: str, field: str) -> ApplicationError:
    return ApplicationError(message, code=code, field=field)


def _supplier_check(*, ecf_type: int, supplier: Party | None) -> None:
    """41 needs a Dominican supplier with RNC or cédula, 47 one abroad; 43 may name nobody."""
    if supplier is None:
        if ecf_type != EcfType.GASTOS_MENORES:
            raise _refuse(_("This e-CF type needs the supplier."), "required", "supplier")
        return
    if ecf_type == EcfType.COMPRAS and (supplier.country != "DO" or not buyer_id_valid(supplier.tax_id)):
        raise _refuse(
            _("A purchase e-CF (41) needs a Dominican supplier with RNC (9 digits) or cédula (11 digits)."),
            "ecf_supplier_id_invalid",
            "supplier",
        )
    if ecf_type == EcfType.PAGOS_EXTERIOR:
        if supplier.country == "DO":
            raise _refuse(
                _("A payment abroad (47) is for a supplier outside the Dominican Republic."),
                "ecf_supplier_not_foreign",
                "supplier",
            )
        if len(supplier.tax_id) > FOREIGN_ID_LENGTH:
            raise _refuse(
                _("The supplier's tax id is longer than the 20 characters an e-CF can carry."),
                "ecf_supplier_id_invalid",
                "supplier",
            )


def _places_check(value: Decimal, *, places: int, field: str) -> None:
    if value != value.quantize(Decimal(1).scaleb(-places)):
        raise _refuse(
            _("At most %(places)s decimals are allowed here.") % {"places": places}, "max_decimal_places", field
        )


def _line_rows(*, ecf_type: int, lines: Sequence[PurchaseLineData]) -> list[PurchaseEcfLine]:
    """The unsaved line rows with their amounts, or the first broken rule named as `lines.<n>.<field>`."""
    if not lines:
        raise _refuse(_("Add at least one line."), "required", "lines")
    if len(lines) > MAX_LINES:
        raise _refuse(_("An e-CF holds at most 1,000 lines."), "too_many_lines", "lines")
    rows = []
    for index, line in enumerate(lines):
        prefix = f"lines.{index}."
        if not line.description.strip():
            raise _refuse(_("Describe what was bought."), "blank", f"{prefix}description")
        if line.quantity <= 0:
            raise _refuse(_("The quantity must be above zero."), "min_value", f"{prefix}quantity")
        _places_check(line.quantity, places=2, field=f"{prefix}quantity")
        if line.unit_price < 0:
            raise _refuse(_("The unit price cannot be negative."), "min_value", f"{prefix}unit_price")
        _places_check(line.unit_price, places=4, field=f"{prefix}unit_price")
        amount = line_amount(quantity=line.quantity, unit_price=line.unit_price)
        if amount >= MAX_AMOUNT:
            raise _refuse(_("The line amount is too large."), "max_value", f"{prefix}unit_price")
        if line.itbis_bucket not in ItbisBucket.values or (
            ecf_type != EcfType.COMPRAS and line.itbis_bucket != ItbisBucket.EXEMPT
        ):
            raise _refuse(
                _("Only a purchase e-CF (41) carries ITBIS; minor expenses and payments abroad are exempt."),
                "ecf_itbis_not_allowed",
                f"{prefix}itbis_bucket",
            )
        if ecf_type == EcfType.GASTOS_MENORES and (line.itbis_withheld or line.isr_withheld):
            field = "itbis_withheld" if line.itbis_withheld else "isr_withheld"
            raise _refuse(
                _("Nothing is withheld on minor expenses (43)."), "ecf_withholding_not_allowed", prefix + field
            )
        for name, withheld, most in (
            ("itbis_withheld", line.itbis_withheld, line_itbis(amount=amount, bucket=line.itbis_bucket)),
            ("isr_withheld", line.isr_withheld, amount),
        ):
            if withheld < 0:
                raise _refuse(_("A withheld amount cannot be negative."), "min_value", prefix + name)
            _places_check(withheld, places=2, field=prefix + name)
            if withheld > most:
                raise _refuse(
                    _("At most %(most)s can be withheld on this line.") % {"most": most}, "max_value", prefix + name
                )
        rows.append(
            PurchaseEcfLine(
                position=index + 1,
                description=line.description.strip(),
                is_service=line.is_service,
                quantity=line.quantity,
                unit_price=line.unit_price,
                itbis_bucket=line.itbis_bucket,
                amount=amount,
                itbis_withheld=line.itbis_withheld,
                isr_withheld=line.isr_withheld,
            )
        )
    return rows


def purchase_ecf_create(
    *, ecf_type: int, supplier: Party | None, issue_date: datetime.date, lines: Sequence[PurchaseLineData]
) -> PurchaseEcf:
    """Issues a purchase e-CF: checks the input, takes the e-NCF, signs, validates and stores it.

    Everything runs in the transaction that takes the number (range row locked by `encf_take`):
    a document DGII's schema rejects raises `einvoice_invalid` and leaves no row and no used
    number behind. The input and the certificate are checked before the number is taken, so the
    common refusals never even lock the range.
    """
    if ecf_type not in PURCHASE_ECF_TYPES:
        raise _refuse(_("Purchase e-CF are of type 41, 43 or 47."), "ecf_type_unsupported", "ecf_type")
    _supplier_check(ecf_type=ecf_type, supplier=supplier)
    if issue_date > timezone.localdate():
        raise _refuse(_("A purchase e-CF cannot be dated in the future."), "in_future", "issue_date")
    rows = _line_rows(ecf_type=ecf_type, lines=lines)
    totals = purchase_totals(rows)
    if totals.itbis_withheld > totals.itbis_amount:
        raise _refuse(
            _("More ITBIS is withheld than the document carries (%(itbis)s).") % {"itbis": totals.itbis_amount},
            "max_value",
            "lines",
        )
    if not connection.tenant.address_line:  # type: ignore[attr-defined]
        raise _refuse(_("Enter the company's address: every e-CF prints it."), "ecf_seller_address", "address_line")
    signer = signing_certificate()
    with transaction.atomic():
        purchase = PurchaseEcf(
            ecf_type=ecf_type,
            encf=encf_take(ecf_type=ecf_type),
            supplier=supplier,
            supplier_name=supplier.legal_name[:150] if supplier else "",
            supplier_tax_id=supplier.tax_id if supplier else "",
            issue_date=issue_date,
            taxable_amount=totals.taxable_amount,
            exempt_amount=totals.exempt_amount,
            itbis_amount=totals.itbis_amount,
            total=totals.total,
            itbis_withheld=totals.itbis_withheld,
            isr_withheld=totals.isr_withheld,
            amount_payable=totals.amount_payable,
            signed_at=timezone.now(),
        )
        document = document_sign(purchase_ecf_document(purchase, rows, signed_at=purchase.signed_at), signer=signer)
        result = einvoice_validate(document, profile="ecf")
        if not result.valid:
            rules = sorted({finding.rule_id for finding in result.errors()})
            raise ApplicationError(
                _("The e-CF breaks the official rules and was not issued: %(rules)s.") % {"rules": ", ".join(rules)},
                code="einvoice_invalid",
            )
        purchase.document, purchase.security_code = document, security_code(document)
        purchase.save()
        for row in rows:
            row.purchase = purchase
        PurchaseEcfLine.objects.bulk_create(rows)
    return purchase


def purchase_ecf_transmit(*, purchase: PurchaseEcf) -> EinvoiceTransmission:
    """Queues the signed purchase e-CF for DGII's reception, exactly the bytes stored at issue.

    They were validated when issued and are never re-rendered, so nothing is checked again.
    While a transmission is active a second call returns it unchanged; after a failure or a
    rejection a new one may be queued, as for sales e-CF.
    """
    with transaction.atomic():
        locked = PurchaseEcf.objects.select_for_update().get(pk=purchase.pk)  # one sender at a time
        active = transmission_active(channel=DGII_CHANNEL, purchase=locked)
        if active is not None:
            return active
        return transmission_queue(
            purchase=locked,
            format_key=ECF_FORMAT,
            channel=DGII_CHANNEL,
            document=bytes(locked.document),
            sender_id=connection.tenant.tax_id,  # type: ignore[attr-defined]
            receiver_id=locked.supplier_tax_id,
        )
