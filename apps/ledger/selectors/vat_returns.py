"""The periodic VAT return of each country, read from the tax lines of the books.

Every taxable posting carries, per tax code, base lines (`is_tax` off) and tax lines;
one grouped query sums them by tax code, side and kind of line, and each country's
mapping puts those sums into the boxes of its form. The mappings and their limits are
documented in docs/ledger-tax-reports.md.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from django.db.models import Case, F, Sum, Value, When
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from apps.core.errors import ApplicationError
from apps.taxes.models import TaxCategory
from apps.tenants.countries import Country

from ..models import BOOKED_STATES, ZERO, AccountType, JournalLine, TaxSide

# What a line with a tax code is: the taxable base, tax charged on a sale, tax the buyer
# owes himself (reverse charge, intra-EU acquisition) or tax he deducts.
BASE, OUTPUT, SELF_ASSESSED, INPUT = "base", "output", "self_assessed", "input"
S, Z, E, AE, K, G, OUTSIDE = (
    TaxCategory.STANDARD,
    TaxCategory.ZERO,
    TaxCategory.EXEMPT,
    TaxCategory.REVERSE_CHARGE,
    TaxCategory.INTRA_EU,
    TaxCategory.EXPORT,
    TaxCategory.OUT_OF_SCOPE,
)


@dataclass(frozen=True)
class VatBox:
    code: str
    label: StrOrPromise
    amount: Decimal


@dataclass(frozen=True)
class VatTotal:
    """The debits and credits of one kind of line of one tax code on one account."""

    category: str
    rate: Decimal
    self_assessment_rate: Decimal
    side: str
    kind: str
    account_code: str
    account_type: str
    debit: Decimal
    credit: Decimal

    @property
    def is_credit(self) -> bool:
        """Sales and tax owed are credits; purchases and input tax are debits."""
        return self.kind in (OUTPUT, SELF_ASSESSED) or (self.kind == BASE and self.side == TaxSide.SALE)

    @property
    def normal(self) -> Decimal:
        """The amount on the kind's usual side: the invoices."""
        return self.credit if self.is_credit else self.debit

    @property
    def corrections(self) -> Decimal:
        """The amount on the other side: credit notes and reversals."""
        return self.debit if self.is_credit else self.credit

    @property
    def amount(self) -> Decimal:
        """Invoices less credit notes."""
        return self.normal - self.corrections


def vat_totals(*, from_date: datetime.date, to_date: datetime.date) -> list[VatTotal]:
    """The tax lines of booked entries dated in the range, summed in one grouped query.

    A purchase's tax line on the tax code's output account is tax the buyer owes himself;
    on any other account it is input tax he deducts.
    """
    kind = Case(
        When(is_tax=False, then=Value(BASE)),
        When(tax_side=TaxSide.SALE, then=Value(OUTPUT)),
        When(account_id=F("tax_code__posting__output_account_id"), then=Value(SELF_ASSESSED)),
        default=Value(INPUT),
    )
    rows = (
        JournalLine.objects.filter(
            date__range=(from_date, to_date), entry__state__in=BOOKED_STATES, tax_code__isnull=False
        )
        .annotate(kind=kind)
        .values(
            "tax_code__code",
            "tax_code__category",
            "tax_code__rate",
            "tax_code__posting__self_assessment_rate",
            "tax_side",
            "kind",
            "account__code",
            "account__type",
        )
        .annotate(debit_sum=Sum("debit"), credit_sum=Sum("credit"))
        .order_by()
    )
    return [
        VatTotal(
            category=row["tax_code__category"],
            rate=row["tax_code__rate"],
            self_assessment_rate=row["tax_code__posting__self_assessment_rate"] or ZERO,
            side=row["tax_side"],
            kind=row["kind"],
            account_code=row["account__code"],
            account_type=row["account__type"],
            debit=row["debit_sum"],
            credit=row["credit_sum"],
        )
        for row in rows
    ]


