from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "apps.accounts"
    label = "accounts"
    verbose_name = _("Sign-in and security")

    def ready(self) -> None:
        from auditlog.registry import auditlog
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from . import schema  # noqa: F401  (registers the OpenAPI auth extension)

        # Turning two-factor login on or off is security-relevant; the secret itself is never logged.
        auditlog.register(TOTPDevice, include_fields=["user", "name", "confirmed"])
