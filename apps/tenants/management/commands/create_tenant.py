"""`manage.py create_tenant --slug acme --name "Acme GmbH" --country DE --owner-email ... --owner-password ...`"""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.core.errors import ApplicationError
from apps.tenants.countries import Country
from apps.tenants.selectors import tenant_url
from apps.tenants.services import tenant_provision


class Command(BaseCommand):
    help = "Create a company with its schema, host and owner, and print its URL."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--slug", required=True)
        parser.add_argument("--name", required=True)
        parser.add_argument("--country", required=True, choices=Country.values)
        parser.add_argument("--owner-email", required=True)
        parser.add_argument("--owner-password", required=True)
        parser.add_argument("--owner-name", default="")
        parser.add_argument("--tax-id", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            tenant = tenant_provision(
                slug=options["slug"],
                name=options["name"],
                country=options["country"],
                owner_email=options["owner_email"],
                owner_password=options["owner_password"],
                owner_name=options["owner_name"],
                tax_id=options["tax_id"],
            )
        except ApplicationError as exc:
            raise CommandError(f"{exc.field or 'error'}: {exc.message}") from exc
        except ValidationError as exc:
            messages = "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in exc.message_dict.items())
            raise CommandError(messages) from exc
        self.stdout.write(tenant_url(tenant=tenant))
