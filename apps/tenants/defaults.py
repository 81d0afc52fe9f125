"""Country defaults that domain apps seed into every new company.

A domain app registers a seeder in its AppConfig.ready(); provisioning runs them all
inside the new tenant's schema, in the provisioning transaction. The tenants app so
never imports the apps that build on it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import Tenant

TenantSeeder = Callable[["Tenant"], None]
_seeders: dict[str, TenantSeeder] = {}


def register_tenant_defaults(name: str, seeder: TenantSeeder) -> None:
    """Registers `seeder` under `name`; registering a name twice replaces the first."""
    _seeders[name] = seeder


def seed_tenant_defaults(tenant: Tenant) -> None:
    """Runs every registered seeder; the caller has already switched to the tenant's schema."""
    for seeder in _seeders.values():
        seeder(tenant)


_demo_seeders: dict[str, TenantSeeder] = {}


def register_demo_data(name: str, seeder: TenantSeeder) -> None:
    """Registers sample business data for `make run`'s demo companies (never for real ones)."""
    _demo_seeders[name] = seeder


def seed_demo_data(tenant: Tenant) -> None:
    """Runs every demo seeder; the caller has already switched to the tenant's schema."""
    for seeder in _demo_seeders.values():
        seeder(tenant)
