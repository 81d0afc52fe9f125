"""The company's e-CF certificate: kept encrypted, checked, and used for the XMLDSig signature.

DGII requires an enveloped signature over the whole document (`Reference URI=""`), RSA-SHA256,
SHA-256 digest, C14N 1.0 and the signer's certificate in `KeyInfo`, placed after
`FechaHoraFirma` (Formato e-CF, section H). The bytes are signed without indentation and must
never be re-serialised afterwards: DGII verifies the digest over the exact document.
"""

from __future__ import annotations

import base64
import datetime
from dataclasses import dataclass

from cryptography import x509
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _
from lxml import etree
from signxml import DigestAlgorithm, SignatureConstructionMethod, SignatureMethod, XMLSigner

from apps.core.errors import ApplicationError

from ..models import EcfCertificate

C14N_1_0 = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"
DS = "http://www.w3.org/2000/09/xmldsig#"


def _fernet() -> Fernet:
    """A key of its own for certificates, derived from SECRET_KEY: rotating SECRET_KEY means re-uploading."""
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"kontor-ecf-certificate").derive(
        settings.SECRET_KEY.encode()
    )
    return Fernet(base64.urlsafe_b64encode(key))


def secret_encrypt(value: bytes) -> bytes:
    return _fernet().encrypt(value)


def secret_decrypt(token: bytes | memoryview) -> bytes:
    return _fernet().decrypt(bytes(token))


@dataclass(frozen=True)
class LoadedCertificate:
    key: RSAPrivateKey
    certificate: x509.Certificate
    subject_rnc: str
    subject_name: str


def certificate_load(*, p12: bytes, password: str) -> LoadedCertificate:
    """Opens a .p12/.pfx; a wrong password or a non-RSA key is the uploader's problem (field named)."""
    try:
        key, certificate, _chain = pkcs12.load_key_and_certificates(p12, password.encode() or None)
    except ValueError as exc:
        raise ApplicationError(
            _("The certificate file cannot be opened with this password."),
            code="ecf_certificate_unreadable",
            field="password",
        ) from exc
    if certificate is None or not isinstance(key, RSAPrivateKey):
        raise ApplicationError(
            _("The file must hold an RSA key and its certificate."), code="ecf_certificate_unreadable", field="p12"
        )
    serial = certificate.subject.get_attributes_for_oid(NameOID.SERIAL_NUMBER)
    common = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    # DGII certificates carry the owner's RNC or cédula in the subject's serialNumber, e.g. "RNC130000001".
    rnc = "".join(ch for ch in str(serial[0].value) if ch.isdigit()) if serial else ""
    name = str(common[0].value) if common else certificate.subject.rfc4514_string()
    return LoadedCertificate(key=key, certificate=certificate, subject_rnc=rnc, subject_name=name)


def certificate_usable_require(*, certificate: x509.Certificate, subject_rnc: str, at: datetime.datetime) -> None:
    """Refuses a certificate DGII would reject: outside its validity, or issued to someone else."""
    if not certificate.not_valid_before_utc <= at <= certificate.not_valid_after_utc:
        raise ApplicationError(
            _("The e-CF certificate is not valid on %(date)s (valid %(start)s to %(end)s).")
            % {
                "date": at.date().isoformat(),
                "start": certificate.not_valid_before_utc.date().isoformat(),
                "end": certificate.not_valid_after_utc.date().isoformat(),
            },
            code="ecf_certificate_expired",
            field="certificate",
        )
    company_rnc = connection.tenant.tax_id  # type: ignore[attr-defined]
    if subject_rnc != company_rnc:
        raise ApplicationError(
            _("The e-CF certificate belongs to RNC %(subject)s, not to this company's RNC %(company)s.")
            % {"subject": subject_rnc or "?", "company": company_rnc or "?"},
            code="ecf_certificate_rnc_mismatch",
            field="certificate",
        )


def signing_certificate() -> LoadedCertificate:
    """The newest uploaded certificate, decrypted and checked for today."""
    stored = EcfCertificate.objects.order_by("-valid_to", "-pk").first()
    if stored is None:
        raise ApplicationError(
            _("Upload the company's e-CF certificate before issuing e-CF."),
            code="ecf_certificate_missing",
            field="certificate",
        )
    loaded = certificate_load(
        p12=secret_decrypt(stored.encrypted_p12), password=secret_decrypt(stored.encrypted_password).decode()
    )
    certificate_usable_require(certificate=loaded.certificate, subject_rnc=loaded.subject_rnc, at=timezone.now())
    return loaded


def document_sign(root: etree._Element, *, signer: LoadedCertificate) -> bytes:
    """The enveloped signature DGII describes, appended as the root's last child; returns the exact bytes."""
    signed = XMLSigner(
        method=SignatureConstructionMethod.enveloped,
        signature_algorithm=SignatureMethod.RSA_SHA256,
        digest_algorithm=DigestAlgorithm.SHA256,
        c14n_algorithm=C14N_1_0,
    ).sign(root, key=signer.key, cert=[signer.certificate])
    return etree.tostring(signed, xml_declaration=True, encoding="utf-8")


def security_code(document: bytes) -> str:
    """DGII's CodigoSeguridad: the first six characters of the SignatureValue, as everyone reads the rule."""
    value = etree.fromstring(document).findtext(f"{{{DS}}}Signature/{{{DS}}}SignatureValue") or ""
    return value.strip()[:6]
