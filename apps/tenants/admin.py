"""The platform operators' console: the tenant registry and the people in it."""

from django.contrib import admin

from .models import Domain, Membership, ModuleAccess, Tenant, User


class DomainInline(admin.TabularInline):
    model = Domain
    extra = 0


@admin.register(Tenant)
class TenantAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "country", "base_currency", "status", "require_two_factor", "created_at"]
    list_filter = ["country", "status"]
    search_fields = ["name", "slug", "tax_id"]
    readonly_fields = ["schema_name", "slug", "created_at"]
    inlines = [DomainInline]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False  # companies are created by provisioning (signup, API, create_tenant), never half-way here

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False  # a company's books are kept; suspend it instead


class ModuleAccessInline(admin.TabularInline):
    model = ModuleAccess
    extra = 0


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "tenant", "role", "is_active"]
    list_filter = ["role", "is_active", "tenant"]
    search_fields = ["user__email", "tenant__name"]
    autocomplete_fields = ["user", "tenant"]
    inlines = [ModuleAccessInline]


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ["email", "full_name", "is_active", "is_superuser", "last_login"]
    search_fields = ["email", "full_name"]
    exclude = ["password"]
    readonly_fields = ["last_login", "date_joined"]
