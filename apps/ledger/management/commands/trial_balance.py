"""`manage.py trial_balance --tenant SLUG --date YYYY-MM-DD [--from YYYY-MM-DD] [--format json|csv]`."""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_tenants.utils import get_public_schema_name, tenant_context

from apps.ledger.exports import csv_lines
from apps.ledger.selectors.statements import TrialBalance, trial_balance
from apps.tenants.models import Tenant

FIELDS = ("code", "name", "debit", "credit", "balance")


def _date(value: str, option: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{option} {value!r} is not a date; write YYYY-MM-DD.") from None


def _rows(report: TrialBalance) -> list[tuple[str, str, str, str, str]]:
    return [
        (row.account.code, row.account.name, str(row.debit), str(row.credit), str(row.balance)) for row in report.rows
    ]


class Command(BaseCommand):
    help = "Print a company's trial balance (one row per account that moved) as JSON or CSV."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--tenant", required=True, help="The company's slug.")
        parser.add_argument("--date", required=True, help="Last day included (YYYY-MM-DD).")
        parser.add_argument("--from", dest="from_date", help="First day included (YYYY-MM-DD); default: all.")
        parser.add_argument("--format", choices=("json", "csv"), default="json")

    def handle(self, *args: Any, **options: Any) -> None:
        to_date = _date(options["date"], "--date")
        from_date = _date(options["from_date"], "--from") if options["from_date"] else None
        if from_date and from_date > to_date:
            raise CommandError("--from is after --date.")
        tenant = Tenant.objects.exclude(schema_name=get_public_schema_name()).filter(slug=options["tenant"]).first()
        if tenant is None:
            raise CommandError(f"There is no company with the slug {options['tenant']!r}.")
        with tenant_context(tenant):
            rows = _rows(trial_balance(to_date=to_date, from_date=from_date))
        if options["format"] == "csv":
            for line in csv_lines(FIELDS, rows):
                self.stdout.write(line, ending="")
        else:
            self.stdout.write(
                json.dumps([dict(zip(FIELDS, row, strict=True)) for row in rows], ensure_ascii=False, indent=2)
            )
