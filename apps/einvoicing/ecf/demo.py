"""e-CF for `make run`'s Dominican demo company: DGII ranges, a throw-away certificate, two e-CF.

The certificate is self-signed and made at seeding time (never stored in the repository); it
signs like a real one but DGII would not accept it.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12
from cryptography.x509.oid import NameOID
from django.utils import timezone

from apps.invoicing.services import DraftData, LineData, invoice_create, invoice_issue
from apps.parties.models import Party
from apps.tenants.models import Tenant

from ..services import ecf_certificate_upload, encf_range_create

DEMO_PASSWORD = "demo"


def self_signed_p12(
    *,
    rnc: str,
    key: rsa.RSAPrivateKey,
    password: str,
    not_before: datetime.datetime,
    not_after: datetime.datetime,
) -> bytes:
    """A .p12 whose subject names the RNC the way DGII's certificates do (serialNumber "RNC…")."""
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "DO"),
            x509.NameAttribute(NameOID.SERIAL_NUMBER, f"RNC{rnc}"),
            x509.NameAttribute(NameOID.COMMON_NAME, "CERTIFICADO DE PRUEBA"),
        ]
    )
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .sign(key, hashes.SHA256())
    )
    return pkcs12.serialize_key_and_certificates(
        b"ecf", key, certificate, None, BestAvailableEncryption(password.encode())
    )


def ecf_demo_seed(tenant: Tenant) -> None:
    if tenant.country != "DO":
        return
    today = timezone.localdate()
    for ecf_type in (31, 32, 34):
        encf_range_create(
            ecf_type=ecf_type, first_number=1, last_number=10_000_000, expires_on=datetime.date(today.year + 1, 12, 31)
        )
    now = timezone.now()
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    p12 = self_signed_p12(
        rnc=tenant.tax_id,
        key=key,
        password=DEMO_PASSWORD,
        not_before=now - datetime.timedelta(days=1),
        not_after=now + datetime.timedelta(days=365),
    )
    ecf_certificate_upload(p12=p12, password=DEMO_PASSWORD)
    line = LineData(
        description="Botellón de agua 5 gal",
        quantity=Decimal("12"),
        unit_price=Decimal("150.00"),
        tax_code="do-itbis-18",
    )
    exempt = LineData(
        description="Arroz selecto 10 lb", quantity=Decimal("4"), unit_price=Decimal("325.00"), tax_code="do-exento"
    )
    for customer in Party.objects.filter(is_customer=True, legal_name__in=["Supermercado La Fe SRL", "Farmacia Carol"]):
        invoice_issue(invoice=invoice_create(data=DraftData(customer=customer.pk, lines=[line, exempt])))
