from django.contrib import admin

from apps.core.admin import tenant_admin_site

from .models import TaxRate


@admin.register(TaxRate, site=tenant_admin_site)
class TaxRateAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "category", "rate", "valid_from", "valid_to", "is_active"]
    list_filter = ["category", "is_active"]
    search_fields = ["code", "name"]
