"""Factories for the e-CF reference data and Peppol transmissions, and throw-away test certificates.

No key material is ever committed: `p12_make` creates a self-signed RSA certificate whose
subject carries the RNC the way DGII's certificates do (serialNumber "RNC…").
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import factory
from cryptography.hazmat.primitives.asymmetric import rsa
from django.utils import timezone

from apps.einvoicing.ecf.demo import self_signed_p12
from apps.einvoicing.ecf.signing import secret_encrypt
from apps.einvoicing.models import EcfCertificate, EinvoiceTransmission, EncfRange, PurchaseEcf, TransmissionStatus
from apps.invoicing.tests.factories import InvoiceFactory

_KEY: list[rsa.RSAPrivateKey] = []


def _key() -> rsa.RSAPrivateKey:
    """One key per test session: generating RSA keys is the slow part."""
    if not _KEY:
        _KEY.append(rsa.generate_private_key(public_exponent=65537, key_size=2048))
    return _KEY[0]


def p12_make(
    *,
    rnc: str,
    password: str = "clave-de-prueba",  # noqa: S107 - a throw-away test certificate
    not_before: datetime.datetime | None = None,
    not_after: datetime.datetime | None = None,
) -> bytes:
    now = timezone.now()
    return self_signed_p12(
        rnc=rnc,
        key=_key(),
        password=password,
        not_before=not_before or now - datetime.timedelta(days=1),
        not_after=not_after or now + datetime.timedelta(days=365),
    )


class EncfRangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EncfRange

    ecf_type = 31
    first_number = factory.Sequence(lambda n: 1000 * n + 1)
    last_number = factory.LazyAttribute(lambda o: o.first_number + 999)
    next_number = factory.LazyAttribute(lambda o: o.first_number)
    expires_on = datetime.date(2031, 12, 31)


class EcfCertificateFactory(factory.django.DjangoModelFactory):
    """A stored row only (the isolation test needs no usable certificate)."""

    class Meta:
        model = EcfCertificate

    subject_rnc = "131246796"
    subject_name = "CERTIFICADO DE PRUEBA"
    valid_from = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    valid_to = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=365))
    encrypted_p12 = factory.LazyFunction(lambda: secret_encrypt(b"not a p12"))
    encrypted_password = factory.LazyFunction(lambda: secret_encrypt(b""))


class EinvoiceTransmissionFactory(factory.django.DjangoModelFactory):
    """A stored row (the isolation test needs no real document or access point)."""

    class Meta:
        model = EinvoiceTransmission

    invoice = factory.SubFactory(InvoiceFactory)
    format_key = "peppol"
    status = TransmissionStatus.SENT
    document = b"<Invoice/>"
    sender_id = "0204:991-01234-56"
    receiver_id = "0208:0477472701"
    message_id = factory.Sequence(lambda n: f"msg-{n}")
    idempotency_key = factory.Sequence(lambda n: f"key-{n:08d}")


class PurchaseEcfFactory(factory.django.DjangoModelFactory):
    """A stored minor-expense row (43 needs no supplier); the isolation test needs no real signature."""

    class Meta:
        model = PurchaseEcf

    ecf_type = 43
    encf = factory.Sequence(lambda n: f"E43{n + 1:010d}")
    issue_date = factory.LazyFunction(timezone.localdate)
    exempt_amount = total = amount_payable = Decimal("350.00")
    document = b"<ECF/>"
    security_code = "ABC123"
    signed_at = factory.LazyFunction(timezone.now)
