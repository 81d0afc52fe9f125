"""The product editor and the list's filters. The forms parse; `services.product_create`/`product_update` decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.forms import ModelFieldsForm
from apps.ledger.models import Account, AccountType
from apps.taxes.models import TaxRate

from .models import Product
from .prices import price_trimmed
from .services import PRODUCT_FIELDS


def _postable(account_type: str) -> Any:
    return Account.objects.filter(type=account_type, is_postable=True, is_active=True).order_by("code")


class ProductForm(ModelFieldsForm):
    """Units are offered by name (UN/ECE Rec 20 codes behind them); accounts only of the fitting type."""

    model = Product
    model_fields = list(PRODUCT_FIELDS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["currency"].required = False
        self.fields["currency"].help_text = _("ISO 4217; blank: the company's currency.")
        self.fields["description"].widget.attrs["rows"] = 2
        self.fields["tax_code"].queryset = TaxRate.objects.filter(is_active=True).order_by("code")  # type: ignore[attr-defined]
        self.fields["revenue_account"].queryset = _postable(AccountType.INCOME)  # type: ignore[attr-defined]
        self.fields["revenue_account"].help_text = _("Blank: the chart's revenue account.")
        self.fields["expense_account"].queryset = _postable(AccountType.EXPENSE)  # type: ignore[attr-defined]


def product_initial(product: Product) -> dict[str, Any]:
    """The product's values, the price as people write it (65.50, not 65.5000)."""
    return {name: getattr(product, name) for name in PRODUCT_FIELDS} | {"unit_price": price_trimmed(product.unit_price)}


class ProductFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    inactive = forms.BooleanField(label=_("Include inactive"), required=False)
