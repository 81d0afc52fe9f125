"""The party editor's forms: the party, its addresses and contacts, and the list's filters.

Fields and labels come from the models, but the forms only parse: `services.party_create`/`party_update`
check and normalize (tax ids per country, IBAN, Peppol id), and the views place their errors.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.forms import ModelFieldsForm
from apps.tenants.selectors import current_tenant

from .models import Address, Contact, Party

PARTY_FIELDS = [
    "legal_name",
    "is_customer",
    "is_supplier",
    "country",
    "tax_id",
    "fiscal_regime",
    "peppol_id",
    "iban",
    "bic",
    "email",
    "phone",
    "language",
    "currency",
    "payment_days",
    "skonto_percent",
    "skonto_days",
    "credit_limit",
    "is_active",
    "notes",
]
ADDRESS_FIELDS = ["kind", "line1", "line2", "postal_code", "city", "country"]
CONTACT_FIELDS = ["name", "role", "email", "phone"]


class PartyForm(ModelFieldsForm):
    model = Party
    model_fields = PARTY_FIELDS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["currency"].required = False
        self.fields["currency"].help_text = _("ISO 4217; blank: the company's currency.")
        self.fields["notes"].widget.attrs["rows"] = 2
        tenant = current_tenant()
        if tenant is None or tenant.country != "DO":
            # Only DGII reads it (the e-CF type); elsewhere it would be a question without a use.
            del self.fields["fiscal_regime"]

    def party_data(self) -> dict[str, Any]:
        """The service's keyword arguments; a blank currency is left out so the service picks the default."""
        data = dict(self.cleaned_data)
        if not data["currency"]:
            del data["currency"]
        return data


class AddressForm(ModelFieldsForm):
    model = Address
    model_fields = ADDRESS_FIELDS


class ContactForm(ModelFieldsForm):
    model = Contact
    model_fields = CONTACT_FIELDS


AddressFormSet = forms.formset_factory(AddressForm, extra=1, can_delete=True)
ContactFormSet = forms.formset_factory(ContactForm, extra=1, can_delete=True)


def party_initial(party: Party) -> dict[str, Any]:
    return {name: getattr(party, name) for name in PARTY_FIELDS}


def children_initial(party: Party) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The party's addresses and contacts as formset rows (both prefetched by `party_list`)."""
    addresses = [{name: getattr(row, name) for name in ADDRESS_FIELDS} for row in party.addresses.all()]
    contacts = [{name: getattr(row, name) for name in CONTACT_FIELDS} for row in party.contacts.all()]
    return addresses, contacts


class PartyFilterForm(forms.Form):
    """The list's filters; `DEFAULTS` fill what a request leaves out (a page link, a bare /parties/)."""

    ROLE_CHOICES = [("", _("Customers and suppliers")), ("customer", _("Customers")), ("supplier", _("Suppliers"))]
    ACTIVE_CHOICES = [("active", _("Active")), ("inactive", _("Inactive")), ("", _("All"))]
    DEFAULTS = {"q": "", "role": "", "active": "active"}

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    role = forms.ChoiceField(label=_("Role"), required=False, choices=ROLE_CHOICES)
    active = forms.ChoiceField(label=_("Status"), required=False, choices=ACTIVE_CHOICES)

    def __init__(self, query: Mapping[str, str]) -> None:
        super().__init__(self.DEFAULTS | {name: query[name] for name in self.DEFAULTS if name in query})

    def chosen(self) -> tuple[str, dict[str, object]]:
        """The search term and the filters as `party_list` takes them; invalid input means the defaults."""
        data = self.cleaned_data if self.is_valid() else self.DEFAULTS
        filters: dict[str, object] = {}
        if data["role"]:
            filters[f"is_{data['role']}"] = True
        if data["active"]:
            filters["is_active"] = data["active"] == "active"
        return data["q"], filters
