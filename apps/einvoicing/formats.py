"""The e-invoice formats the API, the invoice page and the benchmark offer, and which ones fit an invoice.

One registry so that a format's name, file type, validation profile and generator are written once.
The generators are imported when first used: each lives in its own module, written independently,
and this module (and the validation behind it) must work before all of them exist.
"""

from __future__ import annotations

import importlib
import io
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.core.errors import ApplicationError
from apps.invoicing.models import Invoice, InvoiceStatus

from .validation import ValidationResult, einvoice_validate


@dataclass(frozen=True)
class EinvoiceFormat:
    """One downloadable document kind: `renderer` is "module:function", called with `options`."""

    key: str
    label: str | Promise
    content_type: str
    extension: str
    profile: str
    renderer: str
    options: dict[str, str] = field(default_factory=dict)

    def render(self, invoice: Invoice) -> bytes:
        module, name = self.renderer.split(":")
        function: Callable[..., bytes] = getattr(importlib.import_module(module), name)
        return function(invoice, **self.options)

    def filename(self, invoice: Invoice) -> str:
        return f"{invoice.number}.{self.extension}"


FORMATS: dict[str, EinvoiceFormat] = {
    item.key: item
    for item in (
        EinvoiceFormat(
            "peppol",
            _("Peppol BIS Billing 3.0 (UBL)"),
            "application/xml",
            "xml",
            "peppol",
            "apps.einvoicing.ubl:ubl_render",
            {"profile": "peppol"},
        ),
        EinvoiceFormat(
            "xrechnung-ubl",
            _("XRechnung 3.0 (UBL)"),
            "application/xml",
            "xml",
            "xrechnung",
            "apps.einvoicing.ubl:ubl_render",
            {"profile": "xrechnung"},
        ),
        EinvoiceFormat(
            "xrechnung-cii",
            _("XRechnung 3.0 (CII)"),
            "application/xml",
            "xml",
            "xrechnung",
            "apps.einvoicing.cii:cii_render",
            {"profile": "xrechnung"},
        ),
        EinvoiceFormat(
            "facturx",
            _("ZUGFeRD / Factur-X (PDF, EN 16931)"),
            "application/pdf",
            "pdf",
            "en16931",
            "apps.einvoicing.facturx:facturx_pdf",
        ),
        EinvoiceFormat(
            "ecf",
            _("Dominican e-CF (DGII)"),
            "application/xml",
            "xml",
            "ecf",
            "apps.einvoicing.services.ecf_documents:signed_ecf_bytes",
        ),
    )
}


# The formats the Peppol network carries: BIS Billing 3.0, and XRechnung UBL (a Peppol CIUS in Germany).
PEPPOL_FORMATS = ("peppol", "xrechnung-ubl")
# The Dominican e-CF goes to DGII's reception service instead.
ECF_FORMAT = "ecf"


def einvoice_formats_for(*, invoice: Invoice) -> list[EinvoiceFormat]:
    """The formats a document of this company for this customer can go out in; none for a draft.

    e-CF is the Dominican tax authority's own and only it applies there; a German company owes its
    B2B and public customers XRechnung; Peppol is Belgium's network and any buyer with a Peppol id
    can receive it; Factur-X (CII inside the PDF) is readable by every EU customer.
    """
    if invoice.status in (InvoiceStatus.DRAFT, InvoiceStatus.CANCELLED):
        return []
    company_country = connection.tenant.country  # type: ignore[attr-defined]
    if company_country == "DO":
        return [FORMATS["ecf"]]
    keys = []
    if company_country == "BE" or invoice.customer.peppol_id:
        keys.append("peppol")
    if company_country == "DE":
        keys += ["xrechnung-ubl", "xrechnung-cii"]
    keys.append("facturx")
    return [FORMATS[key] for key in keys]


def einvoice_format_get(*, invoice: Invoice, key: str) -> EinvoiceFormat:
    """The format `key` for this invoice, or the 4xx that says why it cannot have it."""
    if key not in FORMATS:
        raise ApplicationError(gettext("Unknown e-invoice format."), code="not_found", field="format", status=404)
    if invoice.status == InvoiceStatus.DRAFT:
        raise ApplicationError(
            gettext("Issue the invoice before exporting it as an e-invoice."), code="draft", field="status"
        )
    if invoice.status == InvoiceStatus.CANCELLED:
        raise ApplicationError(gettext("A cancelled invoice is not exported."), code="cancelled", field="status")
    if FORMATS[key] not in einvoice_formats_for(invoice=invoice):
        raise ApplicationError(
            gettext("%(format)s does not apply to this invoice's company or customer.")
            % {"format": FORMATS[key].label},
            code="format_not_applicable",
            field="format",
        )
    return FORMATS[key]


def einvoice_document(*, invoice: Invoice, key: str) -> tuple[EinvoiceFormat, bytes]:
    """The rendered document; the generator refuses, with a 4xx naming the field, what it cannot express."""
    chosen = einvoice_format_get(invoice=invoice, key=key)
    return chosen, chosen.render(invoice)


def einvoice_check(*, invoice: Invoice, key: str) -> ValidationResult:
    """The official validators' verdict on exactly the document a download would give."""
    chosen, document = einvoice_document(invoice=invoice, key=key)
    if chosen.content_type == "application/pdf":
        document = _embedded_xml(document)
    return einvoice_validate(document, profile=chosen.profile)


def _embedded_xml(pdf: bytes) -> bytes:
    """The CII XML a Factur-X PDF carries: that XML is what the receiving side validates."""
    from facturx import get_xml_from_pdf

    _name, xml = get_xml_from_pdf(io.BytesIO(pdf), check_xsd=False)
    if not xml:
        raise ApplicationError(gettext("The PDF carries no Factur-X XML."), code="facturx_without_xml", field="format")
    return bytes(xml)
