"""Invoices in the accountant's workplace: searchable, read-only once issued, issued by action."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from apps.core.admin import tenant_admin_site
from apps.core.errors import ApplicationError

from .models import Invoice, InvoiceDispatch, InvoiceLine, Payment
from .services import invoice_issue


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class LineInline(ReadOnlyInline):
    model = InvoiceLine
    fields = readonly_fields = (
        "position", "description", "quantity", "unit_code", "unit_price", "discount_percent", "tax_code",
    )  # fmt: skip


class PaymentInline(ReadOnlyInline):
    model = Payment
    fields = readonly_fields = ("kind", "paid_on", "amount", "discount_amount", "reference")


class DispatchInline(ReadOnlyInline):
    model = InvoiceDispatch
    fields = readonly_fields = ("queued_at", "recipients", "status", "sent_at", "error")


@admin.register(Invoice, site=tenant_admin_site)
class InvoiceAdmin(admin.ModelAdmin):
    """Drafts are written in the web UI or the API; here they are found, checked and issued."""

    list_display = ["__str__", "kind", "customer", "issue_date", "due_date", "total_gross", "currency", "status"]
    list_filter = ["status", "kind", "send_status", "currency"]
    search_fields = ["number", "customer__legal_name", "customer_name", "buyer_reference"]
    date_hierarchy = "issue_date"
    list_select_related = ["customer"]
    inlines = [LineInline, PaymentInline, DispatchInline]
    actions = ["issue_drafts"]
    readonly_fields = [
        "kind", "status", "number", "customer", "corrects", "issue_date", "delivery_date", "due_date", "currency",
        "exchange_rate", "total_net", "total_tax", "total_gross", "amount_due", "send_status", "ledger_entry_id",
    ]  # fmt: skip
    fields = [*readonly_fields, "notes"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Invoice | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Invoice | None = None) -> bool:
        return super().has_change_permission(request, obj) and (obj is None or obj.is_draft)

    @admin.action(description=_("Issue selected drafts"))
    def issue_drafts(self, request: HttpRequest, queryset: QuerySet[Invoice]) -> None:
        issued = 0
        for invoice in queryset.order_by("pk"):
            try:
                invoice_issue(invoice=invoice)
                issued += 1
            except ApplicationError as error:
                self.message_user(request, f"{invoice}: {error.message}", messages.ERROR)
        if issued:
            self.message_user(request, _("Issued %(count)d invoice(s).") % {"count": issued}, messages.SUCCESS)
