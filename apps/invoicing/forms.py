"""The invoice editor's forms: a header, a formset of lines, and the list's filters.

Forms only parse what was typed; the rules live in `services.invoice_create`/`invoice_update`
and in the totals engine, whose errors the views place beside the right field.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db import connection
from django.utils.translation import gettext_lazy as _

from apps.catalog.models import Product
from apps.catalog.prices import price_trimmed
from apps.core.forms import ModelFieldsForm, filled_rows
from apps.parties.models import Party
from apps.taxes.models import TaxRate

from .models import Invoice, InvoiceStatus, InvoicingSettings
from .selectors import exemption_reasons_for, line_input
from .services import DraftData, LineData
from .services.settings import EDITABLE as EDITABLE_SETTINGS
from .totals import DocumentInput, LineInput, document_problems

ZERO = Decimal("0")
HUNDRED = Decimal("100")


def _customers() -> Any:
    return Party.objects.filter(is_customer=True, is_active=True).order_by("legal_name")


class CustomerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Party) -> str:  # type: ignore[override]
        return f"{obj.legal_name} ({obj.number})"


class TaxCodeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: TaxRate) -> str:  # type: ignore[override]
        return f"{obj.name} ({obj.rate:g} %)" if obj.rate else obj.name


class InvoiceFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", "—"), *InvoiceStatus.choices])
    customer = CustomerChoiceField(label=_("Customer"), queryset=Party.objects.none(), required=False)
    date_from = forms.DateField(label=_("Issued from"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("Issued to"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["customer"].queryset = Party.objects.filter(is_customer=True).order_by("legal_name")  # type: ignore[attr-defined]


class DraftForm(forms.Form):
    """The invoice header; blank terms fall back to the customer's (the service decides)."""

    customer = CustomerChoiceField(label=_("Customer"), queryset=Party.objects.none())
    delivery_date = forms.DateField(
        label=_("Delivery date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    currency = forms.CharField(
        label=_("Currency"), required=False, max_length=3, help_text=_("Blank: the customer's currency.")
    )
    payment_days = forms.IntegerField(label=_("Payment days (net)"), required=False, min_value=0, max_value=365)
    skonto_percent = forms.DecimalField(
        label=_("Skonto %"), required=False, max_digits=5, decimal_places=2, min_value=ZERO, max_value=HUNDRED
    )
    skonto_days = forms.IntegerField(label=_("Skonto days"), required=False, min_value=0, max_value=365)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["customer"].queryset = _customers()  # type: ignore[attr-defined]
        self._customer_choices_narrow()

    def _customer_choices_narrow(self) -> None:
        """The picker lists only the chosen customer; the htmx search offers others, so no page carries the registry."""
        chosen = self.data.get(self.add_prefix("customer")) if self.is_bound else self.initial.get("customer")
        field = self.fields["customer"]
        parties = _customers().filter(pk=chosen) if str(chosen or "").isdigit() else Party.objects.none()
        field.widget.choices = [("", "—"), *((party.pk, field.label_from_instance(party)) for party in parties)]  # type: ignore[attr-defined]

    def clean_currency(self) -> str:
        return str(self.cleaned_data.get("currency") or "").upper()


class LineForm(forms.Form):
    description = forms.CharField(label=_("Description"), max_length=500)
    quantity = forms.DecimalField(label=_("Quantity"), max_digits=18, decimal_places=4, initial=Decimal("1"))
    unit_code = forms.CharField(label=_("Unit"), max_length=3, initial="C62")
    unit_price = forms.DecimalField(label=_("Unit price"), max_digits=18, decimal_places=4, min_value=ZERO)
    discount_percent = forms.DecimalField(
        label=_("Discount %"), max_digits=5, decimal_places=2, min_value=ZERO, max_value=HUNDRED, initial=ZERO
    )
    tax_code = TaxCodeChoiceField(label=_("Tax code"), queryset=TaxRate.objects.none(), to_field_name="code")
    product = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tax_code"].queryset = TaxRate.objects.filter(is_active=True)  # type: ignore[attr-defined]


class PaymentForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount"), max_digits=18, decimal_places=2, min_value=Decimal("0.01"))
    paid_on = forms.DateField(label=_("Paid on"), widget=forms.DateInput(attrs={"type": "date"}))
    reference = forms.CharField(label=_("Reference"), required=False, max_length=140)


LineFormSet = forms.formset_factory(LineForm, extra=0, can_delete=True)


def line_initial(invoice: Invoice) -> list[dict[str, Any]]:
    return [
        {
            "description": line.description,
            "quantity": line.quantity.normalize(),
            "unit_code": line.unit_code,
            "unit_price": price_trimmed(line.unit_price),
            "discount_percent": line.discount_percent,
            "tax_code": line.tax_code.code,
            "product": line.product_id,
        }
        for line in invoice.lines.all()
    ]


def product_line_initial(product: Product) -> dict[str, Any]:
    """A new line starting from the product's defaults; the person can still change each."""
    return {
        "description": product.name,
        "quantity": Decimal("1"),
        "unit_code": product.unit,
        "unit_price": price_trimmed(product.unit_price),
        "discount_percent": ZERO,
        "tax_code": product.tax_code.code,
        "product": product.pk,
    }


def draft_initial(invoice: Invoice) -> dict[str, Any]:
    return {
        "customer": invoice.customer_id,
        "delivery_date": invoice.delivery_date,
        "currency": invoice.currency,
        "payment_days": invoice.payment_days,
        "skonto_percent": invoice.skonto_percent,
        "skonto_days": invoice.skonto_days,
        "notes": invoice.notes,
    }


def line_values(row: forms.Form) -> dict[str, Any]:
    """A valid line row as the line fields every document's service takes (invoice, quote)."""
    data = row.cleaned_data
    return {
        "description": data["description"],
        "quantity": data["quantity"],
        "unit_code": data["unit_code"],
        "unit_price": data["unit_price"],
        "discount_percent": data["discount_percent"],
        "tax_code": data["tax_code"].code,
        "product": data.get("product"),
    }


def draft_data(header: DraftForm, rows: list[forms.Form]) -> DraftData:
    """The service's input from valid forms."""
    data = header.cleaned_data
    return DraftData(
        customer=data["customer"].pk,
        lines=[LineData(**line_values(row)) for row in rows],
        currency=data["currency"],
        delivery_date=data["delivery_date"],
        payment_days=data["payment_days"],
        skonto_percent=data["skonto_percent"],
        skonto_days=data["skonto_days"],
        notes=data["notes"],
    )


def _line_input(row: forms.Form) -> LineInput:
    data = row.cleaned_data
    return line_input(
        quantity=data["quantity"],
        unit_code=data["unit_code"],
        unit_price=data["unit_price"],
        tax_code=data["tax_code"],
        discount_percent=data["discount_percent"] or ZERO,
    )


def live_document_input(header: DraftForm, formset: Any) -> DocumentInput | None:
    """What the editor shows totals for: the valid rows only, or None when there is nothing to total.

    Lines become engine input through the same `selectors.line_input` as saved invoices.
    """
    valid = [row for row in filled_rows(formset) if row.is_valid()]
    lines = [_line_input(row) for row in valid]
    codes = [row.cleaned_data["tax_code"] for row in valid]
    customer = header.cleaned_data.get("customer") if header.is_valid() else None
    currency = (header.cleaned_data.get("currency") if header.is_valid() else "") or (
        customer.currency if customer else connection.tenant.base_currency  # type: ignore[attr-defined]
    )
    exemptions = exemption_reasons_for(codes)
    doc = DocumentInput(currency=currency, lines=tuple(lines), exemption_reasons=exemptions)
    broken = {
        int(problem.field.split(".")[1]) for problem in document_problems(doc) if problem.field.startswith("lines.")
    }
    kept = tuple(line for index, line in enumerate(lines) if index not in broken)
    if not kept:
        return None
    return DocumentInput(currency=currency, lines=kept, exemption_reasons=exemptions)


class InvoicingSettingsForm(ModelFieldsForm):
    model = InvoicingSettings
    model_fields = EDITABLE_SETTINGS
