"""The validator against the official examples (valid) and the kits' broken samples (must fail)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.conf import settings

from apps.einvoicing.validation import EinvoiceConfigurationError, einvoice_validate


def _examples() -> list[tuple[str, Path]]:
    folder = Path(settings.EINVOICE_RULES_DIR) / "examples"
    return [(path.parent.name, path) for path in sorted(folder.glob("*/*.xml"))]


def _negatives() -> list[tuple[str, Path, list[str]]]:
    folder = Path(settings.EINVOICE_RULES_DIR) / "negative"
    index = json.loads((folder / "INDEX.json").read_text())
    return [(entry["profile"], folder / entry["file"], entry["expected_failing_rules"]) for entry in index]


def _ecf_negatives() -> list[tuple[Path, str]]:
    """The DGII samples the XSD itself rejects (the others break business rules beyond the schema)."""
    folder = Path(settings.ECF_RULES_DIR) / "samples" / "negative"
    cases = json.loads((folder / "EXPECTED.json").read_text())["cases"]
    return [(folder / name, case["message_contains"]) for name, case in cases.items() if not case["xsd_valid"]]


def test_the_kits_are_where_the_settings_point() -> None:
    assert len(_examples()) == 23
    assert len(_negatives()) == 15
    assert len(_ecf_negatives()) == 8


@pytest.mark.parametrize(("profile", "path"), _examples(), ids=lambda value: getattr(value, "name", value))
def test_every_official_example_is_valid_under_its_profile(profile: str, path: Path) -> None:
    result = einvoice_validate(path.read_bytes(), profile=profile)

    assert result.valid, result.errors()
    assert result.profile == profile
    assert result.syntax in ("ubl-invoice", "ubl-creditnote", "cii")


@pytest.mark.parametrize(("profile", "path", "rules"), _negatives(), ids=lambda value: getattr(value, "name", ""))
def test_every_broken_sample_fails_with_its_rules(profile: str, path: Path, rules: list[str]) -> None:
    result = einvoice_validate(path.read_bytes(), profile=profile)

    assert not result.valid
    assert set(rules) <= {finding.rule_id for finding in result.errors()}


def test_a_finding_carries_layer_flag_location_and_text() -> None:
    path = Path(settings.EINVOICE_RULES_DIR) / "negative" / "peppol__BR-CO-10__line-net-off-by-one-cent.xml"

    [finding] = einvoice_validate(path.read_bytes(), profile="peppol").errors()

    assert finding.layer == "cen-ubl-1.3.16"
    assert finding.flag == "fatal"
    assert finding.location == "/ubl:Invoice[1]/cac:LegalMonetaryTotal[1]"
    assert finding.text.startswith("[BR-CO-10]-Sum of Invoice line net amount")


def test_xrechnung_reproduces_the_kosit_severity_override() -> None:
    """BR-CL-23 (unit code) is fatal on the Peppol network but only a warning for the KoSIT validator."""
    peppol = Path(settings.EINVOICE_RULES_DIR) / "negative" / "peppol__BR-CL-23__invalid-unit-code.xml"
    xrechnung = Path(settings.EINVOICE_RULES_DIR) / "examples" / "xrechnung" / "01.01a-INVOICE_ubl.xml"
    broken = xrechnung.read_bytes().replace(b'unitCode="XPP"', b'unitCode="XXXX"', 1)
    assert broken != xrechnung.read_bytes()

    assert einvoice_validate(peppol.read_bytes(), profile="peppol").errors()[0].rule_id == "BR-CL-23"
    result = einvoice_validate(broken, profile="xrechnung")
    assert result.valid
    assert ("BR-CL-23", "warning") in {(finding.rule_id, finding.flag) for finding in result.findings}


def test_xrechnung_refuses_a_document_without_an_xrechnung_customization_id() -> None:
    peppol = Path(settings.EINVOICE_RULES_DIR) / "examples" / "peppol" / "base-example.xml"

    result = einvoice_validate(peppol.read_bytes(), profile="xrechnung")

    assert "KIT-XR-NO-SCENARIO" in {finding.rule_id for finding in result.errors()}


def test_auto_picks_the_profile_from_the_customization_id_and_the_root() -> None:
    examples = Path(settings.EINVOICE_RULES_DIR) / "examples"
    ecf = Path(settings.ECF_RULES_DIR) / "samples" / "valid" / "e-CF-31-credito-fiscal.xml"

    assert (
        einvoice_validate((examples / "peppol" / "base-example.xml").read_bytes(), profile="auto").profile == "peppol"
    )
    xrechnung = (examples / "xrechnung" / "01.01a-INVOICE_uncefact.xml").read_bytes()
    assert einvoice_validate(xrechnung, profile="auto").profile == "xrechnung"
    cen = (examples / "en16931" / "CII_example1.xml").read_bytes()
    assert einvoice_validate(cen, profile="auto").profile == "en16931"
    assert einvoice_validate(ecf.read_bytes(), profile="auto").profile == "ecf"


def test_peppol_is_not_defined_for_cii() -> None:
    cii = Path(settings.EINVOICE_RULES_DIR) / "examples" / "en16931" / "CII_example1.xml"

    result = einvoice_validate(cii.read_bytes(), profile="peppol")

    assert [finding.rule_id for finding in result.errors()] == ["KIT-PROFILE-SYNTAX"]


@pytest.mark.parametrize(
    ("document", "rule_id"),
    [
        (b"<Invoice", "KIT-XML-WELLFORMED"),
        (b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>', "KIT-XML-DOCTYPE"),
        (b"<Order xmlns='urn:example'/>", "KIT-DOCTYPE-UNKNOWN"),
    ],
)
def test_what_is_not_an_e_invoice_is_refused_before_any_schema(document: bytes, rule_id: str) -> None:
    result = einvoice_validate(document, profile="en16931")

    assert not result.valid
    assert [finding.rule_id for finding in result.findings] == [rule_id]


def test_every_dgii_sample_is_valid_under_its_e_cf_schema() -> None:
    samples = sorted((Path(settings.ECF_RULES_DIR) / "samples" / "valid").glob("e-CF-*.xml"))
    assert len(samples) == 11

    for sample in samples:
        assert einvoice_validate(sample.read_bytes(), profile="ecf").valid, sample.name


@pytest.mark.parametrize(("path", "expected"), _ecf_negatives(), ids=lambda value: getattr(value, "name", ""))
def test_dgii_samples_the_schema_rejects_fail(path: Path, expected: str) -> None:
    result = einvoice_validate(path.read_bytes(), profile="ecf")

    assert not result.valid
    assert any(expected in finding.text for finding in result.errors())
    assert {finding.layer for finding in result.errors()} == {"xsd"}


def test_an_e_cf_of_unknown_type_is_refused() -> None:
    sample = Path(settings.ECF_RULES_DIR) / "samples" / "valid" / "e-CF-31-credito-fiscal.xml"
    broken = sample.read_bytes().replace(b"<TipoeCF>31</TipoeCF>", b"<TipoeCF>99</TipoeCF>")
    broken = broken.replace(b"<eNCF>E31", b"<eNCF>E99")

    assert [finding.rule_id for finding in einvoice_validate(broken, profile="ecf").errors()] == ["ECF-TYPE"]


def test_a_missing_artefact_is_a_configuration_error_never_valid(settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings.EINVOICE_RULES_DIR = tmp_path
    document = b"<Invoice xmlns='urn:oasis:names:specification:ubl:schema:xsd:Invoice-2'/>"

    with pytest.raises(EinvoiceConfigurationError, match="artefact missing"):
        einvoice_validate(document, profile="peppol")
