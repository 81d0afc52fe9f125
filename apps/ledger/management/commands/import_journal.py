"""`manage.py import_journal --tenant SLUG FILE.csv [--journal GJ] [--create-accounts]`

Posts every entry of the file into the company's books, or none: on any error it lists
them all (with their CSV rows) and exits with status 1.
"""

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_tenants.utils import tenant_context

from apps.core.errors import ApplicationError
from apps.ledger.services.csv_import import REQUIRED_COLUMNS, JournalImportError, journal_import
from apps.tenants.models import Tenant


class Command(BaseCommand):
    help = (
        f"Import journal entries from a CSV file ({','.join(REQUIRED_COLUMNS)}[,account_name,account_type]; "
        "dates YYYY-MM-DD, amounts with '.' decimals): all of them or, on any error, none."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--tenant", required=True, help="The company's web address (slug).")
        parser.add_argument("--journal", default="GJ", help="Journal code to post into (default GJ).")
        parser.add_argument(
            "--create-accounts",
            action="store_true",
            help="Create accounts the chart lacks, from the account_name and account_type columns.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        tenant = Tenant.objects.filter(slug=options["tenant"]).first()
        if tenant is None:
            raise CommandError(f"There is no company with the web address {options['tenant']!r}.")
        path: Path = options["file"]
        try:
            source = path.open("rb")
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}.") from exc
        started = time.perf_counter()
        try:
            with source, tenant_context(tenant):
                result = journal_import(
                    source=source, journal=options["journal"], create_accounts=options["create_accounts"]
                )
        except JournalImportError as exc:
            raise CommandError("\n".join([exc.message, *map(str, exc.problems)])) from exc
        except ApplicationError as exc:
            raise CommandError(f"{exc.field or 'error'}: {exc.message}") from exc
        seconds = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {result.entries} entries with {result.lines} lines into journal {options['journal']} "
                f"of {tenant.slug} in {seconds:.2f} s ({result.lines / seconds:,.0f} lines/s); "
                f"{result.accounts_created} accounts created. File digest {result.digest}."
            )
        )
