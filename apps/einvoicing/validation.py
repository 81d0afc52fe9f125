"""Check an e-invoice against the official artefacts: XML Schema first, then the Schematron rule sets.

Why our own code and not the kit's `validate.py`: the kit is a folder of rule files we point at
through the settings (`EINVOICE_RULES_DIR`, `ECF_RULES_DIR`); the engine that runs them must be
part of the product, typed, and behave the same in the API, the web page and the command.

Layers, in order, as the KoSIT validator and Peppol access points run them:
1. well-formed XML without DOCTYPE (refused: no e-invoice format uses a DTD, and entities are an attack),
   document type from the root element;
2. XML Schema (UBL 2.1 Invoice/CreditNote, CII D16B, or the DGII e-CF schema of the e-CF type);
3. every Schematron layer of the profile as compiled XSLT (SaxonC-HE); each SVRL failed-assert and
   successful-report becomes a Finding. Skipped after an XSD failure, like the KoSIT validator.

Compiled stylesheets and schemas are cached per process (compiling the CEN XSLT takes up to a second);
SaxonC is not thread-safe, so one lock serialises its use.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from lxml import etree

PROFILES = ("en16931", "peppol", "xrechnung", "ecf")
FAILING_FLAGS = ("fatal", "error")
_FLAGS = ("fatal", "error", "warning", "information")

NS_UBL_INVOICE = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
NS_UBL_CREDITNOTE = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
NS_CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
NS_CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
NS_CII = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
NS_RAM = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
NS_SVRL = "http://purl.oclc.org/dsdl/svrl"
NS_XS = "http://www.w3.org/2001/XMLSchema"

_SYNTAX_BY_ROOT = {
    f"{{{NS_UBL_INVOICE}}}Invoice": "ubl-invoice",
    f"{{{NS_UBL_CREDITNOTE}}}CreditNote": "ubl-creditnote",
    f"{{{NS_CII}}}CrossIndustryInvoice": "cii",
    "ECF": "ecf",
    "RFCE": "ecf",  # the consumer-invoice summary, checked against its own DGII schema
}

# Paths relative to EINVOICE_RULES_DIR/artifacts (see the kit's README and MANIFEST.json).
_XSD = {
    "ubl-invoice": "ubl-2.1/xsdrt/maindoc/UBL-Invoice-2.1.xsd",
    "ubl-creditnote": "ubl-2.1/xsdrt/maindoc/UBL-CreditNote-2.1.xsd",
    "cii": "cii-d16b/CrossIndustryInvoice_100pD16B.xsd",
}
_LAYERS = {
    "cen-ubl-1.3.16": "en16931-1.3.16/ubl/EN16931-UBL-validation.xslt",
    "cen-cii-1.3.16": "en16931-1.3.16/cii/EN16931-CII-validation.xslt",
    "cen-ubl-1.3.15": "en16931-1.3.15/ubl/EN16931-UBL-validation.xslt",
    "cen-cii-1.3.15": "en16931-1.3.15/cii/EN16931-CII-validation.xslt",
    "peppol-ubl-3.0.21": "peppol-bis-billing-3.0.21/PEPPOL-EN16931-UBL.xslt",
    "xrechnung-ubl-2.5.0": "xrechnung-schematron-2.5.0/ubl/XRechnung-UBL-validation.xslt",
    "xrechnung-cii-2.5.0": "xrechnung-schematron-2.5.0/cii/XRechnung-CII-validation.xslt",
}
# Profile -> syntax family -> Schematron layers; None: the profile does not exist for that syntax.
# Peppol's 2026 May release bundles CEN 1.3.16; the KoSIT XRechnung configuration 2026-01-31 uses CEN 1.3.15.
_PROFILE_LAYERS: dict[str, dict[str, tuple[str, ...] | None]] = {
    "en16931": {"ubl": ("cen-ubl-1.3.16",), "cii": ("cen-cii-1.3.16",)},
    "peppol": {"ubl": ("cen-ubl-1.3.16", "peppol-ubl-3.0.21"), "cii": None},
    "xrechnung": {"ubl": ("cen-ubl-1.3.15", "xrechnung-ubl-2.5.0"), "cii": ("cen-cii-1.3.15", "xrechnung-cii-2.5.0")},
}

XR_CIUS = "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0"
XR_EXTENSION = XR_CIUS + "#conformant#urn:xeinkauf.de:kosit:extension:xrechnung_3.0"
XR_CVD = XR_CIUS + "#compliant#urn:xeinkauf.de:kosit:xrechnung:cvd_0.9"

# The KoSIT validator's severity overrides (`customLevel` in scenarios.xml, release 2026-01-31), by
# (syntax, exact CustomizationID). A document matching no scenario is rejected by KoSIT, so by us too.
_XR_STANDARD = {"BR-CL-23": "warning", "BR-CL-21": "warning"}
_XR_EXTENSION_CODES = dict.fromkeys(
    ("BR-CL-21", "BR-CL-24", "BR-CL-10", "BR-CL-11", "BR-CL-25", "BR-CL-26"), "information"
)
_CII_SR = dict.fromkeys(("CII-SR-452", "CII-SR-453", "CII-SR-454"), "error")
_XR_SCENARIOS: dict[tuple[str, str], dict[str, str]] = {
    ("ubl-invoice", XR_CIUS): {**_XR_STANDARD, "UBL-CR-646": "error"},
    ("ubl-invoice", XR_EXTENSION): {
        **_XR_EXTENSION_CODES,
        "BR-CL-23": "warning",
        "BR-CO-16": "information",
        "UBL-CR-470": "information",
        "UBL-CR-646": "information",
    },
    ("ubl-invoice", XR_CVD): {"BR-CL-13": "information", **_XR_STANDARD, "UBL-CR-646": "error"},
    ("ubl-creditnote", XR_CIUS): dict(_XR_STANDARD),
    ("ubl-creditnote", XR_CVD): {"BR-CL-13": "information", **_XR_STANDARD, "UBL-CR-646": "error"},
    ("cii", XR_CIUS): {**_XR_STANDARD, **_CII_SR},
    ("cii", XR_EXTENSION): {**_XR_EXTENSION_CODES, "BR-CL-23": "warning", **_CII_SR},
    ("cii", XR_CVD): {"BR-CL-13": "information", **_XR_STANDARD, **_CII_SR},
}

_ECF_TYPES = ("31", "32", "33", "34", "41", "43", "44", "45", "46", "47")
_ECF_NUMBER = re.compile(r"^[A-Z](\d{2})\d{10}$")

_SHORT_PREFIXES = {
    NS_UBL_INVOICE: "ubl",
    NS_UBL_CREDITNOTE: "cn",
    NS_CBC: "cbc",
    NS_CAC: "cac",
    NS_CII: "rsm",
    NS_RAM: "ram",
    "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100": "udt",
    "urn:un:unece:uncefact:data:standard:QualifiedDataType:100": "qdt",
}
_LOCATION_STEP = re.compile(r"\*:([A-Za-z0-9_.\-]+)\[namespace-uri\(\)='([^']*)'\]")


class EinvoiceConfigurationError(ImproperlyConfigured):
    """A validation artefact is missing or broken: never answer "valid" without the rules."""


@dataclass(frozen=True)
class Finding:
    layer: str
    rule_id: str
    flag: str
    location: str
    text: str


@dataclass(frozen=True)
class ValidationResult:
    profile: str
    syntax: str
    findings: tuple[Finding, ...]

    @property
    def valid(self) -> bool:
        return not self.errors()

    def errors(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.flag in FAILING_FLAGS]


def einvoice_validate(document: bytes, *, profile: str) -> ValidationResult:
    """Validate one document under `profile` (en16931, peppol, xrechnung, ecf, or auto from the document)."""
    if profile not in PROFILES and profile != "auto":
        raise ValueError(f"unknown e-invoice profile {profile!r}")
    try:
        root = etree.fromstring(document, _secure_parser())
    except etree.XMLSyntaxError as error:
        where = f"line {error.lineno}, column {error.offset}"
        return _refused(profile, "KIT-XML-WELLFORMED", where, f"not well-formed XML: {error.msg}")
    if root.getroottree().docinfo.doctype:
        return _refused(profile, "KIT-XML-DOCTYPE", "line 1", "DOCTYPE declarations are refused.")
    syntax = _SYNTAX_BY_ROOT.get(root.tag)
    if syntax is None:
        return _refused(profile, "KIT-DOCTYPE-UNKNOWN", "/", f"unknown document type {root.tag}")
    if profile == "auto":
        profile = "ecf" if syntax == "ecf" else _profile_from_customization(_customization_id(root, syntax))
    if (profile == "ecf") != (syntax == "ecf"):
        return ValidationResult(
            profile=profile,
            syntax=syntax,
            findings=(
                Finding("kit", "KIT-PROFILE-SYNTAX", "fatal", "/", f"profile {profile} does not apply to {syntax}"),
            ),
        )
    with _LOCK:
        findings = _ecf_findings(root) if syntax == "ecf" else _en16931_findings(root, syntax=syntax, profile=profile)
    findings.sort(key=lambda finding: _FLAGS.index(finding.flag))  # the worst first, else in document order
    return ValidationResult(profile=profile, syntax=syntax, findings=tuple(findings))


def _refused(profile: str, rule_id: str, location: str, text: str) -> ValidationResult:
    return ValidationResult(profile=profile, syntax="", findings=(Finding("kit", rule_id, "fatal", location, text),))


def _secure_parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)


def _customization_id(root: Any, syntax: str) -> str:
    if syntax.startswith("ubl"):
        values = root.xpath("cbc:CustomizationID/text()", namespaces={"cbc": NS_CBC})
    else:
        path = "rsm:ExchangedDocumentContext/ram:GuidelineSpecifiedDocumentContextParameter/ram:ID/text()"
        values = root.xpath(path, namespaces={"rsm": NS_CII, "ram": NS_RAM})
    return " ".join(str(values[0]).split()) if values else ""


def _profile_from_customization(customization_id: str) -> str:
    if "urn:xeinkauf.de:kosit:xrechnung" in customization_id or "kosit:extension:xrechnung" in customization_id:
        return "xrechnung"
    if "urn:fdc:peppol.eu:2017:poacc:billing:3.0" in customization_id:
        return "peppol"
    return "en16931"


def _en16931_findings(root: Any, *, syntax: str, profile: str) -> list[Finding]:
    findings: list[Finding] = []
    family = "cii" if syntax == "cii" else "ubl"
    layers = _PROFILE_LAYERS[profile][family]
    if layers is None:
        text = f"profile {profile} is not defined for {syntax}: Peppol BIS Billing 3.0 documents are UBL"
        findings.append(Finding("kit", "KIT-PROFILE-SYNTAX", "fatal", "/", text))
        layers = ()
    overrides: dict[str, str] = {}
    if profile == "xrechnung":
        customization_id = _customization_id(root, syntax)
        scenario = _XR_SCENARIOS.get((syntax, customization_id))
        if scenario is None:
            text = f"no XRechnung 3.0 scenario for CustomizationID {customization_id!r}; expected {XR_CIUS!r}"
            findings.append(Finding("kit", "KIT-XR-NO-SCENARIO", "error", "CustomizationID (BT-24)", text))
        else:
            overrides = scenario
    schema = _schema(_rules_path(settings.EINVOICE_RULES_DIR, "artifacts", _XSD[syntax]))
    if not _xsd_findings(schema, root, findings):
        return findings
    document = None
    for key in layers:
        executable = _stylesheet(_rules_path(settings.EINVOICE_RULES_DIR, "artifacts", _LAYERS[key]))
        if document is None:
            document = _saxon().parse_xml(xml_text=etree.tostring(root, encoding="unicode"))
        findings.extend(_svrl_findings(executable.transform_to_string(xdm_node=document), key, overrides))
    return findings


def _ecf_findings(root: Any) -> list[Finding]:
    """DGII XSD of the document's e-CF type (TipoeCF, else the type inside the e-NCF), or of the RFCE."""
    if root.tag == "RFCE":
        schema_name = "RFCE 32 v.1.0.xsd"
    else:
        kind = (root.findtext("Encabezado/IdDoc/TipoeCF") or "").strip()
        if kind not in _ECF_TYPES:
            match = _ECF_NUMBER.match((root.findtext("Encabezado/IdDoc/eNCF") or "").strip())
            kind = match.group(1) if match else kind
        if kind not in _ECF_TYPES:
            text = f"TipoeCF is {kind!r}, expected one of {', '.join(_ECF_TYPES)}"
            return [Finding("kit", "ECF-TYPE", "fatal", "/ECF/Encabezado/IdDoc/TipoeCF", text)]
        schema_name = f"e-CF {kind} v.1.0.xsd"
    findings: list[Finding] = []
    _xsd_findings(_schema(_rules_path(settings.ECF_RULES_DIR, "schemas", schema_name)), root, findings)
    return findings


