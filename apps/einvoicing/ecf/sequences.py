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
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrPromise

from apps.core.errors import ApplicationError
from apps.invoicing.models import Invoice, InvoiceKind
from apps.invoicing.services.numbering import series_number_next
from apps.parties.models import FiscalRegime

from ..models import EcfType, EncfRange

# Formato e-CF: a consumer invoice from DOP 250,000 on must identify its buyer.
CONSUMER_ANONYMOUS_LIMIT = Decimal("250000.00")
DOMINICAN_REPUBLIC = "DO"
FOREIGN_ID_LENGTH = 20  # IdentificadorExtranjero
# IndicadorFacturacion: 1 ITBIS 18 %, 2 ITBIS 16 %, 3 ITBIS 0 %, 4 exempt.
RATE_BUCKETS = {("S", Decimal("18")): 1, ("S", Decimal("16")): 2, ("Z", Decimal("0")): 3, ("G", Decimal("0")): 3}
EXEMPT_CATEGORY = "E"
# The buckets whose totals the type's schema declares (44: MontoExento only; 46: MontoGravadoI3 only).
TYPE_BUCKETS: dict[int, set[int]] = {EcfType.REGIMENES_ESPECIALES: {4}, EcfType.EXPORTACIONES: {3}}
ALLOWED_TAX_TEXT: dict[int, StrPromise] = {
    EcfType.REGIMENES_ESPECIALES: gettext_lazy("exempt lines (sales to special regimes are ITBIS exempt)"),
    EcfType.EXPORTACIONES: gettext_lazy("zero-rated ITBIS lines (exports carry no ITBIS)"),
}
# Their schemas or DGII's format require RNCComprador.
BUYER_RNC_REQUIRED = (EcfType.CREDITO_FISCAL, EcfType.REGIMENES_ESPECIALES, EcfType.GUBERNAMENTAL)


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


def buyer_is_foreign(invoice: Invoice) -> bool:
    """A buyer outside the Dominican Republic: DGII knows it by `IdentificadorExtranjero`, not an RNC."""
    return invoice.customer.country != DOMINICAN_REPUBLIC


def itbis_bucket(category: str, rate: Decimal) -> int:
    """The line's IndicadorFacturacion: 1 ITBIS 18 %, 2 ITBIS 16 %, 3 ITBIS 0 %, 4 exempt."""
    if category == EXEMPT_CATEGORY:
        return 4
    bucket = RATE_BUCKETS.get((category, rate.normalize() if rate else Decimal("0")))
    if bucket is None:
        raise ApplicationError(
            _("Tax category %(category)s at %(rate)s %% has no e-CF ITBIS bucket (18 %%, 16 %%, 0 %% or exempt).")
            % {"category": category, "rate": rate},
            code="ecf_tax_unsupported",
            field="lines",
        )
    return bucket


def ecf_content_require(invoice: Invoice) -> None:
    """What Kontor cannot write into an e-CF yet, refused before an e-NCF is spent on it."""
    if invoice.currency != "DOP":
        raise ApplicationError(
            _("e-CF in other currencies than DOP are not supported yet."), code="ecf_currency", field="currency"
        )
    if invoice.allowances_charges.all():
        raise ApplicationError(
            _("Document-level discounts and surcharges are not supported in e-CF yet; put them on the lines."),
            code="ecf_allowances_unsupported",
            field="allowances_charges",
        )


def _ecf_type_of(invoice: Invoice) -> int:
    customer = invoice.customer
    if invoice.kind == InvoiceKind.CREDIT_NOTE:
        return EcfType.NOTA_CREDITO
    if invoice.kind == InvoiceKind.DEBIT_NOTE:
        return EcfType.NOTA_DEBITO
    if buyer_is_foreign(invoice):
        return EcfType.EXPORTACIONES
    if customer.fiscal_regime == FiscalRegime.GOVERNMENT:
        return EcfType.GUBERNAMENTAL
    if customer.fiscal_regime == FiscalRegime.SPECIAL_REGIME:
        return EcfType.REGIMENES_ESPECIALES
    if invoice.customer_tax_id:
        return EcfType.CREDITO_FISCAL
    return EcfType.CONSUMO


def _buyer_require(invoice: Invoice, ecf_type: int) -> None:
    tax_id = invoice.customer_tax_id
    if buyer_is_foreign(invoice):
        if len(tax_id) > FOREIGN_ID_LENGTH:
            raise ApplicationError(
                _("An e-CF carries a foreign buyer's tax id of up to 20 characters; %(value)s is longer.")
                % {"value": tax_id},
                code="ecf_buyer_id_invalid",
                field="customer",
            )
        return
    if tax_id and not buyer_id_valid(tax_id):
        raise ApplicationError(
            _("An e-CF needs the customer's RNC (9 digits) or cédula (11 digits); %(value)s is neither.")
            % {"value": tax_id},
            code="ecf_buyer_id_invalid",
            field="customer",
        )
    if ecf_type in BUYER_RNC_REQUIRED and not tax_id:
        raise ApplicationError(
            _("An e-CF %(label)s needs the customer's RNC or cédula.") % {"label": EcfType(ecf_type).label},
            code="ecf_buyer_id_required",
            field="customer",
        )
    if ecf_type == EcfType.CONSUMO and invoice.total_gross >= CONSUMER_ANONYMOUS_LIMIT:
        raise ApplicationError(
            _("A consumer invoice of DOP 250,000 or more needs the customer's RNC or cédula."),
            code="ecf_buyer_id_required",
            field="customer",
        )


def _lines_require(invoice: Invoice, ecf_type: int) -> None:
    """Types 44 and 46 have no Totales for other ITBIS buckets: a line in one would make DGII reject the e-CF."""
    allowed = TYPE_BUCKETS.get(ecf_type)
    for index, line in enumerate(invoice.lines.all()):
        bucket = itbis_bucket(line.tax_code.category, line.tax_code.rate)
        if allowed is not None and bucket not in allowed:
            raise ApplicationError(
                _("Line %(position)s is taxed %(tax)s, but an e-CF %(label)s takes %(allowed)s only.")
                % {
                    "position": index + 1,
                    "tax": line.tax_code.name,
                    "label": EcfType(ecf_type).label,
                    "allowed": ALLOWED_TAX_TEXT[ecf_type],
                },
                code="ecf_itbis_not_allowed",
                field=f"lines.{index}.tax_code",
            )


def ecf_type_for(invoice: Invoice) -> int:
    """The e-CF type of a document, refusing (field named) what DGII would reject in that type.

    Credit note 34, debit note 33; otherwise the buyer decides: abroad 46 (export), a government
    body 45, a special tax regime such as a free zone 44, a buyer with RNC or cédula 31 (tax
    credit), anyone else 32 (consumer). Reads the buyer snapshot the issuing service takes, so it
    decides on what the document shows; an issued e-NCF keeps the type it was numbered with.
    """
    if invoice.number[:1] == "E" and invoice.number[1:3].isdigit():
        return int(invoice.number[1:3])
    ecf_content_require(invoice)
    ecf_type = _ecf_type_of(invoice)
    _buyer_require(invoice, ecf_type)
    _lines_require(invoice, ecf_type)
    return ecf_type


def encf_number_next(invoice: Invoice) -> str:
    """invoicing's "ecf" numbering scheme.

    A Dominican company that has no e-NCF range yet is not (yet) an electronic issuer and keeps
    its series numbers; once DGII authorised ranges are entered, every document takes an e-NCF.
    """
    if not EncfRange.objects.exists():
        return series_number_next(invoice)
    return encf_take(ecf_type=ecf_type_for(invoice), on=invoice.issue_date)
