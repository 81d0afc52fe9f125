from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TaxesConfig(AppConfig):
    name = "apps.taxes"
    label = "taxes"
    verbose_name = _("Tax rates")
    business_module = True

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from apps.tenants.defaults import register_tenant_defaults

        from .models import TaxRate
        from .services import tax_rates_seed

        auditlog.register(TaxRate)
        register_tenant_defaults("taxes", tax_rates_seed)