def _xsd_findings(schema: etree.XMLSchema, root: Any, findings: list[Finding]) -> bool:
    if schema.validate(root):
        return True
    for error in schema.error_log:
        findings.append(Finding("xsd", "XSD", "fatal", f"line {error.line}, column {error.column}", error.message))
    return False


def _svrl_findings(svrl: str | None, layer: str, overrides: dict[str, str]) -> list[Finding]:
    if not svrl:
        raise EinvoiceConfigurationError(f"the Schematron layer {layer} produced no report")
    report = etree.fromstring(svrl.encode(), _secure_parser())
    findings = []
    for element in report.iter(f"{{{NS_SVRL}}}failed-assert", f"{{{NS_SVRL}}}successful-report"):
        rule_id = element.get("id") or element.get("role") or "?"
        flag = (element.get("flag") or "error").strip().lower()
        flag = overrides.get(rule_id, flag if flag in _FLAGS else "error")
        text_element = element.find(f"{{{NS_SVRL}}}text")
        text = " ".join("".join(text_element.itertext()).split()) if text_element is not None else ""
        findings.append(Finding(layer, rule_id, flag, _short_location(element.get("location") or ""), text))
    return findings


def _short_location(location: str) -> str:
    def step(match: re.Match[str]) -> str:
        prefix = _SHORT_PREFIXES.get(match.group(2), "*")
        return f"{prefix}:{match.group(1)}"

    return _LOCATION_STEP.sub(step, location)


