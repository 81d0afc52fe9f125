from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SalesConfig(AppConfig):
    name = "apps.sales"
    label = "sales"
    verbose_name = _("Quotes, orders and delivery notes")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from apps.tenants.defaults import register_demo_data

        from . import models
        from .demo import sales_demo_seed

        auditlog.register(models.Quote, exclude_fields=["updated_at"])
        auditlog.register(models.QuoteLine)
        auditlog.register(models.SalesOrder, exclude_fields=["updated_at"])
        auditlog.register(models.DeliveryNote)
        register_demo_data("sales", sales_demo_seed)
