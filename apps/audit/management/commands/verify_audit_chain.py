"""`manage.py verify_audit_chain [--schema S]`: exits 1 if any schema's audit trail was tampered with."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_tenants.utils import get_public_schema_name, get_tenant_model, schema_context

from apps.audit.selectors import audit_chain_problems


class Command(BaseCommand):
    help = "Verify the hash chain of the audit trail in the public schema and every tenant schema."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--schema", action="append", help="Only these schemas (repeatable).")

    def handle(self, *args: Any, **options: Any) -> None:
        schemas = options["schema"] or [get_public_schema_name(), *self._tenant_schemas()]
        broken = 0
        for schema in schemas:
            with schema_context(schema):
                problems = audit_chain_problems()
            if problems:
                broken += 1
                for problem in problems:
                    self.stdout.write(self.style.ERROR(f"{schema}: {problem}"))
            else:
                self.stdout.write(self.style.SUCCESS(f"{schema}: intact"))
        if broken:
            raise CommandError(f"The audit trail of {broken} schema(s) was changed outside the application.")

    @staticmethod
    def _tenant_schemas() -> list[str]:
        return list(
            get_tenant_model()
            .objects.exclude(schema_name=get_public_schema_name())
            .values_list("schema_name", flat=True)
        )
