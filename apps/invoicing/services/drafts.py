"""Writing drafts: an invoice is freely editable until it is issued."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection, transaction
from django.utils.translation import gettext as _

from apps.catalog.models import Product
from apps.core.errors import ApplicationError
from apps.ledger.models import Account
from apps.ledger.selectors import revenue_accounts_by_code
from apps.parties.models import Party
from apps.taxes.models import TaxRate

from ..models import (
    AllowanceChargeFields,
    Invoice,
    InvoiceAllowanceCharge,
    InvoiceKind,
    InvoiceLine,
    LineFields,
    RecurringAllowanceCharge,
    RecurringInvoice,
    RecurringInvoiceLine,
)
from ..selectors import INVOICE_PREFETCH, invoice_document_input
from ..totals import document_problems


@dataclass(frozen=True)
class LineData:
    description: str
    quantity: Decimal
    unit_price: Decimal
    tax_code: str
    unit_code: str = "C62"
    base_quantity: Decimal = Decimal("1")
    discount_percent: Decimal = Decimal("0")
    product: int | None = None
    revenue_account: str = ""  # an income account's code; blank: the product's, else the chart's


@dataclass(frozen=True)
class AllowanceChargeData:
    reason: str
    tax_code: str
    is_charge: bool = False
    amount: Decimal | None = None
    percent: Decimal | None = None


@dataclass(frozen=True)
class DraftData:
    customer: int
    lines: list[LineData]
    allowances_charges: list[AllowanceChargeData] = field(default_factory=list)
    currency: str = ""
    exchange_rate: Decimal = Decimal("1")
    delivery_date: datetime.date | None = None
    buyer_reference: str = ""
    payment_days: int | None = None
    skonto_percent: Decimal | None = None
    skonto_days: int | None = None
    prepaid_amount: Decimal = Decimal("0")
    rounding_increment: Decimal | None = None
    notes: str = ""


def _problem(message: str, code: str, field_name: str) -> ApplicationError:
    return ApplicationError(message, code=code, field=field_name)


def _customer(pk: int) -> Party:
    customer = Party.objects.filter(pk=pk, is_customer=True, is_active=True).first()
    if customer is None:
        raise _problem(_("There is no active customer with this id."), "unknown_customer", "customer")
    return customer


def _tax_codes(data: DraftData) -> dict[str, TaxRate]:
    wanted = {line.tax_code for line in data.lines} | {item.tax_code for item in data.allowances_charges}
    found = {rate.code: rate for rate in TaxRate.objects.filter(code__in=wanted, is_active=True)}
    requested = [(f"lines.{i}", line.tax_code) for i, line in enumerate(data.lines)]
    requested += [(f"allowances_charges.{i}", item.tax_code) for i, item in enumerate(data.allowances_charges)]
    for where, code in requested:
        if code not in found:
            raise _problem(
                _("There is no tax code %(code)s.") % {"code": code}, "unknown_tax_code", f"{where}.tax_code"
            )
    return found


@dataclass(frozen=True)
class DraftRefs:
    """What a checked draft names, loaded once: the customer, tax codes and revenue accounts by code."""

    customer: Party
    tax_codes: dict[str, TaxRate]
    revenue_accounts: dict[str, Account]


def _check_lines(data: DraftData, kind: str) -> dict[str, Account]:
    """Refuses a wrong line, naming its field; returns the revenue accounts the lines name."""
    if not data.lines:
        raise _problem(_("An invoice needs at least one line."), "empty", "lines")
    wanted = {line.product for line in data.lines if line.product is not None}
    products = set(Product.objects.filter(pk__in=wanted).values_list("pk", flat=True)) if wanted else set()
    accounts = revenue_accounts_by_code(line.revenue_account for line in data.lines)
    for index, line in enumerate(data.lines):
        if kind != InvoiceKind.CREDIT_NOTE and line.quantity < 0:
            raise _problem(
                _("An invoice line cannot have a negative quantity; issue a credit note instead."),
                "negative_quantity",
                f"lines.{index}.quantity",
            )
        if line.product is not None and line.product not in products:
            raise _problem(_("There is no such product."), "unknown_product", f"lines.{index}.product")
        if line.revenue_account and line.revenue_account not in accounts:
            raise _problem(
                _("There is no revenue account %(code)s.") % {"code": line.revenue_account},
                "unknown_account",
                f"lines.{index}.revenue_account",
            )
    return accounts


def draft_check(data: DraftData, kind: str = InvoiceKind.INVOICE) -> DraftRefs:
    """What `data` names, or the refusal naming the first wrong field.

    Recurring invoices check their template with it too, so a template that saves can be billed.
    """
    customer = _customer(data.customer)
    accounts = _check_lines(data, kind)
    tax_codes = _tax_codes(data)
    if _currency(data, customer) != connection.tenant.base_currency and data.exchange_rate == 1:  # type: ignore[attr-defined]
        raise _problem(_("A foreign-currency invoice needs its exchange rate."), "required", "exchange_rate")
    return DraftRefs(customer=customer, tax_codes=tax_codes, revenue_accounts=accounts)


def _currency(data: DraftData, customer: Party) -> str:
    return data.currency or customer.currency or connection.tenant.base_currency  # type: ignore[attr-defined]


def line_data(line: LineFields, *, quantity: Decimal | None = None, description: str | None = None) -> LineData:
    """A stored line (of an invoice or a template) as a draft's input, optionally with another quantity or text."""
    return LineData(
        description=line.description if description is None else description,
        quantity=line.quantity if quantity is None else quantity,
        unit_price=line.unit_price,
        tax_code=line.tax_code.code,
        unit_code=line.unit_code,
        base_quantity=line.base_quantity,
        discount_percent=line.discount_percent,
        product=line.product_id,  # type: ignore[attr-defined]
        revenue_account=line.revenue_account.code if line.revenue_account else "",
    )


