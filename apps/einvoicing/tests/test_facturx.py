"""Factur-X / ZUGFeRD: the PDF/A-3 of every case carries CII XML the official EN 16931 rules accept."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django_tenants.utils import tenant_context
from facturx import get_xml_from_pdf
from lxml import etree
from pypdf import PdfReader

from apps.core.errors import ApplicationError
from apps.einvoicing.facturx import facturx_pdf
from apps.invoicing.models import InvoiceStatus
from apps.tenants.models import Tenant

from . import cases
from .test_cii import assert_totals_agree, problems

XMP = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "fx": "urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#",
    "dc": "http://purl.org/dc/elements/1.1/",
}
EN16931_CASES = [case for case in cases.EU_CASES if "en16931" in case.profiles]


def _embedded(pdf: bytes) -> tuple[str, bytes]:
    name, xml = get_xml_from_pdf(io.BytesIO(pdf), check_xsd=False)
    return name, xml


def _catalog(pdf: bytes) -> Any:
    return PdfReader(io.BytesIO(pdf)).trailer["/Root"].get_object()


def _xmp(pdf: bytes) -> etree._Element:
    return etree.fromstring(_catalog(pdf)["/Metadata"].get_object().get_data())


def _text(xmp: etree._Element, path: str) -> list[str]:
    return [str(value) for value in xmp.xpath(path, namespaces=XMP)]


@pytest.mark.parametrize("case", EN16931_CASES, ids=[case.name for case in EN16931_CASES])
def test_every_case_embeds_valid_cii_with_the_invoice_totals(db, case: cases.Case) -> None:  # type: ignore[no-untyped-def]
    with tenant_context(Tenant.objects.get(slug=case.tenant)):
        invoice = case.build()
        pdf = facturx_pdf(invoice)
        name, xml = _embedded(pdf)

        assert name == "factur-x.xml"
        assert problems(xml, "en16931") == ""
        assert_totals_agree(xml, invoice)


def test_the_pdf_is_pdf_a_3b_with_the_factur_x_extension_schema(in_alpha) -> None:  # type: ignore[no-untyped-def]
    invoice = cases.case_standard_mixed_rates()

    pdf = facturx_pdf(invoice)

    assert pdf.startswith(b"%PDF-")
    xmp = _xmp(pdf)
    assert _text(xmp, "//pdfaid:part/text()") == ["3"]
    assert _text(xmp, "//pdfaid:conformance/text()") == ["B"]
    assert _text(xmp, "//fx:DocumentType/text()") == ["INVOICE"]
    assert _text(xmp, "//fx:DocumentFileName/text()") == ["factur-x.xml"]
    assert _text(xmp, "//fx:ConformanceLevel/text()") == ["EN 16931"]
    assert _text(xmp, "//dc:title//rdf:li/text()") == [f"Alpha Bau GmbH: Invoice {invoice.number}"]
    catalog = _catalog(pdf)
    # PDF/A needs an output intent (WeasyPrint's PDF/A-3b variant writes sRGB) and the XML as associated file.
    assert catalog["/OutputIntents"][0].get_object()["/S"] == "/GTS_PDFA1"
    assert catalog["/AF"][0].get_object()["/AFRelationship"] == "/Data"


def test_the_visible_pdf_shows_the_invoice(in_alpha) -> None:  # type: ignore[no-untyped-def]
    invoice = cases.case_prepaid()

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(facturx_pdf(invoice))).pages)

    assert invoice.number in text
    assert "Badsanierung komplett" in text


def test_a_draft_is_refused_naming_the_status(in_alpha) -> None:  # type: ignore[no-untyped-def]
    invoice = cases.case_prepaid()
    invoice.status = InvoiceStatus.DRAFT

    with pytest.raises(ApplicationError) as refused:
        facturx_pdf(invoice)

    assert refused.value.field == "status"
