"""Dominican e-CF: e-NCF ranges, numbering while issuing, the signed XML and the certificate checks.

Documents are checked with the product's validator (DGII XSD) and with the kit's business
rules (`validate.py --rules`), the signature with signxml against the test certificate.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.serialization import Encoding, pkcs12
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django_tenants.utils import tenant_context
from lxml import etree
from signxml import InvalidDigest, InvalidSignature, XMLVerifier

from apps.core.errors import ApplicationError
from apps.einvoicing.ecf import ecf_render, encf_take, security_code
from apps.einvoicing.ecf.demo import ecf_demo_seed
from apps.einvoicing.ecf.signing import secret_decrypt, secret_encrypt
from apps.einvoicing.models import EcfCertificate, EncfRange
from apps.einvoicing.services import ecf_certificate_upload, encf_range_create
from apps.einvoicing.tests.factories import EncfRangeFactory, p12_make
from apps.einvoicing.tests.kit import ecf_kit_report
from apps.einvoicing.validation import einvoice_validate
from apps.invoicing.demo import invoicing_demo_seed
from apps.invoicing.models import Invoice, InvoiceStatus
from apps.invoicing.services import DraftData, LineData, credit_note_create, invoice_create, invoice_issue
from apps.ledger.tests.test_dgii_reports import RNC, tenant_c  # noqa: F401 - the Dominican company fixture
from apps.parties.services import party_create
from apps.tenants.models import Tenant, User

pytestmark = pytest.mark.django_db
BUYER_RNC = "101014334"
TODAY = timezone.localdate


@pytest.fixture
def in_do(tenant_c: Tenant) -> Iterator[Tenant]:  # noqa: F811
    """Inside the Dominican company, with the address every e-CF prints (rolled back with the test)."""
    tenant_c.address_line, tenant_c.city = "Calle El Conde 101", "Santo Domingo"
    tenant_c.save(update_fields=["address_line", "city"])
    with tenant_context(tenant_c):
        yield tenant_c


@pytest.fixture
def ranges(in_do: Tenant) -> dict[int, EncfRange]:
    expires = datetime.date(TODAY().year + 1, 12, 31)
    return {
        kind: encf_range_create(ecf_type=kind, first_number=1, last_number=100, expires_on=expires)
        for kind in (31, 32, 34)
    }


@pytest.fixture
def certificate(in_do: Tenant) -> EcfCertificate:
    return ecf_certificate_upload(p12=p12_make(rnc=RNC), password="clave-de-prueba")


def _customer(tax_id: str = BUYER_RNC, name: str = "Supermercado La Fe SRL") -> int:
    party = party_create(legal_name=name, country="DO", tax_id=tax_id, is_customer=True, currency="DOP").party
    return party.pk


LINES = [
    ("Servicio de consultoría", "2", "1000.00", "do-itbis-18"),
    ("Yogurt natural", "10", "50.00", "do-itbis-16"),
    ("Libro de texto", "1", "200.00", "do-exento"),
]


def _issue(customer: int, lines: list[tuple[str, str, str, str]] = LINES, **extra: object) -> Invoice:
    data = DraftData(
        customer=customer,
        lines=[
            LineData(description=text, quantity=Decimal(qty), unit_price=Decimal(price), tax_code=code)
            for text, qty, price, code in lines
        ],
        **extra,  # type: ignore[arg-type]
    )
    return invoice_issue(invoice=invoice_create(data=data))


def _officially_valid(document: bytes, tmp_path: Path) -> dict:  # type: ignore[type-arg]
    """Asserts the product's validator and the kit's rules find no error; returns the kit's report."""
    assert einvoice_validate(document, profile="ecf").findings == ()
    kit = ecf_kit_report(document, tmp_path)
    assert (kit["valid"], kit["errors"]) == (True, [])
    return kit


# Numbering ---------------------------------------------------------------------------------


def test_a_dominican_company_numbers_by_ecf_type(ranges: dict[int, EncfRange]) -> None:
    credit = _issue(_customer())
    consumer = _issue(_customer(tax_id="", name="Farmacia Carol"))
    second = _issue(_customer(tax_id="00113918205", name="Juan Pérez"))
    note = invoice_issue(invoice=credit_note_create(invoice=credit))

    assert [credit.number, consumer.number, second.number, note.number] == [
        "E310000000001",
        "E320000000001",
        "E310000000002",
        "E340000000001",
    ]
    assert [r.next_number for r in EncfRange.objects.order_by("ecf_type")] == [3, 2, 2]


def test_without_ranges_a_dominican_company_keeps_series_numbers(in_do: Tenant) -> None:
    invoice = _issue(_customer())

    assert invoice.number.startswith(f"RE-{TODAY().year}-")