class _Boxes:
    """Box amounts keyed by code, listed in the form's order with their labels."""

    def __init__(self, labels: dict[str, StrOrPromise]):
        self.labels = labels
        self.amounts: dict[str, Decimal] = dict.fromkeys(labels, ZERO)

    def add(self, code: str | None, amount: Decimal) -> None:
        if code is not None:
            self.amounts[code] += amount

    def total(self, codes: Iterable[str]) -> Decimal:
        return sum((self.amounts[code] for code in codes), ZERO)

    def listed(self, whole_euros: frozenset[str] = frozenset()) -> list[VatBox]:
        return [
            VatBox(
                code,
                label,
                self.amounts[code].quantize(Decimal("1"), ROUND_DOWN) if code in whole_euros else self.amounts[code],
            )
            for code, label in self.labels.items()
        ]


# Germany: Umsatzsteuer-Voranmeldung. The tax beside Kz 81, 86, 89 and 93 has no Kennzahl
# of its own (ELSTER computes it); `_tax` names it here.
DE_LABELS: dict[str, StrOrPromise] = {
    "81": _("Taxable sales at 19 % (base)"),
    "81_tax": _("Tax on sales at 19 %"),
    "86": _("Taxable sales at 7 % (base)"),
    "86_tax": _("Tax on sales at 7 %"),
    "87": _("Taxable sales at 0 % (base)"),
    "35": _("Taxable sales at other rates (base)"),
    "36": _("Tax on sales at other rates"),
    "41": _("Intra-community supplies to customers with a VAT ID"),
    "43": _("Other tax-free sales with input tax deduction (e.g. exports)"),
    "48": _("Tax-free sales without input tax deduction"),
    "91": _("Tax-free intra-community acquisitions"),
    "89": _("Intra-community acquisitions at 19 % (base)"),
    "89_tax": _("Tax on intra-community acquisitions at 19 %"),
    "93": _("Intra-community acquisitions at 7 % (base)"),
    "93_tax": _("Tax on intra-community acquisitions at 7 %"),
    "95": _("Intra-community acquisitions at other rates (base)"),
    "98": _("Tax on intra-community acquisitions at other rates"),
    "46": _("Services of EU businesses, recipient liable (§ 13b UStG, base)"),
    "47": _("Tax on services of EU businesses, recipient liable (§ 13b UStG)"),
    "60": _("Other taxable sales for which the recipient owes the tax (§ 13b (5) UStG)"),
    "45": _("Other sales not taxable in Germany"),
    "66": _("Input tax from invoices of other businesses"),
    "61": _("Input tax from intra-community acquisitions"),
    "67": _("Input tax from services under § 13b UStG"),
    "83": _("Remaining VAT advance payment (negative: surplus)"),
}
DE_BASES = frozenset({"81", "86", "87", "35", "41", "43", "48", "91", "89", "93", "95", "46", "60", "45"})
DE_OUTPUT_TAX = ("81_tax", "86_tax", "36", "89_tax", "93_tax", "98", "47")
DE_INPUT_TAX = ("66", "61", "67")
DE_SALE_BASE: dict[str, str] = {Z: "87", E: "48", K: "41", G: "43", AE: "60", OUTSIDE: "45"}
DE_INPUT_BOXES: dict[str, str] = {K: "61", AE: "67"}
DE_RATES = {Decimal("19"): ("81", "81_tax"), Decimal("7"): ("86", "86_tax")}
DE_ACQUISITION_RATES: dict[Decimal, tuple[str, str]] = {
    Decimal("0"): ("91", "98"),
    Decimal("19"): ("89", "89_tax"),
    Decimal("7"): ("93", "93_tax"),
}


def _de_box(total: VatTotal) -> str | None:
    if total.kind == INPUT:
        return DE_INPUT_BOXES.get(total.category, "66")
    if total.category == S and total.kind in (BASE, OUTPUT) and total.side == TaxSide.SALE:
        base, tax = DE_RATES.get(total.rate, ("35", "36"))
        return base if total.kind == BASE else tax
    if total.side == TaxSide.SALE:
        return DE_SALE_BASE.get(total.category) if total.kind == BASE else None
    if total.category == K:
        acquired, owed = DE_ACQUISITION_RATES.get(total.self_assessment_rate, ("95", "98"))
        return acquired if total.kind == BASE else owed
    if total.category == AE:
        return "46" if total.kind == BASE else "47"
    return None  # the base of an ordinary purchase is not declared


