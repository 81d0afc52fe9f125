"""What the printed e-CF shows: the facts DGII's QR ("timbre") carries and the QR itself.

The QR opens DGII's public check of the document (Descripción Técnica, "Representación
impresa"): issuer and buyer RNC, e-NCF, issue date, total, signing time and security code. A
consumer invoice under DOP 250,000 is checked on the consumer-summary host with fewer fields.
"""

from __future__ import annotations

import datetime
import urllib.parse
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from lxml import etree

from ..models import EcfType
from .sequences import CONSUMER_ANONYMOUS_LIMIT
from .xml import SANTO_DOMINGO


@dataclass(frozen=True)
class EcfFacts:
    """The fields of a signed `<ECF>` that the QR, the summary and the stored row repeat."""

    encf: str
    ecf_type: int
    issuer_rnc: str
    buyer_rnc: str
    issued_text: str  # FechaEmision as printed, dd-MM-yyyy
    signed_text: str  # FechaHoraFirma as printed, dd-MM-yyyy HH:mm:ss (GMT-4)
    total: Decimal

    @property
    def signed_at(self) -> datetime.datetime:
        return datetime.datetime.strptime(self.signed_text, "%d-%m-%Y %H:%M:%S").replace(tzinfo=SANTO_DOMINGO)

    @property
    def summarised(self) -> bool:
        """A consumer invoice under DOP 250,000: DGII gets only its summary (RFCE), not the e-CF."""
        return self.ecf_type == EcfType.CONSUMO and self.total < CONSUMER_ANONYMOUS_LIMIT


def ecf_facts(document: bytes) -> EcfFacts:
    root = etree.fromstring(document)
    return EcfFacts(
        encf=root.findtext("Encabezado/IdDoc/eNCF") or "",
        ecf_type=int(root.findtext("Encabezado/IdDoc/TipoeCF") or 0),
        issuer_rnc=root.findtext("Encabezado/Emisor/RNCEmisor") or "",
        buyer_rnc=root.findtext("Encabezado/Comprador/RNCComprador") or "",
        issued_text=root.findtext("Encabezado/Emisor/FechaEmision") or "",
        signed_text=root.findtext("FechaHoraFirma") or "",
        total=Decimal(root.findtext("Encabezado/Totales/MontoTotal") or "0"),
    )


def dgii_environment() -> str:
    """testecf, certecf or ecf: the last part of the configured DGII base URL, as DGII's hosts name them."""
    return settings.DGII_ECF_BASE_URL.rstrip("/").rsplit("/", 1)[-1].lower()


def timbre_url(facts: EcfFacts, *, code: str) -> str:
    """DGII's check page for this document; the security code is percent-encoded (`+`, `/`, `=`)."""
    environment = dgii_environment()
    if facts.summarised:
        query = {"RncEmisor": facts.issuer_rnc, "ENCF": facts.encf, "MontoTotal": f"{facts.total:.2f}"}
        base = f"https://fc.dgii.gov.do/{environment}/ConsultaTimbreFC"
    else:
        query = {"RncEmisor": facts.issuer_rnc}
        if facts.buyer_rnc:  # a consumer without RNC: the parameter is left out rather than sent empty
            query["RncComprador"] = facts.buyer_rnc
        query |= {
            "ENCF": facts.encf,
            "FechaEmision": facts.issued_text,
            "MontoTotal": f"{facts.total:.2f}",
            "FechaFirma": facts.signed_text,
        }
        base = f"https://ecf.dgii.gov.do/{environment}/ConsultaTimbre"
    query["CodigoSeguridad"] = code
    return f"{base}?{urllib.parse.urlencode(query, quote_via=urllib.parse.quote, safe=':')}"


def timbre_qr(url: str) -> str:
    """The QR as an SVG data URI, sharp at any print size (DGII asks for at least 22 × 22 mm)."""
    import segno

    return str(segno.make_qr(url, error="m").svg_data_uri(border=0))
