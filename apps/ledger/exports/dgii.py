"""The DGII's monthly sales (607) and purchases (606) files of a Dominican company.

Formato de Envío (Norma General 07-2018): a header `606|RNC|YYYYMM|count`, then one
pipe-delimited line per fiscal document (NCF). The books know the party, the NCF, the date,
the amounts and how the document was settled; what they do not know (withholdings,
selective tax, tips, the DGII expense type) is left empty, as the format permits. The
field order is in docs/ledger-tax-reports.md.
"""

from __future__ import annotations

import calendar
import datetime
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from apps.core.errors import ApplicationError
from apps.tenants.countries import Country
from apps.tenants.models import Tenant

from ..models import BOOKED_STATES, ZERO, AccountRole, AccountType, JournalEntry

SALES, PURCHASES = "607", "606"
JOURNALS = {SALES: "SAL", PURCHASES: "PUR"}
PERIOD = re.compile(r"^(\d{4})(0[1-9]|1[0-2])$")
# Consumer invoices (B02, e-CF 32) below this amount are declared in total on the IT-1, not one by one.
CONSUMER_NCF = ("B02", "E32")
CONSUMER_DETAIL_THRESHOLD = Decimal("250000.00")
# 606 "Forma de pago" by the account the purchase was settled on: 01 cash, 02 bank,
# 04 on credit, 07 several of them.
MIXED_PAYMENT = "07"


def dgii_rnc(tenant: Tenant) -> str:
    """The company's RNC or cédula, digits only."""
    return re.sub(r"\D", "", tenant.tax_id)


def dgii_period(period: str) -> tuple[datetime.date, datetime.date]:
    """The first and last day of a `YYYYMM` period."""
    match = PERIOD.match(period)
    if match is None:
        raise ApplicationError(_("Give the period as YYYYMM, e.g. 202601."), code="invalid", field="period")
    year, month = int(match[1]), int(match[2])
    return datetime.date(year, month, 1), datetime.date(year, month, calendar.monthrange(year, month)[1])


def _id_type(tax_id: str, *, passport: bool) -> str:
    """1 for an RNC (9 digits), 2 for a cédula (11); on sales anything else is a passport (3)."""
    digits = len(tax_id) if tax_id.isdigit() else 0
    return {9: "1", 11: "2"}.get(digits, "3" if passport and tax_id else "")


def _money(amount: Decimal) -> str:
    return f"{abs(amount):.2f}"


@dataclass(frozen=True)
class _Document:
    """One fiscal document as the files list it; amounts positive for an invoice, negative for a credit note."""

    date: datetime.date
    document_number: str
    party_tax_id: str
    modified_ncf: str | None
    base: Decimal
    goods: Decimal
    tax: Decimal
    cash: Decimal
    bank: Decimal
    on_credit: Decimal

    @property
    def party(self) -> str:
        return re.sub(r"[\s-]", "", self.party_tax_id)


def _documents(form: str, from_date: datetime.date, to_date: datetime.date) -> QuerySet[Any, Any]:
    """The month's entries of the form's journal that carry tax codes, summed in one grouped query.

    Credits count for sales and debits for purchases; the settling lines (cash, bank, open
    item) the other way round.
    """
    line = F("lines__debit") - F("lines__credit")
    signed = -line if form == SALES else line
    taxed = Q(lines__tax_code__isnull=False)
    base = taxed & Q(lines__is_tax=False)
    settling = Q(lines__tax_code__isnull=True)
    documents = (
        JournalEntry.objects.filter(
            journal__code=JOURNALS[form], date__range=(from_date, to_date), state__in=BOOKED_STATES
        )
        .annotate(
            taxed_lines=Count("lines", filter=taxed),
            base=Sum(signed, filter=base, default=ZERO),
            goods=Sum(signed, filter=base & Q(lines__account__type=AccountType.ASSET), default=ZERO),
            tax=Sum(signed, filter=taxed & Q(lines__is_tax=True), default=ZERO),
            cash=Sum(-signed, filter=settling & Q(lines__account__role=AccountRole.CASH), default=ZERO),
            bank=Sum(-signed, filter=settling & Q(lines__account__role=AccountRole.BANK), default=ZERO),
            on_credit=Sum(
                -signed,
                filter=settling & Q(lines__account__role__in=[AccountRole.RECEIVABLE, AccountRole.PAYABLE]),
                default=ZERO,
            ),
        )
        .filter(taxed_lines__gt=0)
        .order_by("date", "number")
    )
    if form == SALES:
        consumer = Q(document_number__startswith=CONSUMER_NCF[0]) | Q(document_number__startswith=CONSUMER_NCF[1])
        documents = documents.exclude(consumer, base__gte=ZERO, base__lt=CONSUMER_DETAIL_THRESHOLD)
    return documents.values(
        "date",
        "document_number",
        "party_tax_id",
        "base",
        "goods",
        "tax",
        "cash",
        "bank",
        "on_credit",
        modified_ncf=F("reversal_of__document_number"),
    )


