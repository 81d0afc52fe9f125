"""Quotes, orders and delivery notes in the accountant's workplace: to find and read.

They are written in the web UI or the API, whose services keep their state machines; here
they can only be looked at. Reading follows the invoicing view right, as everywhere in sales.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from apps.core.admin import tenant_admin_site
from apps.invoicing.admin import ReadOnlyInline
from apps.ledger.admin import ChangedOnlyByServicesAdmin

from .models import DeliveryNote, DeliveryNoteLine, OrderLine, Quote, QuoteLine, SalesOrder

LINE_FIELDS = ("position", "description", "quantity", "unit_code", "unit_price", "discount_percent", "tax_code")


class QuoteLineInline(ReadOnlyInline):
    model = QuoteLine
    fields = readonly_fields = LINE_FIELDS


class OrderLineInline(ReadOnlyInline):
    model = OrderLine
    fields = readonly_fields = LINE_FIELDS


class DeliveryNoteLineInline(ReadOnlyInline):
    model = DeliveryNoteLine
    fields = readonly_fields = ("position", "order_line", "quantity")


class ReadOnlySalesAdmin(ChangedOnlyByServicesAdmin):
    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return request.user.has_perm("invoicing.view_invoice")


@admin.register(Quote, site=tenant_admin_site)
class QuoteAdmin(ReadOnlySalesAdmin):
    list_display = ["__str__", "customer", "issue_date", "valid_until", "currency", "status"]
    list_filter = ["status", "currency"]
    search_fields = ["number", "customer__legal_name"]
    list_select_related = ["customer"]
    inlines = [QuoteLineInline]
    fields = ["status", "number", "customer", "currency", "issue_date", "valid_until", "notes"]


@admin.register(SalesOrder, site=tenant_admin_site)
class SalesOrderAdmin(ReadOnlySalesAdmin):
    list_display = ["__str__", "customer", "order_date", "quote", "currency", "status"]
    list_filter = ["status", "currency"]
    search_fields = ["number", "customer__legal_name", "quote__number"]
    list_select_related = ["customer", "quote"]
    inlines = [OrderLineInline]
    fields = ["status", "number", "quote", "customer", "currency", "order_date", "notes"]


@admin.register(DeliveryNote, site=tenant_admin_site)
class DeliveryNoteAdmin(ReadOnlySalesAdmin):
    list_display = ["__str__", "order", "delivered_on"]
    search_fields = ["number", "order__number", "order__customer__legal_name"]
    list_select_related = ["order"]
    inlines = [DeliveryNoteLineInline]
    fields = ["number", "order", "delivered_on", "notes"]