def _germany(totals: list[VatTotal]) -> list[VatBox]:
    boxes = _Boxes(DE_LABELS)
    for total in totals:
        boxes.add(_de_box(total), total.amount)
    boxes.add("83", boxes.total(DE_OUTPUT_TAX) - boxes.total(DE_INPUT_TAX))
    return boxes.listed(whole_euros=DE_BASES)


# Belgium: déclaration périodique à la TVA / periodieke btw-aangifte. Credit notes have
# their own grids (48/49 issued, 84/85 received, VAT in 63/64), so invoices and credit
# notes are summed apart.
BE_LABELS: dict[str, StrOrPromise] = {
    "00": _("Operations subject to a special regime (0 %, exempt)"),
    "01": _("Operations at 6 %"),
    "02": _("Operations at 12 %"),
    "03": _("Operations at 21 %"),
    "44": _("Services to EU customers under reverse charge"),
    "45": _("Operations where the co-contracting party owes the VAT"),
    "46": _("Exempt intra-community supplies"),
    "47": _("Other exempt operations and operations abroad (e.g. exports)"),
    "48": _("Credit notes issued on operations in grids 44 and 46"),
    "49": _("Credit notes issued on other operations"),
    "81": _("Purchases of goods for resale, raw materials and consumables"),
    "82": _("Purchases of services and other goods"),
    "83": _("Purchases of investment goods"),
    "84": _("Credit notes received on operations in grids 86 and 88"),
    "85": _("Credit notes received on other operations"),
    "86": _("Intra-community acquisitions of goods"),
    "87": _("Other purchases where the declarant owes the VAT"),
    "54": _("Output VAT on operations in grids 01, 02 and 03"),
    "55": _("VAT on intra-community acquisitions"),
    "56": _("VAT on other purchases where the declarant owes the VAT"),
    "59": _("Deductible input VAT"),
    "63": _("VAT to be repaid on credit notes received"),
    "64": _("VAT to be recovered on credit notes issued"),
    "XX": _("Total VAT due (54 + 55 + 56 + 63)"),
    "YY": _("Total VAT deductible (59 + 64)"),
    "71": _("VAT payable to the State"),
    "72": _("VAT refundable to the declarant"),
}
BE_SALE_RATES = {Decimal("6"): "01", Decimal("12"): "02", Decimal("21"): "03"}
BE_SALE_BASE: dict[str, str] = {Z: "00", E: "00", AE: "45", K: "46", G: "47", OUTSIDE: "47"}
BE_REVERSE_CHARGE_PURCHASE: dict[str, str] = {K: "86", AE: "87"}


def _be_purchase_grid(total: VatTotal) -> str:
    """Investment goods are booked on asset accounts, goods for resale in PCMN class 60."""
    if total.account_type == AccountType.ASSET:
        return "83"
    return "81" if total.account_code.startswith("60") else "82"


def _be_sale(boxes: _Boxes, total: VatTotal) -> None:
    if total.kind == OUTPUT:
        boxes.add("54", total.normal)
        boxes.add("64", total.corrections)
        return
    grid = BE_SALE_RATES.get(total.rate, "03") if total.category == S else BE_SALE_BASE[total.category]
    boxes.add(grid, total.normal)
    boxes.add("48" if total.category == K else "49", total.corrections)


def _be_purchase(boxes: _Boxes, total: VatTotal) -> None:
    if total.kind == INPUT:
        boxes.add("59", total.normal)
        boxes.add("63", total.corrections)
    elif total.kind == SELF_ASSESSED:
        boxes.add("55" if total.category == K else "56", total.normal)
        boxes.add("64", total.corrections)
    else:
        boxes.add(_be_purchase_grid(total), total.normal)
        boxes.add(BE_REVERSE_CHARGE_PURCHASE.get(total.category), total.normal)
        boxes.add("84" if total.category == K else "85", total.corrections)


