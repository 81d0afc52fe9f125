"""`manage.py validate_einvoice FILE... [--profile auto|peppol|xrechnung|en16931|ecf]`: exit 1 if any file is invalid.

The same validation the API and the send path run, for a file someone received or produced by hand.
It reads files only, no company's data, so it needs no tenant.
"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.einvoicing.validation import FAILING_FLAGS, PROFILES, einvoice_validate


class Command(BaseCommand):
    help = "Validate e-invoice XML files against the official XSD and Schematron rules (or the DGII e-CF schema)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument(
            "--profile",
            choices=("auto", *PROFILES),
            default="auto",
            help="Rule set; auto picks it per file from the CustomizationID (e-CF from the root element).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        paths = [Path(name) for name in options["files"]]
        unreadable = [str(path) for path in paths if not path.is_file()]
        if unreadable:
            raise CommandError(f"File not found: {', '.join(unreadable)}", returncode=2)
        invalid = 0
        for path in paths:
            result = einvoice_validate(path.read_bytes(), profile=options["profile"])
            if result.valid:
                self.stdout.write(self.style.SUCCESS(f"{path}: valid ({result.profile})"))
            else:
                invalid += 1
                self.stdout.write(self.style.ERROR(f"{path}: INVALID ({result.profile})"))
            for finding in result.findings:
                if finding.flag in FAILING_FLAGS or options["verbosity"] > 1:
                    self.stdout.write(f"  {finding.flag:<11} {finding.rule_id:<24} {finding.location}  {finding.text}")
        if invalid:
            raise CommandError(f"{invalid} of {len(paths)} file(s) are not valid e-invoices.")
