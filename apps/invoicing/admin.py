"""Invoices in the accountant's workplace: searchable, read-only once issued, issued by action."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.admin import tenant_admin_site
from apps.core.errors import ApplicationError

from .models import Invoice, InvoiceDispatch, InvoiceLine, Payment, RecurringInvoice, RecurringInvoiceLine
from .services import invoice_issue, recurring_invoice_pause, recurring_invoice_resume, recurring_invoice_run


def each_applied(
    model_admin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Any], work: Callable[[Any], object]
) -> int:
    """Runs a service on each selected row; a refusal is shown for its row and the others go on."""
    done = 0
    for row in queryset.order_by("pk"):
        try:
            work(row)
            done += 1
        except ApplicationError as error:
            model_admin.message_user(request, f"{row}: {error.message}", messages.ERROR)
    return done


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
        issued = each_applied(self, request, queryset, lambda invoice: invoice_issue(invoice=invoice))
        if issued:
            self.message_user(request, _("Issued %(count)d invoice(s).") % {"count": issued}, messages.SUCCESS)


class RecurringLineInline(ReadOnlyInline):
    model = RecurringInvoiceLine
    fields = readonly_fields = (
        "position", "description", "quantity", "unit_code", "unit_price", "discount_percent", "tax_code",
    )  # fmt: skip


class RecurringInvoicedInline(ReadOnlyInline):
    model = Invoice
    fk_name = "recurring"
    verbose_name_plural = _("invoices made")
    fields = readonly_fields = ("recurring_period", "number", "status", "issue_date", "total_gross")


@admin.register(RecurringInvoice, site=tenant_admin_site)
class RecurringInvoiceAdmin(admin.ModelAdmin):
    """Templates are written in the web UI or the API; here they are checked, paused, resumed and billed."""

    list_display = ["name", "customer", "frequency", "interval", "next_run", "issued_count", "is_active", "last_error"]
    list_filter = ["is_active", "frequency", "auto_issue", "auto_send"]
    search_fields = ["name", "customer__legal_name"]
    list_select_related = ["customer"]
    inlines = [RecurringLineInline, RecurringInvoicedInline]
    actions = ["pause", "resume", "bill_now"]
    readonly_fields = [
        "name", "customer", "frequency", "interval", "start_date", "end_date", "max_count", "next_run", "issued_count",
        "is_active", "auto_issue", "auto_send", "last_run_on", "last_error",
    ]  # fmt: skip
    fields = [*readonly_fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: RecurringInvoice | None = None) -> bool:
        return False

    @admin.action(description=_("Pause selected recurring invoices"))
    def pause(self, request: HttpRequest, queryset: QuerySet[RecurringInvoice]) -> None:
        done = each_applied(self, request, queryset, lambda recurring: recurring_invoice_pause(recurring=recurring))
        self.message_user(request, _("Paused %(count)d.") % {"count": done}, messages.SUCCESS)

    @admin.action(description=_("Resume selected recurring invoices"))
    def resume(self, request: HttpRequest, queryset: QuerySet[RecurringInvoice]) -> None:
        today = timezone.localdate()
        done = each_applied(
            self, request, queryset, lambda recurring: recurring_invoice_resume(recurring=recurring, on=today)
        )
        self.message_user(request, _("Resumed %(count)d.") % {"count": done}, messages.SUCCESS)

    @admin.action(description=_("Bill the next period now"))
    def bill_now(self, request: HttpRequest, queryset: QuerySet[RecurringInvoice]) -> None:
        today = timezone.localdate()
        done = each_applied(
            self, request, queryset, lambda recurring: recurring_invoice_run(recurring=recurring, on=today)
        )
        if done:
            self.message_user(request, _("Made %(count)d invoice(s).") % {"count": done}, messages.SUCCESS)