def _rules_path(folder: Path | str, *parts: str) -> Path:
    path = Path(folder).joinpath(*parts)
    if not path.is_file():
        raise EinvoiceConfigurationError(f"e-invoice validation artefact missing: {path}")
    return path


# Process-wide caches of compiled artefacts: the same for every tenant, expensive to build.
_LOCK = threading.RLock()
_SCHEMAS: dict[Path, etree.XMLSchema] = {}
_STYLESHEETS: dict[Path, Any] = {}
_SAXON: dict[str, Any] = {}


def _schema(path: Path) -> etree.XMLSchema:
    schema = _SCHEMAS.get(path)
    if schema is None:
        tree = etree.parse(str(path), _secure_parser())
        if path.parent.name == "schemas":
            _dgii_compat(tree)
        try:
            schema = etree.XMLSchema(tree)
        except etree.XMLSchemaParseError as error:
            raise EinvoiceConfigurationError(f"schema {path} does not compile: {error}") from error
        _SCHEMAS[path] = schema
    return schema


def _dgii_compat(tree: Any) -> None:
    """Read DGII's .NET-flavoured schemas as .NET does, in memory only (the kit's patches P1-P3).

    P1: a declared name with blanks is trimmed (xs:NCName collapses whitespace);
    P2: `(?:` is .NET regex, XSD groups never capture, so `(` means the same;
    P3: `^...$` anchors are no-ops in .NET, literal characters to libxml2.
    """
    for element in tree.iter(etree.Element):
        name = element.get("name")
        if name is not None and name != name.strip():
            element.set("name", name.strip())
    for pattern in tree.iter(f"{{{NS_XS}}}pattern"):
        value = (pattern.get("value") or "").replace("(?:", "(")
        if len(value) >= 2 and value.startswith("^") and value.endswith("$") and not value.endswith("\\$"):
            value = value[1:-1]
        pattern.set("value", value)


def _saxon() -> Any:
    if "processor" not in _SAXON:
        from saxonche import PySaxonProcessor

        processor = PySaxonProcessor(license=False)
        _SAXON["processor"] = processor
        _SAXON["xslt"] = processor.new_xslt30_processor()
    return _SAXON["processor"]


def _stylesheet(path: Path) -> Any:
    executable = _STYLESHEETS.get(path)
    if executable is None:
        _saxon()
        try:
            executable = _SAXON["xslt"].compile_stylesheet(stylesheet_file=str(path))
        except Exception as error:  # saxonche raises its own PySaxonApiError
            raise EinvoiceConfigurationError(f"stylesheet {path} does not compile: {error}") from error
        if executable is None:
            raise EinvoiceConfigurationError(f"stylesheet {path} does not compile")
        _STYLESHEETS[path] = executable
    return executable
