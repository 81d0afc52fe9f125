"""Creates and migrates the template schema that new companies are cloned from."""

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django_tenants.utils import schema_exists


class Command(BaseCommand):
    help = "Create the tenant template schema if missing and apply every tenant migration to it."

    def handle(self, *args: Any, **options: Any) -> None:
        template = settings.TENANT_BASE_SCHEMA
        if not schema_exists(template):
            with connection.cursor() as cursor:
                cursor.execute(f'CREATE SCHEMA "{template}"')
        call_command("migrate_schemas", schema_name=template, interactive=False, verbosity=options["verbosity"])
        if options["verbosity"]:
            self.stdout.write(f"Template schema {template} is up to date.")
