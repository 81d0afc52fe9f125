from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class CoreConfig(AppConfig):
    name = "apps.core"
    label = "core"
    verbose_name = "Platform"


class KontorAdminConfig(admin_apps.AdminConfig):
    """Makes the platform operators' console Django's default admin site."""

    default = False
    default_site = "apps.core.admin.PublicAdminSite"
