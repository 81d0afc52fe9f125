"""ZUGFeRD 2 / Factur-X at the EN 16931 level: the invoice's PDF with its CII XML inside.

The visible part is the same document `invoicing.pdf` prints, laid out as PDF/A-3b by WeasyPrint
(embedded fonts, an sRGB output intent), because the standard requires an archivable PDF/A-3 to
carry the XML. The `factur-x` package then embeds the XML as `factur-x.xml` with the
AFRelationship "Data" and writes the XMP metadata (PDF/A part 3, conformance B, Factur-X extension
schema). The XML is the one `cii_render` writes for the EN 16931 profile, so the PDF, the XML and
the ledger agree to the cent.
"""

from __future__ import annotations

from django.db import connection
from django.utils import translation

from apps.core.pdf import html_to_pdf
from apps.invoicing.models import Invoice, InvoiceKind
from apps.invoicing.pdf import invoice_html

from .cii import cii_render
from .document import Contact

PDF_VARIANT = "pdf/a-3b"
FLAVOR = "factur-x"
LEVEL = "en16931"


def facturx_pdf(invoice: Invoice, *, contact: Contact | None = None) -> bytes:
    """The issued invoice or credit note as a Factur-X PDF/A-3 (EN 16931 profile).

    Refuses, like `cii_render`, a draft with an ApplicationError naming the field. The XML is
    written before the PDF is laid out, so a refusal costs no rendering.
    """
    from facturx import generate_from_binary  # a heavy import: only processes that export pay for it

    xml = cii_render(invoice, profile=LEVEL, contact=contact)
    pdf = html_to_pdf(invoice_html(invoice), variant=PDF_VARIANT)
    seller = connection.tenant.name  # type: ignore[attr-defined]
    with translation.override(invoice.language):
        kind = str(InvoiceKind(invoice.kind).label)
    # What a PDF reader shows in the document's properties (and the XMP dc:title / dc:description).
    metadata = {
        "author": seller,
        "keywords": "Factur-X, ZUGFeRD",
        "title": f"{seller}: {kind} {invoice.number}",
        "subject": f"{kind} {invoice.number} ({invoice.issue_date:%Y-%m-%d}), {seller}",
    }
    return bytes(
        generate_from_binary(
            pdf,
            xml,
            flavor=FLAVOR,
            level=LEVEL,
            check_xsd=False,  # the official validators check the XML; the package's own copy of the XSD is older
            pdf_metadata=metadata,
            lang=invoice.language,
        )
    )
