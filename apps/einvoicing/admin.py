"""e-NCF ranges and the e-CF certificate in the accountant's workplace, with expiry warnings.

Both are written only through the services: a range is never edited once numbers were taken
from it, and a certificate is replaced by uploading a new one.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.admin import tenant_admin_site
from apps.core.errors import ApplicationError

from .models import EcfCertificate, EinvoiceTransmission, EncfRange, PurchaseEcf, PurchaseEcfLine
from .selectors import SetupState, ecf_certificate_state, encf_range_state
from .services import ecf_certificate_check, ecf_certificate_upload, encf_range_check, encf_range_create


def _warning(state: SetupState) -> str:
    return f"⚠ {state.note}" if state.note else ""


def _field_error(form: forms.BaseForm, error: ApplicationError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


class EncfRangeForm(forms.ModelForm):
    class Meta:
        model = EncfRange
        fields = ["ecf_type", "first_number", "last_number", "expires_on"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors:
            try:
                encf_range_check(
                    ecf_type=data["ecf_type"], first_number=data["first_number"], last_number=data["last_number"]
                )
            except ApplicationError as error:
                _field_error(self, error)
        return data


@admin.register(EncfRange, site=tenant_admin_site)
class EncfRangeAdmin(admin.ModelAdmin):
    form = EncfRangeForm
    list_display = ("ecf_type", "first_number", "last_number", "next_number", "remaining", "expires_on", "warning")
    list_filter = ("ecf_type",)

    @admin.display(description=_("warning"))
    def warning(self, obj: EncfRange) -> str:
        return _warning(encf_range_state(encf_range=obj, today=timezone.localdate()))

    def get_readonly_fields(self, request: HttpRequest, obj: EncfRange | None = None) -> tuple[str, ...]:
        return ("ecf_type", "first_number", "last_number", "expires_on", "next_number") if obj else ()

    def has_delete_permission(self, request: HttpRequest, obj: EncfRange | None = None) -> bool:
        return False  # issued numbers point into it; DGII voids unused ones (ANECF), we do not forget them

    def save_model(self, request: HttpRequest, obj: EncfRange, form: forms.ModelForm, change: bool) -> None:
        if change:
            return
        obj.pk = encf_range_create(
            ecf_type=obj.ecf_type, first_number=obj.first_number, last_number=obj.last_number, expires_on=obj.expires_on
        ).pk


class EcfCertificateForm(forms.ModelForm):
    p12 = forms.FileField(label=_("certificate (.p12 / .pfx)"))
    password = forms.CharField(label=_("password"), widget=forms.PasswordInput, required=False, strip=False)

    class Meta:
        model = EcfCertificate
        fields: list[str] = []

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("p12") is not None:
            data["p12_bytes"] = data["p12"].read()
            try:
                ecf_certificate_check(p12=data["p12_bytes"], password=data.get("password", ""))
            except ApplicationError as error:
                _field_error(self, error)
        return data


@admin.register(EcfCertificate, site=tenant_admin_site)
class EcfCertificateAdmin(admin.ModelAdmin):
    list_display = ("subject_name", "subject_rnc", "valid_from", "valid_to", "warning", "uploaded_at")
    readonly_fields = ("subject_name", "subject_rnc", "valid_from", "valid_to", "uploaded_at")

    @admin.display(description=_("warning"))
    def warning(self, obj: EcfCertificate) -> str:
        return _warning(ecf_certificate_state(certificate=obj, today=timezone.localdate()))

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        if obj is None:
            kwargs["form"] = EcfCertificateForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_readonly_fields(self, request: HttpRequest, obj: EcfCertificate | None = None) -> tuple[str, ...]:
        return self.readonly_fields if obj else ()

    def get_fields(self, request: HttpRequest, obj: EcfCertificate | None = None) -> Any:
        return list(self.readonly_fields) if obj else ["p12", "password"]

    def has_change_permission(self, request: HttpRequest, obj: EcfCertificate | None = None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: EcfCertificate, form: forms.ModelForm, change: bool) -> None:
        data = form.cleaned_data
        saved = ecf_certificate_upload(p12=data["p12_bytes"], password=data.get("password", ""))
        obj.pk, obj.subject_name, obj.subject_rnc = saved.pk, saved.subject_name, saved.subject_rnc  # for the log


@admin.register(EinvoiceTransmission, site=tenant_admin_site)
class EinvoiceTransmissionAdmin(admin.ModelAdmin):
    """Read-only: a transmission is the record of what went to the network, written only by the services."""

    list_display = (
        "invoice",
        "purchase",
        "format_key",
        "status",
        "reason",
        "receiver_id",
        "message_id",
        "attempts",
        "created_at",
    )
    list_filter = ("status", "format_key")
    search_fields = ("invoice__number", "purchase__encf", "receiver_id", "message_id")
    list_select_related = ("invoice", "purchase")
    exclude = ("document",)

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).defer("document")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: EinvoiceTransmission | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: EinvoiceTransmission | None = None) -> bool:
        return False


class PurchaseEcfLineInline(admin.TabularInline):
    model = PurchaseEcfLine
    fields = (
        "position",
        "description",
        "quantity",
        "unit_price",
        "itbis_bucket",
        "amount",
        "itbis_withheld",
        "isr_withheld",
    )
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(PurchaseEcf, site=tenant_admin_site)
class PurchaseEcfAdmin(admin.ModelAdmin):
    """Read-only for accountants: purchase e-CF are issued signed through the API, and never edited afterwards."""

    list_display = ("encf", "ecf_type", "issue_date", "supplier_name", "total", "itbis_withheld", "isr_withheld")
    list_filter = ("ecf_type", "issue_date")
    search_fields = ("encf", "supplier_name", "supplier_tax_id")
    date_hierarchy = "issue_date"
    exclude = ("document",)
    inlines = [PurchaseEcfLineInline]

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).defer("document")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: PurchaseEcf | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: PurchaseEcf | None = None) -> bool:
        return False
