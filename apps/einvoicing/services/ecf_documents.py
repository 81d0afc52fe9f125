"""The signed e-CF of an issued document, made once and kept.

DGII's security code and the QR on the printed invoice come from the signature, and the
consumer summary (RFCE) repeats that code: every later use must see the same bytes. So the
first need (download, printed PDF, sending, the summary) signs and stores the document, and
each later one reads it.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from apps.core.errors import ApplicationError
from apps.invoicing.models import Invoice

from ..ecf import ecf_render, security_code
from ..ecf.timbre import ecf_facts, timbre_qr, timbre_url
from ..models import SignedEcf
from ..selectors import ecf_issuer


def signed_ecf_get_or_create(*, invoice: Invoice) -> SignedEcf:
    """The invoice's signed e-CF, signing it now if this is the first time it is needed.

    The invoice row is locked while signing, so two requests at once sign once. A refusal
    (no valid certificate, data DGII cannot take) raises before anything is stored.
    """
    existing = SignedEcf.objects.filter(invoice=invoice).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        Invoice.objects.select_for_update(of=("self",)).get(pk=invoice.pk)
        existing = SignedEcf.objects.filter(invoice=invoice).first()
        if existing is not None:
            return existing
        document = ecf_render(invoice)
        facts = ecf_facts(document)
        return SignedEcf.objects.create(
            invoice=invoice,
            encf=facts.encf,
            ecf_type=facts.ecf_type,
            document=document,
            security_code=security_code(document),
            signed_at=facts.signed_at,
            total=facts.total,
            buyer_rnc=facts.buyer_rnc,
        )


def signed_ecf_bytes(invoice: Invoice) -> bytes:
    """The "ecf" format's renderer: the stored signed document, so every download is the same file."""
    return bytes(signed_ecf_get_or_create(invoice=invoice).document)


def ecf_pdf_stamp(invoice: Invoice) -> dict[str, Any] | None:
    """The printed e-CF's QR and security code, for invoicing's PDF; None for anything but an e-CF.

    Printing is one of the moments an e-CF gets signed. When it cannot be signed yet (no valid
    certificate) the PDF says so instead of printing a QR DGII would not recognise.
    """
    if not ecf_issuer() or not invoice.number.startswith("E"):
        return None
    try:
        signed = signed_ecf_get_or_create(invoice=invoice)
    except ApplicationError as refusal:
        return {"qr": "", "alt": "", "lines": [_("e-CF not signed yet: %(reason)s") % {"reason": refusal.message}]}
    facts = ecf_facts(bytes(signed.document))
    return {
        "qr": timbre_qr(timbre_url(facts, code=signed.security_code)),
        "alt": _("DGII verification QR code"),
        "lines": [
            _("Security code: %(code)s") % {"code": signed.security_code},
            _("Signed on: %(moment)s") % {"moment": facts.signed_text},
        ],
    }
