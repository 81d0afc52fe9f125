from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "apps.core"
    label = "core"
    verbose_name = _("Platform")

    def ready(self) -> None:
        from .logging import install_record_factory

        install_record_factory()


class KontorAdminConfig(admin_apps.AdminConfig):
    """Makes the platform operators' console Django's default admin site."""

    default = False
    default_site = "apps.core.admin.PublicAdminSite"
