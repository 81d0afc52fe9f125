from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TenantsConfig(AppConfig):
    name = "apps.tenants"
    label = "tenants"
    verbose_name = _("Companies and members")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import Domain, Membership, ModuleAccess, Tenant, User

        auditlog.register(Tenant)
        auditlog.register(Domain)
        auditlog.register(Membership)
        auditlog.register(ModuleAccess)
        auditlog.register(User, exclude_fields=["password", "last_login"])
