"""Dominican e-CF: e-NCF numbering, the DGII XML and its signature."""

from __future__ import annotations

from apps.invoicing.models import Invoice

from .sequences import ecf_type_for, encf_number_next, encf_take
from .signing import document_sign, security_code, signing_certificate
from .xml import ecf_document


def ecf_render(invoice: Invoice) -> bytes:
    """The signed e-CF of an issued invoice or credit note, as the exact bytes to store and send.

    Signing needs the company's valid certificate for its own RNC; it is checked before the
    document is built, so a refusal leaves nothing behind. `security_code(xml)` reads the
    CodigoSeguridad from the result.
    """
    signer = signing_certificate()
    return document_sign(ecf_document(invoice), signer=signer)


__all__ = ["ecf_render", "ecf_type_for", "encf_number_next", "encf_take", "security_code"]
