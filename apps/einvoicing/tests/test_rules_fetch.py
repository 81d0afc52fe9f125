"""`manage.py einvoice_rules_fetch`: what it writes, what it skips, what it refuses.

The "publisher" is a local http.server reached through EINVOICE_RULES_MIRROR, serving copies of the
workplace kits made at test time: no network, and no artefact committed.
"""

from __future__ import annotations

import hashlib
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from apps.einvoicing.rules_sources import SOURCES
from apps.einvoicing.validation import _ECF_TYPES, _LAYERS, _XSD, einvoice_validate

CII = "artifacts/cii-d16b/"
CII_MAIN = "artifacts/cii-d16b/CrossIndustryInvoice_100pD16B.xsd"


@dataclass
class Rules:
    """The publisher's folder, the paths it was asked for, and the kits as the workplace has them."""

    published: Path
    requests: list[str]
    einvoice_kit: Path
    ecf_kit: Path
    einvoice_dir: Path
    ecf_dir: Path
    last_output: tuple[str, str] = ("", "")  # stdout, stderr of the last fetch, also when it raised

    def kit_file(self, path: str) -> Path:
        return (self.ecf_kit if path.startswith("schemas/") else self.einvoice_kit) / path

    def publish(self, prefix: str) -> list[str]:
        paths = [source.path for source in SOURCES if source.path.startswith(prefix)]
        for path in paths:
            (self.published / path).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(self.kit_file(path), self.published / path)
        return paths

    def fetch(self, *arguments: str) -> tuple[str, str]:
        out, err = StringIO(), StringIO()
        try:
            call_command("einvoice_rules_fetch", *arguments, stdout=out, stderr=err)
        finally:
            self.last_output = (out.getvalue(), err.getvalue())
        return self.last_output

    def leftovers(self) -> list[Path]:
        return [path for path in self.einvoice_dir.rglob(".*") if path.is_file()]


