from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "apps.catalog"
    label = "catalog"
    verbose_name = _("Products and services")
    business_module = True

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import Product

        auditlog.register(Product, exclude_fields=["created_at", "updated_at"])