def _belgium(totals: list[VatTotal]) -> list[VatBox]:
    boxes = _Boxes(BE_LABELS)
    for total in totals:
        (_be_sale if total.side == TaxSide.SALE else _be_purchase)(boxes, total)
    due, deductible = boxes.total(("54", "55", "56", "63")), boxes.total(("59", "64"))
    boxes.add("XX", due)
    boxes.add("YY", deductible)
    boxes.add("71", max(due - deductible, ZERO))
    boxes.add("72", max(deductible - due, ZERO))
    return boxes.listed()


# Dominican Republic: IT-1. DGII renumbers its casillas with each form version, so the
# codes here are stable names; the labels carry the lines' names.
DO_LABELS: dict[str, StrOrPromise] = {
    "total_operaciones": _("Total de operaciones del período"),
    "exportaciones": _("Ingresos por exportaciones de bienes o servicios"),
    "ventas_exentas": _("Ingresos por ventas locales de bienes o servicios exentos"),
    "total_no_gravadas": _("Total ingresos por operaciones no gravadas"),
    "total_gravadas": _("Total ingresos por operaciones gravadas"),
    "gravadas_18": _("Operaciones gravadas al 18 %"),
    "gravadas_16": _("Operaciones gravadas al 16 %"),
    "itbis_18": _("ITBIS facturado (18 %)"),
    "itbis_16": _("ITBIS facturado (16 %)"),
    "total_itbis_facturado": _("Total ITBIS facturado"),
    "itbis_pagado": _("ITBIS pagado deducible en compras y servicios"),
    "impuesto_a_pagar": _("Impuesto a pagar"),
    "saldo_a_favor": _("Saldo a favor"),
}
DO_RATES = {Decimal("18"): ("gravadas_18", "itbis_18"), Decimal("16"): ("gravadas_16", "itbis_16")}
DO_UNTAXED: dict[str, str] = {Z: "ventas_exentas", E: "ventas_exentas", G: "exportaciones"}


def _do_box(total: VatTotal) -> str | None:
    """A rate the form has no line for counts in the totals only."""
    if total.kind == INPUT:
        return "itbis_pagado"
    if total.side != TaxSide.SALE:
        return None
    if total.category == S:
        base, tax = DO_RATES.get(total.rate, ("total_gravadas", "total_itbis_facturado"))
        return base if total.kind == BASE else tax
    return DO_UNTAXED.get(total.category)


def _dominican_republic(totals: list[VatTotal]) -> list[VatBox]:
    boxes = _Boxes(DO_LABELS)
    for total in totals:
        boxes.add(_do_box(total), total.amount)
        if total.kind == BASE and total.side == TaxSide.SALE:
            boxes.add("total_operaciones", total.amount)
    boxes.add("total_no_gravadas", boxes.total(("exportaciones", "ventas_exentas")))
    boxes.add("total_gravadas", boxes.total(("gravadas_18", "gravadas_16")))
    boxes.add("total_itbis_facturado", boxes.total(("itbis_18", "itbis_16")))
    balance = boxes.amounts["total_itbis_facturado"] - boxes.amounts["itbis_pagado"]
    boxes.add("impuesto_a_pagar", max(balance, ZERO))
    boxes.add("saldo_a_favor", max(-balance, ZERO))
    return boxes.listed()


RETURNS: dict[str, Callable[[list[VatTotal]], list[VatBox]]] = {
    Country.GERMANY: _germany,
    Country.BELGIUM: _belgium,
    Country.DOMINICAN_REPUBLIC: _dominican_republic,
}


def vat_return(*, country: str, from_date: datetime.date, to_date: datetime.date) -> list[VatBox]:
    """The boxes of `country`'s periodic VAT return for the entries dated in [from_date, to_date]."""
    if country not in RETURNS:
        raise ApplicationError(
            gettext("There is no VAT return for this country."), code="not_available", field="country"
        )
    return RETURNS[country](vat_totals(from_date=from_date, to_date=to_date))
