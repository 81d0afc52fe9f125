"""The accountant's catalogue: saves and deactivation go through the same services as the API."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from apps.core.admin import tenant_admin_site

from .models import Product
from .services import UPDATABLE_FIELDS, product_create, product_deactivate, product_update


@admin.register(Product, site=tenant_admin_site)
class ProductAdmin(admin.ModelAdmin):
    list_display = [
        "number",
        "name",
        "kind",
        "unit",
        "unit_price",
        "currency",
        "tax_code",
        "revenue_account",
        "is_active",
    ]
    list_filter = ["kind", "is_active", "unit", "tax_code"]
    search_fields = ["number", "name", "gtin"]
    autocomplete_fields = ["tax_code", "revenue_account", "expense_account"]
    readonly_fields = ["created_at", "updated_at"]
    actions = ["deactivate"]

    def save_model(self, request: HttpRequest, obj: Product, form: ModelForm, change: bool) -> None:
        if change:
            data: dict[str, Any] = {f: form.cleaned_data[f] for f in form.changed_data if f in UPDATABLE_FIELDS}
            saved = product_update(product=obj, data=data)
        else:
            fields = {f: form.cleaned_data[f] for f in UPDATABLE_FIELDS if f in form.cleaned_data}
            saved = product_create(**fields)
        obj.pk = saved.pk

    def has_delete_permission(self, request: HttpRequest, obj: Product | None = None) -> bool:
        """Documents keep pointing at products: they are deactivated, never deleted."""
        return False

    @admin.action(description=_("Deactivate selected products"), permissions=["change"])
    def deactivate(self, request: HttpRequest, queryset: QuerySet[Product]) -> None:
        for product in queryset:
            product_deactivate(product=product)
        self.message_user(request, _("%(count)d products deactivated.") % {"count": len(queryset)}, messages.SUCCESS)
