import time

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.tenants.models import Role
from apps.tenants.services import membership_grant
from apps.tenants.tests.factories import UserFactory


def code_for(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code an authenticator app shows now (or `steps_ahead` periods later)."""
    value = totp(device.bin_key, device.step, device.t0, device.digits, steps_ahead)
    return str(value).zfill(device.digits)


@pytest.fixture
def member_of():
    """`member_of(tenant, role, rights=None)`: a new user with a seat in the company."""

    def make(tenant, role=Role.MEMBER, rights=None):
        user = UserFactory()
        membership_grant(tenant=tenant, user=user, role=role, module_rights=rights)
        return user

    return make


@pytest.fixture
def totp_device():
    def make(user):
        return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)

    return make


@pytest.fixture
def frozen_step(monkeypatch):
    """Keeps codes stable across a test that straddles a 30-second boundary."""
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now)
    return now