def allowance_charge_data(item: AllowanceChargeFields) -> AllowanceChargeData:
    return AllowanceChargeData(
        reason=item.reason,
        tax_code=item.tax_code.code,
        is_charge=item.is_charge,
        amount=item.amount,
        percent=item.percent,
    )


def draft_rows_write(*, owner: Invoice | RecurringInvoice, data: DraftData, refs: DraftRefs) -> None:
    """Replaces the lines and allowances/charges of an invoice or of a recurring invoice's template."""
    line_model, item_model, key = (
        (InvoiceLine, InvoiceAllowanceCharge, "invoice")
        if isinstance(owner, Invoice)
        else (RecurringInvoiceLine, RecurringAllowanceCharge, "recurring")
    )
    owner.lines.all().delete()
    owner.allowances_charges.all().delete()
    line_model.objects.bulk_create(  # type: ignore[attr-defined]
        line_model(  # type: ignore[misc]
            **{key: owner},
            position=index + 1,
            product_id=line.product,
            description=line.description,
            quantity=line.quantity,
            unit_code=line.unit_code,
            unit_price=line.unit_price,
            base_quantity=line.base_quantity,
            discount_percent=line.discount_percent,
            tax_code=refs.tax_codes[line.tax_code],
            revenue_account=refs.revenue_accounts.get(line.revenue_account),
        )
        for index, line in enumerate(data.lines)
    )
    item_model.objects.bulk_create(  # type: ignore[attr-defined]
        item_model(  # type: ignore[misc]
            **{key: owner},
            is_charge=item.is_charge,
            amount=item.amount,
            percent=item.percent,
            reason=item.reason,
            tax_code=refs.tax_codes[item.tax_code],
        )
        for item in data.allowances_charges
    )


def _write(invoice: Invoice, data: DraftData, refs: DraftRefs) -> None:
    """Replaces the draft's lines and allowances/charges, then asks the totals engine what is wrong."""
    draft_rows_write(owner=invoice, data=data, refs=refs)
    problems = document_problems(
        invoice_document_input(Invoice.objects.prefetch_related(*INVOICE_PREFETCH).get(pk=invoice.pk))
    )
    if problems:
        first = problems[0]
        raise ApplicationError(first.message, code=first.code, field=first.field)


def _apply_header(invoice: Invoice, data: DraftData, customer: Party) -> None:
    invoice.customer = customer
    invoice.currency = _currency(data, customer)
    invoice.exchange_rate = data.exchange_rate
    invoice.delivery_date = data.delivery_date
    invoice.buyer_reference = data.buyer_reference
    invoice.language = customer.language
    invoice.payment_days = customer.payment_days if data.payment_days is None else data.payment_days
    # A debit note charges what was not agreed (interest, a forgotten item): no early-payment discount on it.
    debit_note = invoice.kind == InvoiceKind.DEBIT_NOTE
    percent = Decimal("0") if debit_note else customer.skonto_percent
    days = 0 if debit_note else customer.skonto_days
    invoice.skonto_percent = percent if data.skonto_percent is None else data.skonto_percent
    invoice.skonto_days = days if data.skonto_days is None else data.skonto_days
    invoice.prepaid_amount = data.prepaid_amount
    invoice.rounding_increment = data.rounding_increment
    invoice.notes = data.notes


@transaction.atomic
def invoice_create(*, data: DraftData, kind: str = InvoiceKind.INVOICE, corrects: Invoice | None = None) -> Invoice:
    """A new draft; all or nothing, every refusal names its field."""
    refs = draft_check(data, kind)
    invoice = Invoice(kind=kind, corrects=corrects)
    _apply_header(invoice, data, refs.customer)
    invoice.save()
    _write(invoice, data, refs)
    return invoice


@transaction.atomic
def invoice_update(*, invoice: Invoice, data: DraftData) -> Invoice:
    """Rewrites a draft; an issued invoice is refused (corrections are credit notes)."""
    invoice = Invoice.objects.select_for_update(of=("self",)).select_related("corrects").get(pk=invoice.pk)
    draft_require(invoice)
    if invoice.kind == InvoiceKind.CREDIT_NOTE:
        # Its lines are tied to the invoice lines they credit; rewriting them would lose that.
        raise ApplicationError(
            _("A credit note is made from its invoice and cannot be rewritten; create a new one."),
            code="credit_note_fixed",
            field="kind",
            status=409,
        )
    refs = draft_check(data, invoice.kind)
    if invoice.corrects is not None:
        _corrected_party_require(invoice.corrects, data, refs.customer)
    _apply_header(invoice, data, refs.customer)
    invoice.save()
    _write(invoice, data, refs)
    return invoice


def _corrected_party_require(original: Invoice, data: DraftData, customer: Party) -> None:
    """A debit note bills the customer of its invoice in its currency: the two are read, paid and dunned together."""
    if customer.pk != original.customer_id:  # type: ignore[attr-defined]
        raise _problem(
            _("A debit note is for the customer of invoice %(number)s.") % {"number": original.number},
            "customer_fixed",
            "customer",
        )
    if _currency(data, customer) != original.currency:
        raise _problem(
            _("A debit note is in the currency of its invoice (%(currency)s).") % {"currency": original.currency},
            "currency_fixed",
            "currency",
        )


def draft_require(invoice: Invoice) -> None:
    if not invoice.is_draft:
        raise ApplicationError(
            _("Invoice %(number)s is issued and cannot be changed; create a credit note.") % {"number": invoice.number},
            code="not_draft",
            field="status",
            status=409,
        )
