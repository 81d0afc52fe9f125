from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    name = "apps.ledger"
    label = "ledger"
    verbose_name = _("Accounting")
    business_module = True

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from apps.tenants.defaults import register_demo_data, register_tenant_defaults

        from . import models
        from .demo import ledger_demo_seed
        from .services.setup import ledger_seed

        for model in (models.LedgerSettings, models.Account, models.TaxPosting, models.FiscalYear, models.Period):
            auditlog.register(model)
        auditlog.register(models.JournalEntry, exclude_fields=["created_at"])
        # Runs after the taxes app's seeder (INSTALLED_APPS order): tax postings need the codes.
        register_tenant_defaults("ledger", ledger_seed)
        register_demo_data("ledger", ledger_demo_seed)
