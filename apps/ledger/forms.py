"""The accountant's manual entry form in the admin: a header and a formset of lines."""

from __future__ import annotations

import re
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.errors import ApplicationError
from apps.taxes.models import TaxRate

from .models import Account, Journal, TaxSide
from .services import LineSpec

AMOUNT = {"max_digits": 18, "decimal_places": 2, "min_value": Decimal("0")}


class EntryForm(forms.Form):
    date = forms.DateField(label=_("date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    journal = forms.ModelChoiceField(Journal.objects.all(), label=_("journal"), to_field_name="code")
    description = forms.CharField(label=_("description"), max_length=255, required=False)
    document_number = forms.CharField(label=_("document number"), max_length=36, required=False)


class LineForm(forms.Form):
    account = forms.ModelChoiceField(
        Account.objects.filter(is_postable=True, is_active=True), label=_("account"), to_field_name="code"
    )
    debit = forms.DecimalField(
        label=_("debit"), max_digits=18, decimal_places=2, min_value=Decimal("0"), required=False
    )
    credit = forms.DecimalField(
        label=_("credit"), max_digits=18, decimal_places=2, min_value=Decimal("0"), required=False
    )
    description = forms.CharField(label=_("text"), max_length=255, required=False)
    tax_code = forms.ModelChoiceField(TaxRate.objects.filter(is_active=True), label=_("tax code"), required=False)
    tax_side = forms.ChoiceField(label=_("tax side"), choices=[("", "—"), *TaxSide.choices], required=False)
    is_tax = forms.BooleanField(label=_("tax amount"), required=False)

    def line_spec(self) -> LineSpec:
        data = self.cleaned_data
        return LineSpec(
            account=data["account"].code,
            debit=data["debit"] or Decimal("0.00"),
            credit=data["credit"] or Decimal("0.00"),
            description=data["description"],
            tax_code=data["tax_code"].code if data["tax_code"] else "",
            tax_side=data["tax_side"],
            is_tax=data["is_tax"],
        )


LineFormSet = forms.formset_factory(LineForm, extra=4, min_num=2, validate_min=True)


def attach_error(error: ApplicationError, entry_form: EntryForm, lines: forms.BaseFormSet) -> None:
    """Shows a posting service refusal next to the field it names (`lines.1.debit`, `date`)."""
    match = re.fullmatch(r"lines\.(\d+)\.(\w+)", error.field or "")
    filled = [form for form in lines.forms if form.has_changed()]
    if match and int(match[1]) < len(filled):
        filled[int(match[1])].add_error(match[2], error.message)
    elif error.field in entry_form.fields:
        entry_form.add_error(error.field, error.message)
    else:
        entry_form.add_error(None, error.message)
