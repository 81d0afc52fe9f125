"""`manage.py validate_einvoice`: the same verdicts as the API, as exit codes for scripts and CI."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command


def _kit(*parts: str) -> str:
    return str(Path(settings.EINVOICE_RULES_DIR).joinpath(*parts))


def test_valid_files_of_every_syntax_pass_with_the_profile_picked_per_file() -> None:
    out = StringIO()
    files = [
        _kit("examples", "peppol", "base-example.xml"),
        _kit("examples", "xrechnung", "01.01a-INVOICE_uncefact.xml"),
        str(Path(settings.ECF_RULES_DIR) / "samples" / "valid" / "e-CF-46-exportaciones.xml"),
    ]

    call_command("validate_einvoice", *files, stdout=out)

    assert out.getvalue().splitlines() == [
        f"{files[0]}: valid (peppol)",
        f"{files[1]}: valid (xrechnung)",
        f"{files[2]}: valid (ecf)",
    ]


def test_an_invalid_file_prints_each_failed_rule_and_exits_1() -> None:
    out = StringIO()
    broken = _kit("negative", "peppol__BR-CO-14_BR-CO-15__vat-total-not-sum-of-categories.xml")
    valid = _kit("examples", "peppol", "base-example.xml")

    with pytest.raises(CommandError, match="1 of 2 file") as raised:
        call_command("validate_einvoice", valid, broken, "--profile", "peppol", stdout=out)

    assert raised.value.returncode == 1
    lines = out.getvalue().splitlines()
    assert lines[0] == f"{valid}: valid (peppol)"
    assert lines[1] == f"{broken}: INVALID (peppol)"
    assert sorted(line.split()[1] for line in lines[2:]) == ["BR-CO-14", "BR-CO-15"]
    assert any(
        line.startswith("  fatal       BR-CO-14 ") and "[BR-CO-14]-Invoice total VAT amount" in line for line in lines
    )


def test_the_profile_option_overrides_the_customization_id() -> None:
    """A Peppol invoice is no XRechnung: the KoSIT validator has no scenario for its CustomizationID."""
    out = StringIO()

    with pytest.raises(CommandError):
        call_command(
            "validate_einvoice", _kit("examples", "peppol", "base-example.xml"), "--profile", "xrechnung", stdout=out
        )

    assert "KIT-XR-NO-SCENARIO" in out.getvalue()


def test_a_missing_file_is_a_usage_error() -> None:
    with pytest.raises(CommandError, match=r"File not found: nowhere\.xml") as raised:
        call_command("validate_einvoice", "nowhere.xml")

    assert raised.value.returncode == 2