def test_a_german_company_is_not_touched_by_ecf(in_alpha: Tenant) -> None:
    EncfRangeFactory()  # even with a stray range in its books
    line = LineData(description="Montage", quantity=Decimal("1"), unit_price=Decimal("100"), tax_code="de-standard-19")
    customer = party_create(legal_name="Müller KG", country="DE", is_customer=True).party.pk
    invoice = invoice_issue(invoice=invoice_create(data=DraftData(customer=customer, lines=[line])))

    assert invoice.number.startswith("RE-")


@pytest.mark.parametrize(
    ("next_number", "expires_in_days", "code"),
    [(101, 30, "encf_exhausted"), (5, -1, "encf_expired")],
)
def test_an_exhausted_or_expired_range_refuses_and_takes_nothing(
    in_do: Tenant, next_number: int, expires_in_days: int, code: str
) -> None:
    encf_range = EncfRangeFactory(
        ecf_type=31,
        first_number=1,
        last_number=100,
        next_number=next_number,
        expires_on=TODAY() + datetime.timedelta(days=expires_in_days),
    )
    draft = invoice_create(
        data=DraftData(customer=_customer(), lines=[LineData("Servicio", Decimal("1"), Decimal("10"), "do-itbis-18")])
    )

    with pytest.raises(ApplicationError) as refused:
        invoice_issue(invoice=draft)

    assert (refused.value.code, refused.value.field) == (code, "ecf_type")
    draft.refresh_from_db()
    assert (draft.status, draft.number) == (InvoiceStatus.DRAFT, "")
    encf_range.refresh_from_db()
    assert encf_range.next_number == next_number


def test_an_expired_range_with_numbers_left_gives_way_to_the_new_one(in_do: Tenant) -> None:
    EncfRangeFactory(ecf_type=32, first_number=1, last_number=50, expires_on=TODAY() - datetime.timedelta(days=1))
    EncfRangeFactory(ecf_type=32, first_number=51, last_number=100, expires_on=TODAY() + datetime.timedelta(days=9))

    assert encf_take(ecf_type=32) == "E320000000051"


def test_a_consumer_invoice_from_250k_needs_the_buyer_id(ranges: dict[int, EncfRange]) -> None:
    draft = invoice_create(
        data=DraftData(
            customer=_customer(tax_id="", name="Cliente de contado"),
            lines=[LineData("Camión", Decimal("1"), Decimal("250000.00"), "do-exento")],
        )
    )

    with pytest.raises(ApplicationError) as refused:
        invoice_issue(invoice=draft)

    assert (refused.value.code, refused.value.field) == ("ecf_buyer_id_required", "customer")
    assert ranges[32].next_number == EncfRange.objects.get(pk=ranges[32].pk).next_number == 1


def test_overlapping_ranges_are_refused_by_the_service_and_the_database(ranges: dict[int, EncfRange]) -> None:
    with pytest.raises(ApplicationError) as refused:
        encf_range_create(ecf_type=31, first_number=100, last_number=200, expires_on=TODAY())
    assert (refused.value.code, refused.value.field) == ("encf_range_overlap", "first_number")

    with pytest.raises(IntegrityError), transaction.atomic():
        EncfRange.objects.create(ecf_type=31, first_number=50, last_number=60, next_number=50, expires_on=TODAY())

    other_type = encf_range_create(ecf_type=33, first_number=1, last_number=100, expires_on=TODAY())
    assert other_type.next_number == 1


def test_a_range_must_run_forwards(in_do: Tenant) -> None:
    with pytest.raises(ApplicationError) as refused:
        encf_range_create(ecf_type=31, first_number=10, last_number=9, expires_on=TODAY())

    assert (refused.value.code, refused.value.field) == ("encf_range_bounds", "last_number")
    assert not EncfRange.objects.exists()


def test_numbers_are_gapless_under_concurrency(scratch_company, committed, in_threads) -> None:  # type: ignore[no-untyped-def]
    company = scratch_company("ecf", country="DO")

    def setup() -> None:
        with tenant_context(company):
            encf_range_create(ecf_type=32, first_number=1, last_number=1000, expires_on=datetime.date(2099, 12, 31))

    committed(setup)

    def take(index: int) -> str | None:
        with tenant_context(company):
            try:
                with transaction.atomic():
                    number = encf_take(ecf_type=32)
                    if index == 0:
                        raise RuntimeError("issuing failed after the number was taken")
                    return number
            except RuntimeError:
                return None

    numbers = sorted(filter(None, in_threads(take, 6)))

    assert numbers == [f"E32{n:010d}" for n in range(1, 6)]

    def next_number() -> int:
        with tenant_context(company):
            return EncfRange.objects.get().next_number

    assert committed(next_number) == 6


# The document ------------------------------------------------------------------------------


