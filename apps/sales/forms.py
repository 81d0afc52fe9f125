"""The sales pages' forms: the quote header (its lines use the invoice editor's line formset),
the lists' filters and the per-line quantities of a delivery or an invoice.

Forms only parse; the services decide, and the views put their refusals beside the field.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.invoicing.forms import CustomerChoiceField, line_values
from apps.parties.models import Party

from .models import Quote
from .selectors import LineProgress
from .services import QuantityData, QuoteData, SalesLineData

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class SalesFilterForm(forms.Form):
    """Search and status; each list passes its own document's statuses."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args: Any, statuses: Sequence[tuple[str, StrOrPromise]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", "—"), *statuses]  # type: ignore[attr-defined]


class QuoteForm(forms.Form):
    """The quote header; field names match the invoice editor's, so its live totals work here too."""

    customer = CustomerChoiceField(label=_("Customer"), queryset=Party.objects.none())
    valid_until = forms.DateField(
        label=_("Valid until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Blank: 30 days from today."),
    )
    currency = forms.CharField(
        label=_("Currency"), required=False, max_length=3, help_text=_("Blank: the customer's currency.")
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["customer"].queryset = Party.objects.filter(is_customer=True, is_active=True).order_by(  # type: ignore[attr-defined]
            "legal_name"
        )

    def clean_currency(self) -> str:
        return str(self.cleaned_data.get("currency") or "").upper()


def quote_initial(quote: Quote) -> dict[str, Any]:
    return {
        "customer": quote.customer_id,
        "valid_until": quote.valid_until,
        "currency": quote.currency,
        "notes": quote.notes,
    }


def quote_data(header: QuoteForm, rows: list[forms.Form]) -> QuoteData:
    """The service's input from the valid header and the filled line rows."""
    data = header.cleaned_data
    return QuoteData(
        customer=data["customer"].pk,
        valid_until=data["valid_until"],
        currency=data["currency"],
        notes=data["notes"],
        lines=[SalesLineData(**line_values(row)) for row in rows],
    )


class QuantitiesForm(forms.Form):
    """One quantity per order line (`line-<position>`), prefilled with what the action would take."""

    def __init__(self, *args: Any, progress: list[LineProgress], open_of: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.progress = progress
        for item in progress:
            self.fields[f"line-{item.line.position}"] = forms.DecimalField(
                label=item.line.description,
                required=False,
                min_value=Decimal("0"),
                max_digits=18,
                decimal_places=4,
                initial=getattr(item, open_of).normalize(),
            )

    def rows(self) -> list[tuple[LineProgress, forms.BoundField]]:
        return [(item, self[f"line-{item.line.position}"]) for item in self.progress]

    def quantities(self) -> list[QuantityData]:
        """The lines with a quantity above zero, in position order: entry i is the service's `lines.i`."""
        return [
            QuantityData(position=item.line.position, quantity=self.cleaned_data[f"line-{item.line.position}"])
            for item in self.progress
            if self.cleaned_data.get(f"line-{item.line.position}")
        ]
