"""The accountant's workplace for the books: charts, journal, periods.

Posted entries are read-only here as in the database; period and year actions call the
same services as the API.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.admin import tenant_admin_site
from apps.core.errors import ApplicationError

from .forms import EntryForm, LineFormSet, attach_error
from .models import Account, FiscalYear, JournalEntry, JournalLine, Period, TaxPosting
from .services import entry_post, entry_reverse, fiscal_year_close, period_close, period_reopen


@admin.register(Account, site=tenant_admin_site)
class AccountAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "type", "is_postable", "role", "default_tax_code", "is_active"]
    list_filter = ["type", "is_postable", "is_active"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["parent"]
    ordering = ["code"]

    def has_delete_permission(self, request: HttpRequest, obj: Account | None = None) -> bool:
        """Accounts with postings stay (deactivate them); the database would refuse anyway."""
        if obj is not None and obj.lines.exists():
            return False
        return super().has_delete_permission(request, obj)


@admin.register(TaxPosting, site=tenant_admin_site)
class TaxPostingAdmin(admin.ModelAdmin):
    list_display = ["tax_code", "output_account", "input_account", "self_assessment_rate"]
    autocomplete_fields = ["output_account", "input_account"]


class ChangedOnlyByServicesAdmin(admin.ModelAdmin):
    """Read-only in the admin: years open themselves, periods close and entries post through actions."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


def _run(modeladmin: admin.ModelAdmin, request: HttpRequest, action, objects: QuerySet, done: str) -> None:  # type: ignore[no-untyped-def]
    """Runs a service per selected object and reports each refusal by name."""
    count = 0
    for obj in objects:
        try:
            action(obj)
            count += 1
        except ApplicationError as error:
            modeladmin.message_user(request, f"{obj}: {error.message}", messages.ERROR)
    if count:
        modeladmin.message_user(request, done % {"count": count}, messages.SUCCESS)


class PeriodInline(admin.TabularInline):
    model = Period
    fields = readonly_fields = ("number", "kind", "start_date", "end_date", "status")
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(FiscalYear, site=tenant_admin_site)
class FiscalYearAdmin(ChangedOnlyByServicesAdmin):
    list_display = ["__str__", "start_date", "end_date", "status"]
    readonly_fields = ["status"]
    inlines = [PeriodInline]
    actions = ["close_year"]

    @admin.action(description=_("Close the year (carry forward balances)"))
    def close_year(self, request: HttpRequest, queryset: QuerySet[FiscalYear]) -> None:
        _run(
            self,
            request,
            lambda year: fiscal_year_close(tenant=request.tenant, fiscal_year=year, user=request.user),  # type: ignore[attr-defined, arg-type]
            queryset.order_by("start_date"),
            str(_("Closed %(count)d fiscal year(s).")),
        )


@admin.register(Period, site=tenant_admin_site)
class PeriodAdmin(ChangedOnlyByServicesAdmin):
    list_display = ["__str__", "kind", "start_date", "end_date", "status"]
    list_filter = ["status", "kind", "fiscal_year"]
    actions = ["close_periods", "reopen_periods"]

    @admin.action(description=_("Close selected periods"))
    def close_periods(self, request: HttpRequest, queryset: QuerySet[Period]) -> None:
        _run(
            self,
            request,
            lambda period: period_close(tenant=request.tenant, period=period, user=request.user),  # type: ignore[attr-defined, arg-type]
            queryset,
            str(_("Closed %(count)d period(s).")),
        )

    @admin.action(description=_("Reopen selected periods"))
    def reopen_periods(self, request: HttpRequest, queryset: QuerySet[Period]) -> None:
        _run(
            self,
            request,
            lambda period: period_reopen(tenant=request.tenant, period=period, user=request.user),  # type: ignore[attr-defined, arg-type]
            queryset,
            str(_("Reopened %(count)d period(s).")),
        )


class JournalLineInline(admin.TabularInline):
    model = JournalLine
    fields = readonly_fields = (
        "account",
        "debit",
        "credit",
        "description",
        "tax_code",
        "tax_side",
        "is_tax",
        "party_ref",
    )
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(JournalEntry, site=tenant_admin_site)
class JournalEntryAdmin(ChangedOnlyByServicesAdmin):
    """Entries are written by the posting service; here they are read, searched and reversed."""

    list_display = ["date", "reference", "description", "document_number", "state", "source_type"]
    list_filter = ["state", "journal", "fiscal_year"]
    search_fields = ["description", "document_number", "party_name", "number"]
    date_hierarchy = "date"
    list_select_related = ["journal", "fiscal_year"]
    inlines = [JournalLineInline]
    actions = ["reverse_entries"]
    readonly_fields = [
        "journal", "fiscal_year", "period", "number", "date", "description", "document_number",
        "party_name", "party_tax_id", "state", "source_type", "source_id", "reversal_of", "posted_at", "posted_by",
    ]  # fmt: skip

    def has_add_permission(self, request: HttpRequest) -> bool:
        return admin.ModelAdmin.has_add_permission(self, request)  # manual entries, through the posting service

    def add_view(self, request: HttpRequest, form_url: str = "", extra_context: dict | None = None) -> HttpResponse:
        """A manual entry: the header and its lines, posted at once through the posting service."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        data = request.POST if request.method == "POST" else None
        entry_form = EntryForm(data, initial={"date": timezone.localdate(), "journal": "GJ"})
        lines = LineFormSet(data, prefix="lines")
        if data is not None and entry_form.is_valid() and lines.is_valid():
            header = entry_form.cleaned_data
            try:
                entry = entry_post(
                    date=header["date"],
                    journal=header["journal"].code,
                    description=header["description"],
                    document_number=header["document_number"],
                    lines=[form.line_spec() for form in lines.forms if form.has_changed()],
                    posted_by=request.user,  # type: ignore[arg-type]
                )
            except ApplicationError as error:
                attach_error(error, entry_form, lines)
            else:
                self.message_user(request, _("Posted %(entry)s.") % {"entry": entry.reference}, messages.SUCCESS)
                return redirect(reverse(f"{self.admin_site.name}:ledger_journalentry_change", args=[entry.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": _("New journal entry"),
            "opts": self.model._meta,
            "entry_form": entry_form,
            "lines": lines,
        }
        return TemplateResponse(request, "admin/ledger/journalentry/add_entry.html", context)

    @admin.display(description=_("number"))
    def reference(self, entry: JournalEntry) -> str:
        return entry.reference

    @admin.action(description=_("Reverse selected entries"))
    def reverse_entries(self, request: HttpRequest, queryset: QuerySet[JournalEntry]) -> None:
        _run(
            self,
            request,
            lambda entry: entry_reverse(entry=entry, reversed_by=request.user),  # type: ignore[arg-type]
            queryset,
            str(_("Reversed %(count)d entries.")),
        )
