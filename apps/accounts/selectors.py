"""Reads about sign-in: two-factor state and what the login rules demand."""

from __future__ import annotations

import segno
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.tenants.models import Tenant, User


def totp_device_confirmed(*, user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def totp_device_pending(*, user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()


def two_factor_required(*, user: User, tenant: Tenant | None) -> bool:
    """A second factor is needed if the user set one up or the company makes it mandatory."""
    return totp_device_confirmed(user=user) is not None or bool(tenant and tenant.require_two_factor)


def totp_qr_svg(*, device: TOTPDevice) -> str:
    """The provisioning URI as an inline SVG QR code, for authenticator apps."""
    return segno.make(device.config_url, error="m").svg_inline(scale=4)
