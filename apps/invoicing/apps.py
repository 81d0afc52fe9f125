from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InvoicingConfig(AppConfig):
    name = "apps.invoicing"
    label = "invoicing"
    verbose_name = _("Invoicing")
    business_module = True

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from apps.tenants.defaults import register_demo_data

        from . import models
        from .demo import invoicing_demo_seed

        auditlog.register(models.Invoice, exclude_fields=["updated_at"])
        auditlog.register(models.InvoiceLine)
        register_demo_data("invoicing", invoicing_demo_seed)
