from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DunningConfig(AppConfig):
    name = "apps.dunning"
    label = "dunning"
    verbose_name = _("Dunning")
    business_module = True

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from apps.tenants.defaults import register_demo_data, register_tenant_defaults

        from . import models
        from .demo import dunning_demo_seed
        from .services import dunning_levels_seed

        auditlog.register(models.DunningLevel)
        auditlog.register(models.DunningSettings)
        auditlog.register(models.DunningStop)
        register_tenant_defaults("dunning", dunning_levels_seed)
        register_demo_data("dunning", dunning_demo_seed)
