from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartiesConfig(AppConfig):
    name = "apps.parties"
    label = "parties"
    verbose_name = _("Customers and suppliers")
    business_module = True

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import Address, Contact, Party

        for model in (Party, Address, Contact):
            auditlog.register(model)
