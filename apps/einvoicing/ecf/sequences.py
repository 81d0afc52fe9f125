"""e-NCF numbers: `E` + e-CF type + 10 digits, gapless, from the ranges DGII authorised.

`encf_number_next` is the Dominican scheme of invoicing's pluggable numbering: it runs inside
the issuing transaction, so the range row stays locked until the invoice is committed and a
rollback gives the number back.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.errors import ApplicationError
from apps.invoicing.models import Invoice, InvoiceKind
from apps.invoicing.services.numbering import series_number_next

from ..models import EcfType, EncfRange

# Formato e-CF: a consumer invoice from DOP 250,000 on must identify its buyer.
CONSUMER_ANONYMOUS_LIMIT = Decimal("250000.00")


def encf_take(*, ecf_type: int, on: datetime.date | None = None) -> str:
    """The next e-NCF of `ecf_type`; call it inside the transaction that uses the number.

    Takes from the lowest range that still has numbers and has not expired on `on`. Nothing is
    taken when it refuses: `encf_expired` when only expired numbers are left, else `encf_exhausted`.
    """
    on = on or timezone.localdate()
    ranges = list(
        EncfRange.objects.select_for_update()
        .filter(ecf_type=ecf_type, next_number__lte=F("last_number"))
        .order_by("first_number", "pk")
    )
    usable = next((item for item in ranges if item.expires_on >= on), None)
    if usable is None:
        if ranges:
            raise ApplicationError(
                _("The e-NCF range for e-CF type %(type)s expired on %(date)s; request a new range from DGII.")
                % {"type": ecf_type, "date": ranges[-1].expires_on.isoformat()},
                code="encf_expired",
                field="ecf_type",
            )
        raise ApplicationError(
            _("No e-NCF numbers are left for e-CF type %(type)s; request a new range from DGII.") % {"type": ecf_type},
            code="encf_exhausted",
            field="ecf_type",
        )
    number = usable.next_number
    usable.next_number = number + 1
    usable.save(update_fields=["next_number"])
    return f"E{ecf_type:02d}{number:010d}"


def encf_range_of(encf: str) -> EncfRange | None:
    """The range an issued e-NCF came from (its expiry is printed as FechaVencimientoSecuencia)."""
    ecf_type, number = int(encf[1:3]), int(encf[3:])
    return EncfRange.objects.filter(ecf_type=ecf_type, first_number__lte=number, last_number__gte=number).first()


def buyer_id_valid(tax_id: str) -> bool:
    """An RNC (9 digits) or a cédula (11 digits), digits only, as the e-CF schemas require."""
    return tax_id.isdigit() and len(tax_id) in (9, 11)


def ecf_type_for(invoice: Invoice) -> int:
    """34 for a credit note, 31 for a buyer with RNC or cédula (tax credit), 32 for a consumer.

    Reads the buyer snapshot the issuing service takes, so it decides on what the document shows.
    """
    tax_id = invoice.customer_tax_id
    if tax_id and not buyer_id_valid(tax_id):
        raise ApplicationError(
            _("An e-CF needs the customer's RNC (9 digits) or cédula (11 digits); %(value)s is neither.")
            % {"value": tax_id},
            code="ecf_buyer_id_invalid",
            field="customer",
        )
    if invoice.kind == InvoiceKind.CREDIT_NOTE:
        return EcfType.NOTA_CREDITO
    if tax_id:
        return EcfType.CREDITO_FISCAL
    if invoice.total_gross >= CONSUMER_ANONYMOUS_LIMIT:
        raise ApplicationError(
            _("A consumer invoice of DOP 250,000 or more needs the customer's RNC or cédula."),
            code="ecf_buyer_id_required",
            field="customer",
        )
    return EcfType.CONSUMO


def encf_number_next(invoice: Invoice) -> str:
    """invoicing's "ecf" numbering scheme.

    A Dominican company that has no e-NCF range yet is not (yet) an electronic issuer and keeps
    its series numbers; once DGII authorised ranges are entered, every document takes an e-NCF.
    """
    if not EncfRange.objects.exists():
        return series_number_next(invoice)
    return encf_take(ecf_type=ecf_type_for(invoice), on=invoice.issue_date)
