"""Creates the demo companies and logins that `make run` prints; safe to run again."""

from typing import Any

from django.core.management.base import BaseCommand

from apps.tenants.demo import DEMO_PASSWORD, demo_seed
from apps.tenants.selectors import tenant_url


class Command(BaseCommand):
    help = "Create (or keep) the demo companies with their owner and a shared accountant."

    def handle(self, *args: Any, **options: Any) -> None:
        demo = demo_seed()
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS("Kontor is starting."))
        self.stdout.write(f"  Open      {tenant_url(tenant=demo.main_tenant)}")
        self.stdout.write(f"  Owner     {demo.owner_email} / {DEMO_PASSWORD}")
        self.stdout.write(f"  Accountant {demo.accountant_email} / {DEMO_PASSWORD}  (all three demo companies)")
        self.stdout.write(f"  Admin     {tenant_url(tenant=demo.main_tenant, path='/admin/')}")
        self.stdout.write(f"  API docs  {tenant_url(tenant=demo.main_tenant, path='/api/v1/docs/')}")
        self.stdout.write("")