def _verified(document: bytes) -> etree._Element:
    cert = pkcs12.load_key_and_certificates(p12_make(rnc=RNC), b"clave-de-prueba")[1]
    assert cert is not None
    return XMLVerifier().verify(document, x509_cert=cert.public_bytes(Encoding.PEM).decode()).signed_xml


def test_a_tax_credit_ecf_carries_the_dgii_totals_and_passes_the_official_checks(
    ranges: dict[int, EncfRange], certificate: EcfCertificate, tmp_path: Path
) -> None:
    invoice = _issue(_customer())

    document = ecf_render(invoice)

    kit = _officially_valid(document, tmp_path)
    assert kit["warnings"] == []
    root = etree.fromstring(document)
    totals = {child.tag: child.text for child in root.find("Encabezado/Totales")}
    assert totals == {
        "MontoGravadoTotal": "2500.00",
        "MontoGravadoI1": "2000.00",
        "MontoGravadoI2": "500.00",
        "MontoExento": "200.00",
        "ITBIS1": "18",
        "ITBIS2": "16",
        "TotalITBIS": "440.00",
        "TotalITBIS1": "360.00",
        "TotalITBIS2": "80.00",
        "MontoTotal": "3140.00",
    }
    assert Decimal(totals["MontoTotal"]) == invoice.total_gross
    assert root.findtext("Encabezado/IdDoc/eNCF") == "E310000000001"
    assert root.findtext("Encabezado/IdDoc/FechaVencimientoSecuencia") == f"31-12-{TODAY().year + 1}"
    assert root.findtext("Encabezado/Comprador/RNCComprador") == BUYER_RNC
    assert [i.findtext("IndicadorFacturacion") for i in root.iterfind("DetallesItems/Item")] == ["1", "2", "4"]
    assert kit["info"]["codigo_seguridad"] == security_code(document)


def test_a_consumer_ecf_with_zero_rate_and_a_line_discount_passes_the_official_checks(
    ranges: dict[int, EncfRange], certificate: EcfCertificate, tmp_path: Path
) -> None:
    customer = _customer(tax_id="", name="Farmacia Carol")
    draft = invoice_create(
        data=DraftData(
            customer=customer,
            lines=[
                LineData("Medicamento", Decimal("3"), Decimal("99.99"), "do-itbis-0"),
                LineData(
                    "Cosméticos", Decimal("1.5"), Decimal("333.33"), "do-itbis-18", discount_percent=Decimal("10")
                ),
            ],
        )
    )
    invoice = invoice_issue(invoice=draft)

    document = ecf_render(invoice)

    _officially_valid(document, tmp_path)
    root = etree.fromstring(document)
    assert root.findtext("Encabezado/IdDoc/TipoeCF") == "32"
    assert root.find("Encabezado/IdDoc/FechaVencimientoSecuencia") is None
    assert root.find("Encabezado/Comprador/RNCComprador") is None
    assert root.findtext("Encabezado/Totales/MontoTotal") == f"{invoice.total_gross}"


def test_a_credit_note_ecf_references_the_modified_encf(
    ranges: dict[int, EncfRange], certificate: EcfCertificate, tmp_path: Path
) -> None:
    invoice = _issue(_customer())
    draft = credit_note_create(invoice=invoice, lines=[(2, Decimal("10"))])
    draft.notes = "Devolución de mercancía"
    draft.save(update_fields=["notes"])
    note = invoice_issue(invoice=draft)

    document = ecf_render(note)

    _officially_valid(document, tmp_path)
    root = etree.fromstring(document)
    reference = {child.tag: child.text for child in root.find("InformacionReferencia")}
    assert reference == {
        "NCFModificado": "E310000000001",
        "FechaNCFModificado": TODAY().strftime("%d-%m-%Y"),
        "CodigoModificacion": "3",
        "RazonModificacion": "Devolución de mercancía",
    }
    assert root.findtext("Encabezado/Totales/MontoTotal") == "580.00"


def test_the_signature_verifies_with_the_certificate_and_breaks_when_edited(
    ranges: dict[int, EncfRange], certificate: EcfCertificate
) -> None:
    document = ecf_render(_issue(_customer()))

    signed = _verified(document)
    assert signed.findtext("Encabezado/IdDoc/eNCF") == "E310000000001"
    root = etree.fromstring(document)
    assert root[-1].tag == "{http://www.w3.org/2000/09/xmldsig#}Signature"
    assert root[-2].tag == "FechaHoraFirma"
    assert len(security_code(document)) == 6
    tampered = document.replace(b"<MontoTotal>3140.00<", b"<MontoTotal>3500.00<")
    with pytest.raises((InvalidDigest, InvalidSignature)):
        _verified(tampered)


# Refusals ----------------------------------------------------------------------------------


