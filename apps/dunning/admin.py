"""Dunning in the accountant's workplace: levels, settings, base rates and stops; notices read-only."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from apps.core.admin import tenant_admin_site

from .models import BaseRate, DunningLevel, DunningNotice, DunningSettings, DunningStop


@admin.register(DunningLevel, site=tenant_admin_site)
class DunningLevelAdmin(admin.ModelAdmin):
    list_display = ["level", "title", "days", "counts_from", "fee", "charges_interest"]
    ordering = ["level"]

    @admin.display(description=_("name"))
    def title(self, level: DunningLevel) -> str:
        return level.title


@admin.register(DunningSettings, site=tenant_admin_site)
class DunningSettingsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "interest_mode", "fixed_rate"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return super().has_add_permission(request) and not DunningSettings.objects.exists()


@admin.register(BaseRate, site=tenant_admin_site)
class BaseRateAdmin(admin.ModelAdmin):
    """The Bundesbank publishes a new rate each 1 January and 1 July; add it here."""

    list_display = ["valid_from", "rate"]


@admin.register(DunningStop, site=tenant_admin_site)
class DunningStopAdmin(admin.ModelAdmin):
    list_display = ["party", "stopped", "reason", "until", "updated_at"]
    list_filter = ["stopped"]
    list_select_related = ["party"]
    search_fields = ["party__legal_name", "reason"]
    raw_id_fields = ["party"]


@admin.register(DunningNotice, site=tenant_admin_site)
class DunningNoticeAdmin(admin.ModelAdmin):
    """Notices are made by the run or the web page; here they are found and checked."""

    list_display = ["notice_date", "invoice", "level", "total", "currency", "send_status"]
    list_filter = ["level", "send_status"]
    list_select_related = ["invoice", "level"]
    search_fields = ["invoice__number", "invoice__customer__legal_name"]
    date_hierarchy = "notice_date"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: DunningNotice | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: DunningNotice | None = None) -> bool:
        return False
