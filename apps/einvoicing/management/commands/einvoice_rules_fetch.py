"""`manage.py einvoice_rules_fetch [--only einvoice|ecf] [--force]`: download the validation artefacts.

The artefacts are published data we never commit (see `apps/einvoicing/rules_sources.py`); this puts
them where the settings point (`EINVOICE_RULES_DIR`, `ECF_RULES_DIR`) on a fresh set-up. Every file
is checked against the sha256 the kits record before it is written, because the validator trusts
whatever it finds there. `EINVOICE_RULES_MIRROR` replaces the publishers' URLs by
`<mirror>/<path>` for companies whose servers may only reach an internal mirror.
It touches files only, no company's data, so it needs no tenant.
"""

import hashlib
import os
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.einvoicing.rules_sources import SOURCES, RulesSource


class Command(BaseCommand):
    help = "Download the official e-invoice validation artefacts (XSD, Schematron XSLT, DGII e-CF XSD)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--only", choices=("einvoice", "ecf"), help="Fetch one kit only.")
        parser.add_argument("--force", action="store_true", help="Download again files already in place.")
        parser.add_argument(
            "--path-prefix", default="", help="Only the files whose path starts with this, e.g. artifacts/cii-d16b/."
        )
        parser.add_argument(
            "--timeout", type=float, default=60.0, help="Seconds to wait for each download (default %(default)s)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        sources = [
            source
            for source in SOURCES
            if options["only"] in (None, source.kit) and source.path.startswith(options["path_prefix"])
        ]
        if not sources:
            raise CommandError("No artefact matches --only/--path-prefix.")
        failures = 0
        for source in sources:
            target = _target(source)
            if not options["force"] and target.is_file() and _sha256(target.read_bytes()) == source.sha256:
                self.stdout.write(f"{source.path}: present")
                continue
            url = _url(source)
            try:
                with urllib.request.urlopen(url, timeout=options["timeout"]) as response:  # noqa: S310 (https or the mirror)
                    content = response.read()
            except OSError as error:  # URLError, HTTPError, timeouts, a connection cut while reading
                failures += 1
                reason = f"HTTP {error.code}" if isinstance(error, urllib.error.HTTPError) else str(error)
                self.stderr.write(f"{source.path}: download failed from {url}: {reason}")
                continue
            digest = _sha256(content)
            if digest != source.sha256:
                failures += 1
                self.stderr.write(
                    f"{source.path}: REFUSED, sha256 {digest} from {url} is not the expected {source.sha256}; "
                    "nothing written"
                )
                continue
            _write_atomically(target, content)
            self.stdout.write(self.style.SUCCESS(f"{source.path}: downloaded ({len(content)} bytes)"))
        if failures:
            raise CommandError(f"{failures} of {len(sources)} artefact(s) could not be fetched.")


def _target(source: RulesSource) -> Path:
    folder = settings.EINVOICE_RULES_DIR if source.kit == "einvoice" else settings.ECF_RULES_DIR
    return Path(folder) / source.path


def _url(source: RulesSource) -> str:
    mirror = settings.EINVOICE_RULES_MIRROR
    return f"{mirror.rstrip('/')}/{urllib.parse.quote(source.path)}" if mirror else source.url


def _sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _write_atomically(target: Path, content: bytes) -> None:
    """Temp file in the same folder, then rename: the validator never opens a half-written artefact."""
    target.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(content)
        os.chmod(temporary, 0o644)  # published data; mkstemp's 0600 would hide it from the web server's user
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