def _sale_line(document: _Document) -> list[str]:
    """The 23 fields of a 607 line."""
    settled = document.cash + document.bank + document.on_credit
    return [
        document.party,
        _id_type(document.party, passport=True),
        document.document_number,
        document.modified_ncf or "",
        "01",  # tipo de ingreso: ingresos por operaciones (no financieros)
        f"{document.date:%Y%m%d}",
        "",  # fecha de retención
        _money(document.base),
        _money(document.tax),
        "",  # ITBIS retenido por terceros
        "",  # ITBIS percibido
        "",  # retención renta por terceros
        "",  # ISR percibido
        "",  # impuesto selectivo al consumo
        "",  # otros impuestos/tasas
        "",  # propina legal
        _money(document.cash),  # efectivo
        _money(document.bank),  # cheque/transferencia/depósito
        "",  # tarjeta débito/crédito
        _money(document.on_credit),  # venta a crédito
        "",  # bonos o certificados de regalo
        "",  # permuta
        _money(document.base + document.tax - settled),  # otras formas de ventas
    ]


def _purchase_payment_form(document: _Document) -> str:
    amounts = {"01": document.cash, "02": document.bank, "04": document.on_credit}
    forms = [code for code, amount in amounts.items() if amount]
    return forms[0] if len(forms) == 1 else (MIXED_PAYMENT if forms else "")


def _purchase_line(document: _Document) -> list[str]:
    """The 23 fields of a 606 line. Goods are what was booked on asset accounts (stock, fixed
    assets); whatever was booked as an expense counts as services."""
    return [
        document.party,
        _id_type(document.party, passport=False),
        "",  # tipo de bienes y servicios comprados: the books do not know it
        document.document_number,
        document.modified_ncf or "",
        f"{document.date:%Y%m%d}",
        "",  # fecha de pago
        _money(document.base - document.goods),  # monto facturado en servicios
        _money(document.goods),  # monto facturado en bienes
        _money(document.base),  # total monto facturado
        _money(document.tax),  # ITBIS facturado
        "",  # ITBIS retenido
        "",  # ITBIS sujeto a proporcionalidad
        "",  # ITBIS llevado al costo
        _money(document.tax),  # ITBIS por adelantar
        "",  # ITBIS percibido en compras
        "",  # tipo de retención en ISR
        "",  # monto retención renta
        "",  # ISR percibido en compras
        "",  # impuesto selectivo al consumo
        "",  # otros impuestos/tasas
        "",  # propina legal
        _purchase_payment_form(document),
    ]


def _text(fields: Sequence[str]) -> bytes:
    return ("|".join(fields) + "\r\n").encode("utf-8")


def dgii_file(*, tenant: Tenant, form: str, period: str) -> Iterator[bytes]:
    """The 606 or 607 file of `period` (YYYYMM), streamed line by line.

    Credit notes are listed as their own documents with positive amounts and the NCF they
    modify; the header counts the detail lines that follow.
    """
    if tenant.country != Country.DOMINICAN_REPUBLIC:
        raise ApplicationError(
            _("DGII files are available for Dominican companies only."), code="not_available", field="country"
        )
    from_date, to_date = dgii_period(period)
    documents = _documents(form, from_date, to_date)
    header = _text([form, dgii_rnc(tenant), period, str(documents.count())])
    detail = _sale_line if form == SALES else _purchase_line

    def lines() -> Iterator[bytes]:
        yield header
        for row in documents.iterator(chunk_size=2000):
            yield _text(detail(_Document(**row)))

    return lines()
