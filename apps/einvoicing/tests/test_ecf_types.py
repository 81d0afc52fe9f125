"""e-CF types 33, 44, 45 and 46: the buyer decides the type, DGII's schema decides what it may carry.

Each document is issued through the invoicing services, signed, and must pass the DGII XSD and
the kit's business rules; each refusal names its field and leaves the draft and the ranges as
they were.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone
from lxml import etree

from apps.core.errors import ApplicationError
from apps.einvoicing.ecf import ecf_render, ecf_type_for
from apps.einvoicing.models import EncfRange
from apps.einvoicing.services import encf_range_create
from apps.einvoicing.tests.test_ecf import (  # noqa: F401 - fixtures: the Dominican company and its certificate
    BUYER_RNC,
    LINES,
    _issue,
    _officially_valid,
    certificate,
    in_do,
    tenant_c,
)
from apps.invoicing.models import Invoice, InvoiceStatus
from apps.invoicing.services import (
    DraftData,
    LineData,
    debit_note_create,
    invoice_create,
    invoice_issue,
    invoice_update,
)
from apps.parties.models import FiscalRegime, Party
from apps.parties.services import party_create
from apps.tenants.models import Tenant

pytestmark = pytest.mark.django_db
FREE_ZONE_RNC = "501000001"
MINISTRY_RNC = "401007551"
TYPES = (31, 32, 33, 34, 44, 45, 46)


@pytest.fixture
def ranges(in_do: Tenant) -> dict[int, EncfRange]:  # noqa: F811
    expires = datetime.date(timezone.localdate().year + 1, 12, 31)
    return {
        kind: encf_range_create(ecf_type=kind, first_number=1, last_number=100, expires_on=expires) for kind in TYPES
    }


def _customer(name: str, *, country: str = "DO", tax_id: str = "", regime: str = FiscalRegime.STANDARD) -> int:
    party = party_create(
        legal_name=name, country=country, tax_id=tax_id, fiscal_regime=regime, is_customer=True, currency="DOP"
    )
    return party.party.pk


def _document(invoice: Invoice, tmp_path: Path) -> etree._Element:
    """The signed e-CF, without error or warning from the DGII XSD and the kit's rules, as a tree to read."""
    document = ecf_render(invoice)
    assert _officially_valid(document, tmp_path)["warnings"] == []
    return etree.fromstring(document)


def _children(root: etree._Element, path: str) -> dict[str, str | None]:
    return {child.tag: child.text for child in root.find(path)}


def _expiry() -> str:
    return f"31-12-{timezone.localdate().year + 1}"


# The type each buyer gets -------------------------------------------------------------------


@pytest.mark.usefixtures("certificate")
def test_a_special_regime_buyer_gets_an_exempt_ecf_44(ranges: dict[int, EncfRange], tmp_path: Path) -> None:
    customer = _customer("Zona Franca Industrial Las Américas SA", tax_id=FREE_ZONE_RNC, regime="special_regime")
    invoice = _issue(
        customer,
        [
            ("Materia prima: tela de algodón", "120", "85.50", "do-exento"),
            ("Servicio de corte", "8", "1250.00", "do-exento"),
        ],
    )

    root = _document(invoice, tmp_path)

    assert invoice.number == "E440000000001"
    assert _children(root, "Encabezado/IdDoc") == {
        "TipoeCF": "44",
        "eNCF": "E440000000001",
        "FechaVencimientoSecuencia": _expiry(),
        "TipoIngresos": "01",
        "TipoPago": "2",
        "FechaLimitePago": invoice.due_date.strftime("%d-%m-%Y"),  # type: ignore[union-attr]
    }
    assert _children(root, "Encabezado/Comprador") == {
        "RNCComprador": FREE_ZONE_RNC,
        "RazonSocialComprador": "Zona Franca Industrial Las Américas SA",
    }
    assert _children(root, "Encabezado/Totales") == {"MontoExento": "20260.00", "MontoTotal": "20260.00"}
    assert invoice.total_gross == Decimal("20260.00")
    assert [i.findtext("IndicadorFacturacion") for i in root.iterfind("DetallesItems/Item")] == ["4", "4"]


