"""What every sales document shares: its line input, checking it, copying lines, and numbering."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from django.db import connection
from django.utils.translation import gettext as _

from apps.catalog.models import Product
from apps.core.errors import ApplicationError
from apps.invoicing.services import LineData
from apps.invoicing.services.numbering import sequence_take
from apps.invoicing.totals import document_problems
from apps.ledger.selectors import revenue_accounts_by_code
from apps.parties.models import Party
from apps.taxes.models import TaxRate

from ..models import SalesLine
from ..selectors import sales_document_input

L = TypeVar("L", bound=SalesLine)

# Series in the invoicing sequence table; invoices use their own (RE, ...), so they never meet.
QUOTE_SERIES = "AN"
ORDER_SERIES = "AB"
DELIVERY_SERIES = "LS"


@dataclass(frozen=True)
class SalesLineData(LineData):
    """An invoice line's input plus the revenue account (its number) the line is booked to."""

    revenue_account: str = ""


def document_number_next(*, series: str, on: datetime.date) -> str:
    """`AN-2026-0001`: gapless per series and year, from the locked sequence row invoices use."""
    return f"{series}-{on.year}-{sequence_take(series=series, year=on.year):04d}"


def customer_require(pk: int) -> Party:
    customer = Party.objects.filter(pk=pk, is_customer=True, is_active=True).first()
    if customer is None:
        raise ApplicationError(
            _("There is no active customer with this id."), code="unknown_customer", field="customer"
        )
    return customer


def document_currency(requested: str, customer: Party) -> str:
    return requested or customer.currency or connection.tenant.base_currency  # type: ignore[attr-defined]


def _found(model: type, field_name: str, wanted: set, **conditions: object) -> dict:
    if not wanted:
        return {}
    rows = model.objects.filter(**{f"{field_name}__in": wanted}, **conditions)  # type: ignore[attr-defined]
    return {getattr(row, field_name): row for row in rows}


def lines_build(lines: Sequence[SalesLineData], line_class: type[L], **parent: object) -> list[L]:
    """Unsaved lines from input, every reference checked; each refusal names `lines.N.<field>`."""
    if not lines:
        raise ApplicationError(_("A document needs at least one line."), code="empty", field="lines")
    tax_codes = _found(TaxRate, "code", {line.tax_code for line in lines}, is_active=True)
    products = _found(Product, "pk", {line.product for line in lines if line.product is not None})
    accounts = revenue_accounts_by_code(line.revenue_account for line in lines)
    built = []
    for index, line in enumerate(lines):
        where = f"lines.{index}"
        if line.quantity <= 0:
            raise ApplicationError(
                _("The quantity must be more than zero."), code="not_positive", field=f"{where}.quantity"
            )
        if line.tax_code not in tax_codes:
            raise ApplicationError(
                _("There is no tax code %(code)s.") % {"code": line.tax_code},
                code="unknown_tax_code",
                field=f"{where}.tax_code",
            )
        if line.product is not None and line.product not in products:
            raise ApplicationError(_("There is no such product."), code="unknown_product", field=f"{where}.product")
        if line.revenue_account and line.revenue_account not in accounts:
            raise ApplicationError(
                _("There is no revenue account %(code)s.") % {"code": line.revenue_account},
                code="unknown_account",
                field=f"{where}.revenue_account",
            )
        built.append(
            line_class(
                **parent,
                position=index + 1,
                product=products.get(line.product),
                description=line.description,
                quantity=line.quantity,
                unit_code=line.unit_code,
                unit_price=line.unit_price,
                base_quantity=line.base_quantity,
                discount_percent=line.discount_percent,
                tax_code=tax_codes[line.tax_code],
                revenue_account=accounts.get(line.revenue_account),
            )
        )
    return built


def lines_check_totals(*, currency: str, lines: Iterable[SalesLine]) -> None:
    """The totals engine's objections (unknown unit, missing exemption...) as a 400 naming the field."""
    problems = document_problems(sales_document_input(currency=currency, lines=lines))
    if problems:
        first = problems[0]
        raise ApplicationError(first.message, code=first.code, field=first.field)


# What a line carries from one document to the next.
COPIED_FIELDS = (
    "position", "product", "description", "quantity", "unit_code", "unit_price", "base_quantity",
    "discount_percent", "tax_code", "revenue_account",
)  # fmt: skip


def lines_copy(source: Iterable[SalesLine], line_class: type[L], **parent: object) -> list[L]:
    """The source document's lines for the next document, field by field."""
    return [line_class(**parent, **{name: getattr(line, name) for name in COPIED_FIELDS}) for line in source]