@pytest.fixture
def rules(settings: Any, tmp_path: Path) -> Iterator[Rules]:
    requests: list[str] = []

    class Handler(SimpleHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append(self.path)
            super().do_GET()

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: the requests list is what the tests look at."""

    published = tmp_path / "mirror"
    published.mkdir()
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Handler, directory=str(published)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state = Rules(
        published=published,
        requests=requests,
        einvoice_kit=Path(settings.EINVOICE_RULES_DIR),
        ecf_kit=Path(settings.ECF_RULES_DIR),
        einvoice_dir=tmp_path / "einvoice",
        ecf_dir=tmp_path / "ecf",
    )
    settings.EINVOICE_RULES_DIR = state.einvoice_dir
    settings.ECF_RULES_DIR = state.ecf_dir
    settings.EINVOICE_RULES_MIRROR = f"http://127.0.0.1:{server.server_address[1]}/"
    yield state
    server.shutdown()
    server.server_close()
    thread.join()


def test_files_are_downloaded_verified_and_written_then_skipped(rules: Rules) -> None:
    paths = rules.publish(CII)

    out, err = rules.fetch("--path-prefix", CII)

    assert err == ""
    assert out.splitlines() == [f"{path}: downloaded ({rules.kit_file(path).stat().st_size} bytes)" for path in paths]
    for path in paths:
        assert (rules.einvoice_dir / path).read_bytes() == rules.kit_file(path).read_bytes()
    assert rules.leftovers() == []
    assert len(rules.requests) == 4

    out, err = rules.fetch("--path-prefix", CII)

    assert out.splitlines() == [f"{path}: present" for path in paths]
    assert len(rules.requests) == 4  # nothing asked of the publisher the second time


def test_force_downloads_again_and_a_stale_file_is_replaced(rules: Rules) -> None:
    rules.publish(CII)
    rules.fetch("--path-prefix", CII)
    (rules.einvoice_dir / CII_MAIN).write_bytes(b"<stale/>")

    out, _ = rules.fetch("--path-prefix", CII)

    assert out.count(": downloaded") == 1
    assert (rules.einvoice_dir / CII_MAIN).read_bytes() == rules.kit_file(CII_MAIN).read_bytes()

    out, _ = rules.fetch("--path-prefix", CII, "--force")

    assert out.count(": downloaded") == 4
    assert len(rules.requests) == 4 + 1 + 4


def test_ecf_schemas_go_to_the_ecf_folder_and_their_names_are_url_quoted(rules: Rules) -> None:
    (path,) = rules.publish("schemas/e-CF 31 ")

    rules.fetch("--only", "ecf", "--path-prefix", "schemas/e-CF 31 ")

    assert rules.requests == ["/schemas/e-CF%2031%20v.1.0.xsd"]
    assert (rules.ecf_dir / path).read_bytes() == rules.kit_file(path).read_bytes()
    assert not rules.einvoice_dir.exists()


def test_a_tampered_file_is_refused_and_nothing_is_written_for_it(rules: Rules) -> None:
    rules.publish(CII)
    tampered = rules.published / CII_MAIN
    tampered.write_bytes(tampered.read_bytes().replace(b"</xsd:schema>", b"<!-- x --></xsd:schema>"))

    with pytest.raises(CommandError, match=r"1 of 4 artefact\(s\) could not be fetched") as raised:
        rules.fetch("--path-prefix", CII)

    assert raised.value.returncode == 1
    out, err = rules.last_output
    expected = next(source.sha256 for source in SOURCES if source.path == CII_MAIN)
    assert err.startswith(f"{CII_MAIN}: REFUSED, sha256 ")
    assert f"is not the expected {expected}; nothing written" in err
    assert not (rules.einvoice_dir / CII_MAIN).exists()
    assert out.count(": downloaded") == 3  # the others are verified on their own
    assert rules.leftovers() == []


def test_a_tampered_file_never_replaces_a_good_one_even_with_force(rules: Rules) -> None:
    rules.publish(CII)
    rules.fetch("--path-prefix", CII)
    good = (rules.einvoice_dir / CII_MAIN).read_bytes()
    (rules.published / CII_MAIN).write_bytes(b"<xsd:schema/>")

    with pytest.raises(CommandError):
        rules.fetch("--path-prefix", CII_MAIN, "--force")

    assert (rules.einvoice_dir / CII_MAIN).read_bytes() == good


def test_a_missing_file_on_the_server_is_reported_as_404(rules: Rules) -> None:
    rules.publish(CII)
    (rules.published / CII_MAIN).unlink()

    with pytest.raises(CommandError, match=r"1 of 4 artefact\(s\)"):
        rules.fetch("--path-prefix", CII)

    _, err = rules.last_output
    assert err.splitlines() == [
        f"{CII_MAIN}: download failed from {settings.EINVOICE_RULES_MIRROR}{CII_MAIN}: HTTP 404"
    ]
    assert not (rules.einvoice_dir / CII_MAIN).exists()


def test_a_prefix_matching_nothing_is_an_error(rules: Rules) -> None:
    with pytest.raises(CommandError, match="No artefact matches"):
        rules.fetch("--only", "ecf", "--path-prefix", CII)

    assert rules.requests == []


def test_the_sources_are_exactly_what_the_validator_reads() -> None:
    """Each `_XSD` and `_LAYERS` file and each e-CF schema is listed once, with the workplace kit's hash."""
    paths = [source.path for source in SOURCES]
    assert len(paths) == len(set(paths))
    assert {f"artifacts/{path}" for path in (*_XSD.values(), *_LAYERS.values())} <= set(paths)
    assert {path for path in paths if path.startswith("schemas/")} == {
        *(f"schemas/e-CF {kind} v.1.0.xsd" for kind in _ECF_TYPES),
        "schemas/RFCE 32 v.1.0.xsd",
    }
    for source in SOURCES:
        kit = settings.EINVOICE_RULES_DIR if source.kit == "einvoice" else settings.ECF_RULES_DIR
        assert hashlib.sha256((Path(kit) / source.path).read_bytes()).hexdigest() == source.sha256, source.path
    assert all(source.url.startswith("https://") for source in SOURCES)


def test_a_fresh_set_up_fetched_from_the_mirror_validates(rules: Rules) -> None:
    """Nothing the validator opens is missing from the table: the imported XSDs included."""
    rules.publish("")

    rules.fetch()

    xrechnung = (rules.einvoice_kit / "examples" / "xrechnung" / "01.01a-INVOICE_uncefact.xml").read_bytes()
    assert einvoice_validate(xrechnung, profile="xrechnung").valid
    peppol = (rules.einvoice_kit / "examples" / "peppol" / "base-example.xml").read_bytes()
    assert einvoice_validate(peppol, profile="peppol").valid
    ecf = (rules.ecf_kit / "samples" / "valid" / "RFCE-32-resumen.xml").read_bytes()
    assert einvoice_validate(ecf, profile="ecf").valid