def test_a_draft_has_no_ecf(ranges: dict[int, EncfRange], certificate: EcfCertificate) -> None:
    draft = invoice_create(
        data=DraftData(customer=_customer(), lines=[LineData("S", Decimal("1"), Decimal("1"), "do-itbis-18")])
    )

    with pytest.raises(ApplicationError) as refused:
        ecf_render(draft)

    assert (refused.value.code, refused.value.field) == ("ecf_draft", "status")


def test_no_certificate_no_ecf(ranges: dict[int, EncfRange]) -> None:
    invoice = _issue(_customer())

    with pytest.raises(ApplicationError) as refused:
        ecf_render(invoice)

    assert (refused.value.code, refused.value.field) == ("ecf_certificate_missing", "certificate")


@pytest.mark.parametrize(
    ("rnc", "days_left", "password", "code", "field"),
    [
        ("101014334", 365, "clave-de-prueba", "ecf_certificate_rnc_mismatch", "certificate"),
        (RNC, -1, "clave-de-prueba", "ecf_certificate_expired", "certificate"),
        (RNC, 365, "otra-clave", "ecf_certificate_unreadable", "password"),
    ],
)
def test_a_certificate_that_cannot_sign_for_the_company_is_refused(
    in_do: Tenant, rnc: str, days_left: int, password: str, code: str, field: str
) -> None:
    now = timezone.now()
    p12 = p12_make(
        rnc=rnc, not_before=now - datetime.timedelta(days=400), not_after=now + datetime.timedelta(days=days_left)
    )

    with pytest.raises(ApplicationError) as refused:
        ecf_certificate_upload(p12=p12, password=password)

    assert (refused.value.code, refused.value.field) == (code, field)
    assert not EcfCertificate.objects.exists()


def test_the_certificate_and_its_password_are_stored_encrypted(certificate: EcfCertificate) -> None:
    stored = EcfCertificate.objects.get()

    assert stored.subject_rnc == RNC
    assert secret_decrypt(stored.encrypted_password) == b"clave-de-prueba"
    assert b"clave-de-prueba" not in bytes(stored.encrypted_password)
    opened = pkcs12.load_key_and_certificates(secret_decrypt(stored.encrypted_p12), b"clave-de-prueba")
    assert opened[1] is not None and opened[1].subject.rfc4514_string().startswith("CN=CERTIFICADO DE PRUEBA")
    assert bytes(stored.encrypted_p12)[:1] != b"\x30"  # not the DER of the .p12 itself


def test_a_certificate_that_expired_since_upload_stops_signing(
    ranges: dict[int, EncfRange], certificate: EcfCertificate
) -> None:
    invoice = _issue(_customer())
    now = timezone.now()
    expired = p12_make(
        rnc=RNC, not_before=now - datetime.timedelta(days=400), not_after=now - datetime.timedelta(days=1)
    )
    EcfCertificate.objects.update(encrypted_p12=secret_encrypt(expired), valid_to=now - datetime.timedelta(days=1))

    with pytest.raises(ApplicationError) as refused:
        ecf_render(invoice)

    assert (refused.value.code, refused.value.field) == ("ecf_certificate_expired", "certificate")


def test_the_dominican_demo_issues_signed_ecf(in_do: Tenant, tmp_path: Path) -> None:

    invoicing_demo_seed(in_do)  # before any range: series numbers, as a company not yet on e-CF
    ecf_demo_seed(in_do)

    ecf = Invoice.objects.filter(number__startswith="E").order_by("number")
    assert [invoice.number for invoice in ecf] == ["E310000000001", "E320000000001"]
    assert Invoice.objects.exclude(status=InvoiceStatus.DRAFT).exclude(number__startswith="E").exists()
    for invoice in ecf:
        _officially_valid(ecf_render(invoice), tmp_path)


# Through HTTP ------------------------------------------------------------------------------


def test_the_api_serves_the_signed_ecf_and_names_what_is_missing(
    ranges: dict[int, EncfRange],
    token_for,  # type: ignore[no-untyped-def]
) -> None:
    invoice = _issue(_customer())
    client = token_for(connection.tenant, User.objects.get(email="owner@caribe.test"))
    path = f"/api/v1/invoices/{invoice.pk}/einvoice/ecf/"

    refused = client.get(path)
    ecf_certificate_upload(p12=p12_make(rnc=RNC), password="clave-de-prueba")
    served = client.get(path)
    checked = client.post(f"{path}validate/", {}, format="json")

    assert refused.status_code == 400
    assert [(e["code"], e["field"]) for e in refused.json()["errors"]] == [("ecf_certificate_missing", "certificate")]
    assert served.status_code == 200
    assert etree.fromstring(served.content).findtext("Encabezado/IdDoc/eNCF") == "E310000000001"
    _verified(served.content)
    assert checked.status_code == 200, checked.content