@pytest.mark.usefixtures("certificate")
def test_a_government_body_gets_an_ecf_45_with_every_itbis_rate(ranges: dict[int, EncfRange], tmp_path: Path) -> None:
    customer = _customer("Ministerio de Educación", tax_id=MINISTRY_RNC, regime="government")
    invoice = _issue(customer)  # 18 %, 16 % and exempt lines

    root = _document(invoice, tmp_path)

    assert invoice.number == "E450000000001"
    assert root.findtext("Encabezado/IdDoc/TipoeCF") == "45"
    assert root.findtext("Encabezado/IdDoc/FechaVencimientoSecuencia") == _expiry()
    assert root.findtext("Encabezado/IdDoc/IndicadorMontoGravado") == "0"
    assert root.findtext("Encabezado/Comprador/RNCComprador") == MINISTRY_RNC
    assert _children(root, "Encabezado/Totales") == {
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
    assert invoice.total_gross == Decimal("3140.00")


@pytest.mark.usefixtures("certificate")
def test_a_buyer_abroad_gets_an_export_ecf_46_at_itbis_0(ranges: dict[int, EncfRange], tmp_path: Path) -> None:
    customer = _customer("Cigar Importers Inc", country="US", tax_id="12-3456789")
    invoice = _issue(
        customer,
        [
            ("Cigarros hechos a mano, caja de 25", "40", "1500.00", "do-itbis-0"),
            ("Humidor de cedro", "2", "4250.75", "do-itbis-0"),
        ],
    )

    root = _document(invoice, tmp_path)

    assert invoice.number == "E460000000001"
    id_doc = _children(root, "Encabezado/IdDoc")
    assert (id_doc["TipoeCF"], id_doc["FechaVencimientoSecuencia"]) == ("46", _expiry())
    assert "IndicadorMontoGravado" not in id_doc  # not declared in the 46 schema
    assert _children(root, "Encabezado/Comprador") == {
        "IdentificadorExtranjero": "12-3456789",
        "RazonSocialComprador": "Cigar Importers Inc",
        "PaisComprador": "Estados Unidos",
    }
    assert _children(root, "Encabezado/Totales") == {
        "MontoGravadoTotal": "68501.50",
        "MontoGravadoI3": "68501.50",
        "ITBIS3": "0",
        "TotalITBIS": "0.00",
        "TotalITBIS3": "0.00",
        "MontoTotal": "68501.50",
    }
    assert invoice.total_gross == Decimal("68501.50")


@pytest.mark.usefixtures("certificate")
def test_a_debit_note_is_an_ecf_33_referencing_the_invoice(ranges: dict[int, EncfRange], tmp_path: Path) -> None:
    customer = _customer("Supermercado La Fe SRL", tax_id=BUYER_RNC)
    invoice = _issue(customer)
    draft = debit_note_create(invoice=invoice, reason="Intereses por mora y flete omitido")
    invoice_update(
        invoice=draft,
        data=DraftData(
            customer=customer,
            lines=[
                LineData("Intereses por mora", Decimal("1"), Decimal("150.00"), "do-exento"),
                LineData("Flete omitido", Decimal("1"), Decimal("500.00"), "do-itbis-18"),
            ],
            notes="Intereses por mora y flete omitido",
        ),
    )
    note = invoice_issue(invoice=draft)

    root = _document(note, tmp_path)

    assert note.number == "E330000000001"
    id_doc = _children(root, "Encabezado/IdDoc")
    assert (id_doc["TipoeCF"], id_doc["FechaVencimientoSecuencia"]) == ("33", _expiry())
    assert "IndicadorNotaCredito" not in id_doc
    assert _children(root, "InformacionReferencia") == {
        "NCFModificado": "E310000000001",
        "FechaNCFModificado": timezone.localdate().strftime("%d-%m-%Y"),
        "CodigoModificacion": "3",
        "RazonModificacion": "Intereses por mora y flete omitido",
    }
    assert _children(root, "Encabezado/Totales") == {
        "MontoGravadoTotal": "500.00",
        "MontoGravadoI1": "500.00",
        "MontoExento": "150.00",
        "ITBIS1": "18",
        "TotalITBIS": "90.00",
        "TotalITBIS1": "90.00",
        "MontoTotal": "740.00",
    }
    assert note.total_gross == Decimal("740.00")


def test_the_existing_types_are_unchanged_for_standard_dominican_buyers(ranges: dict[int, EncfRange]) -> None:
    with_rnc = _issue(_customer("Ferretería Ochoa SRL", tax_id=BUYER_RNC))
    consumer = _issue(_customer("Juan Pérez"))

    assert (with_rnc.number, consumer.number) == ("E310000000001", "E320000000001")


# What DGII would reject is refused when issuing ------------------------------------------------


@pytest.mark.parametrize(
    ("regime", "country", "tax_id", "lines", "code", "field"),
    [
        ("special_regime", "DO", "", [("Tela", "1", "100.00", "do-exento")], "ecf_buyer_id_required", "customer"),
        ("government", "DO", "", [("Papel", "1", "100.00", "do-itbis-18")], "ecf_buyer_id_required", "customer"),
        (
            "special_regime",
            "DO",
            FREE_ZONE_RNC,
            [("Tela", "1", "100.00", "do-exento"), ("Hilo", "1", "10.00", "do-itbis-18")],
            "ecf_itbis_not_allowed",
            "lines.1.tax_code",
        ),
        (
            "standard",
            "US",
            "",
            [("Cigarros", "1", "100.00", "do-itbis-0"), ("Flete local", "1", "10.00", "do-itbis-18")],
            "ecf_itbis_not_allowed",
            "lines.1.tax_code",
        ),
        ("standard", "US", "", [("Libros", "1", "100.00", "do-exento")], "ecf_itbis_not_allowed", "lines.0.tax_code"),
    ],
    ids=["44-without-rnc", "45-without-rnc", "44-with-itbis-18", "46-with-itbis-18", "46-with-exempt"],
)
def test_what_dgii_would_reject_is_refused_and_nothing_is_issued(
    ranges: dict[int, EncfRange],
    regime: str,
    country: str,
    tax_id: str,
    lines: list[tuple[str, str, str, str]],
    code: str,
    field: str,
) -> None:
    customer = _customer("Cliente", country=country, tax_id=tax_id, regime=regime)
    draft = invoice_create(
        data=DraftData(
            customer=customer,
            lines=[LineData(text, Decimal(qty), Decimal(price), tax) for text, qty, price, tax in lines],
        )
    )

    with pytest.raises(ApplicationError) as refused:
        invoice_issue(invoice=draft)

    assert (refused.value.code, refused.value.field) == (code, field)
    draft.refresh_from_db()
    assert (draft.status, draft.number) == (InvoiceStatus.DRAFT, "")
    assert [r.next_number for r in EncfRange.objects.order_by("ecf_type")] == [1] * len(TYPES)


def test_a_foreign_tax_id_longer_than_dgii_takes_is_refused(ranges: dict[int, EncfRange]) -> None:
    customer = _customer("Rhum Barbancourt SA", country="HT", tax_id="NIF-000-123-456-7890-AB")
    draft = invoice_create(
        data=DraftData(customer=customer, lines=[LineData("Ron", Decimal("1"), Decimal("9"), "do-itbis-0")])
    )

    with pytest.raises(ApplicationError) as refused:
        invoice_issue(invoice=draft)

    assert (refused.value.code, refused.value.field) == ("ecf_buyer_id_invalid", "customer")
    assert EncfRange.objects.get(ecf_type=46).next_number == 1


def test_an_export_in_dollars_is_refused_before_an_encf_is_spent(ranges: dict[int, EncfRange]) -> None:
    customer = _customer("Cigar Importers Inc", country="US")
    draft = invoice_create(
        data=DraftData(
            customer=customer,
            lines=[LineData("Cigarros", Decimal("10"), Decimal("25.00"), "do-itbis-0")],
            currency="USD",
            exchange_rate=Decimal("58.50"),
        )
    )

    with pytest.raises(ApplicationError) as refused:
        invoice_issue(invoice=draft)

    assert (refused.value.code, refused.value.field) == ("ecf_currency", "currency")
    draft.refresh_from_db()
    assert (draft.status, draft.number) == (InvoiceStatus.DRAFT, "")
    assert EncfRange.objects.get(ecf_type=46).next_number == 1


def test_an_issued_ecf_keeps_its_type_when_the_customer_is_reclassified(ranges: dict[int, EncfRange]) -> None:
    customer = _customer("Ferretería Ochoa SRL", tax_id=BUYER_RNC)
    invoice = _issue(customer, LINES)
    Party.objects.filter(pk=customer).update(fiscal_regime=FiscalRegime.GOVERNMENT)
    invoice.refresh_from_db()

    assert ecf_type_for(invoice) == 31
