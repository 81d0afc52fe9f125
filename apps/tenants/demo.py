"""The demo data behind `make run`: three companies, one per market, and an accountant serving all."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django_tenants.utils import tenant_context

from .defaults import seed_demo_data
from .models import Role, Tenant, User
from .services import membership_grant, tenant_provision

DEMO_PASSWORD = "kontor-demo-2026"
DEMO_COMPANIES = [
    {
        "slug": "demo",
        "name": "Schreinerei Holzmann GmbH",
        "country": "DE",
        "tax_id": "DE136695976",
        "address_line": "Werkstattweg 12",
        "postal_code": "80331",
        "city": "München",
        "owner_email": "owner@demo.kontor",
    },
    {
        "slug": "demo-be",
        "name": "Studio Claes BV",
        "country": "BE",
        "tax_id": "BE0403019261",
        "address_line": "Kouter 7",
        "postal_code": "9000",
        "city": "Gent",
        "owner_email": "owner@demo-be.kontor",
    },
    {
        "slug": "demo-do",
        "name": "Colmado La Esquina SRL",
        "country": "DO",
        "tax_id": "131246796",
        "address_line": "Calle El Conde 105",
        "postal_code": "10210",
        "city": "Santo Domingo",
        "owner_email": "owner@demo-do.kontor",
    },
]
ACCOUNTANT_EMAIL = "accountant@demo.kontor"


@dataclass(frozen=True)
class Demo:
    main_tenant: Tenant
    owner_email: str
    accountant_email: str


@transaction.atomic
def demo_seed() -> Demo:
    tenants = []
    for company in DEMO_COMPANIES:
        tenant = Tenant.objects.filter(slug=company["slug"]).first()
        if tenant is None:
            tenant = tenant_provision(owner_password=DEMO_PASSWORD, **company)
            with tenant_context(tenant):
                seed_demo_data(tenant)
        tenants.append(tenant)
    accountant = User.objects.filter(email=ACCOUNTANT_EMAIL).first() or User.objects.create_user(
        ACCOUNTANT_EMAIL, DEMO_PASSWORD, full_name="Petra Berger (Steuerberatung)"
    )
    for tenant in tenants:
        membership_grant(tenant=tenant, user=accountant, role=Role.ACCOUNTANT)
    return Demo(tenants[0], DEMO_COMPANIES[0]["owner_email"], ACCOUNTANT_EMAIL)
