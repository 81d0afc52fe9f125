"""The accountant's view of the registry; saving goes through the same services as the API."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest

from apps.core.admin import tenant_admin_site

from .models import Address, Contact, Party
from .serializers import PARTY_FIELDS
from .services import party_create, party_update


class AddressInline(admin.TabularInline):
    model = Address
    extra = 0


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0


@admin.register(Party, site=tenant_admin_site)
class PartyAdmin(admin.ModelAdmin):
    list_display = ["number", "legal_name", "country", "tax_id", "is_customer", "is_supplier", "is_active"]
    list_filter = ["is_customer", "is_supplier", "is_active", "country", "language"]
    search_fields = ["number", "legal_name", "tax_id", "email", "iban"]
    readonly_fields = ["number"]
    inlines = [AddressInline, ContactInline]

    def save_model(self, request: HttpRequest, obj: Party, form: Any, change: bool) -> None:
        """The form has already run the model's checks; the service numbers the party and finds duplicates."""
        values = {name: getattr(obj, name) for name in PARTY_FIELDS}
        result = party_update(party=obj, **values) if change else party_create(**values)
        obj.pk, obj.number = result.party.pk, result.party.number
        for warning in result.warnings:
            messages.warning(request, warning["message"])
