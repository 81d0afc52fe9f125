"""Purchase e-CF (41 Compras, 43 Gastos menores, 47 Pagos al exterior) through the API, as an accountant issues them.

Each document is checked with the product's validator (DGII XSD) and the kit's business rules,
its signature with the company's test certificate. Refusals must leave no row behind and give
the e-NCF back; sending goes to the local DGII server of test_dgii.
"""
# ruff: noqa: F811 - the fixtures of test_ecf and test_dgii are imported by name

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone
from lxml import etree

from apps.einvoicing.ecf import security_code
from apps.einvoicing.ecf.signing import secret_encrypt
from apps.einvoicing.models import EcfCertificate, EinvoiceTransmission, EncfRange, PurchaseEcf, TransmissionStatus
from apps.einvoicing.services import encf_range_create
from apps.einvoicing.tests.factories import PurchaseEcfFactory, p12_make
from apps.parties.services import party_create
from apps.tenants.models import Role, Tenant, User
from apps.tenants.services import membership_grant
from apps.tenants.tests.factories import UserFactory

from .test_dgii import DgiiServer, dgii  # noqa: F401 - fixture
from .test_ecf import RNC, _officially_valid, _verified, certificate, in_do, tenant_c  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db
URL = "/api/v1/purchase-ecf/"
INFORMAL_CEDULA = "00113918205"
FOREIGN_ID = "98-7654321"


@pytest.fixture
def purchase_ranges(in_do: Tenant) -> dict[int, EncfRange]:
    expires = datetime.date(timezone.localdate().year + 1, 12, 31)
    return {
        kind: encf_range_create(ecf_type=kind, first_number=1, last_number=100, expires_on=expires)
        for kind in (41, 43, 47)
    }


@pytest.fixture
def client(in_do: Tenant, token_for):  # type: ignore[no-untyped-def]
    return token_for(in_do, User.objects.get(email="owner@caribe.test"))


def _supplier(country: str, tax_id: str, name: str) -> int:
    return party_create(legal_name=name, country=country, tax_id=tax_id, is_supplier=True, currency="DOP").party.pk


def _line(description: str, quantity: str, unit_price: str, **extra: Any) -> dict[str, Any]:
    return {"description": description, "quantity": quantity, "unit_price": unit_price, **extra}


def _next_numbers() -> dict[int, int]:
    return dict(EncfRange.objects.values_list("ecf_type", "next_number"))


CASES = {
    41: (
        ("DO", INFORMAL_CEDULA, "Pedro Martínez"),
        [
            _line(
                "Reparación de verja", "1", "10000.00", itbis_bucket=1, itbis_withheld="1800.00", isr_withheld="1000.00"
            ),
            # 3 × 333.335 = 1000.005: half-up gives 1000.01 where banker's rounding would give 1000.00
            _line("Sacos de cemento", "3", "333.335", itbis_bucket=2, is_service=False),
            _line("Transporte\nDesde Baní", "1", "500.00", itbis_bucket=4),
        ],
        {
            "taxable_amount": "11000.01",
            "exempt_amount": "500.00",
            "itbis_amount": "1960.00",  # 18 % of 10000.00 + 16 % of 1000.01 (160.0016)
            "total": "13460.01",
            "itbis_withheld": "1800.00",
            "isr_withheld": "1000.00",
            "amount_payable": "10660.01",
        },
    ),
    43: (
        None,
        [_line("Parqueo", "2", "100.00"), _line("Peaje autopista Duarte", "3", "50.00")],
        {
            "taxable_amount": "0.00",
            "exempt_amount": "350.00",
            "itbis_amount": "0.00",
            "total": "350.00",
            "itbis_withheld": "0.00",
            "isr_withheld": "0.00",
            "amount_payable": "350.00",
        },
    ),
    47: (
        ("US", FOREIGN_ID, "Cloud Software Inc."),
        [_line("Licencia de software anual", "1", "100000.00", isr_withheld="27000.00")],
        {
            "taxable_amount": "0.00",
            "exempt_amount": "100000.00",
            "itbis_amount": "0.00",
            "total": "100000.00",
            "itbis_withheld": "0.00",
            "isr_withheld": "27000.00",
            "amount_payable": "73000.00",
        },
    ),
}


def _create(client, ecf_type: int, *, lines: list[dict[str, Any]] | None = None, supplier: int | None = None):  # type: ignore[no-untyped-def]
    party, case_lines, _totals = CASES[ecf_type]
    if supplier is None and party is not None:
        supplier = _supplier(*party)
    body = {"ecf_type": ecf_type, "supplier": supplier, "issue_date": str(timezone.localdate())}
    return client.post(URL, {**body, "lines": lines or case_lines}, format="json")


@pytest.mark.parametrize("ecf_type", [41, 43, 47])
def test_a_purchase_ecf_is_issued_signed_and_officially_valid(  # type: ignore[no-untyped-def]
    client,
    purchase_ranges,
    certificate,
    tmp_path: Path,
    ecf_type: int,
) -> None:
    response = _create(client, ecf_type)

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["encf"] == f"E{ecf_type}0000000001"
    assert {key: body[key] for key in CASES[ecf_type][2]} == CASES[ecf_type][2]
    purchase = PurchaseEcf.objects.get()
    assert _next_numbers()[ecf_type] == 2
    download = client.get(f"{URL}{purchase.pk}/xml/")
    assert download.status_code == 200
    assert download["Content-Disposition"] == f'attachment; filename="{RNC}{purchase.encf}.xml"'
    document = download.content
    assert document == bytes(purchase.document)
    assert body["security_code"] == security_code(document) and len(body["security_code"]) == 6
    _officially_valid(document, tmp_path)
    root = _verified(document)
    assert root.findtext("Encabezado/IdDoc/eNCF") == purchase.encf
    assert root.findtext("Encabezado/Totales/MontoTotal") == CASES[ecf_type][2]["total"]
    if ecf_type == 43:
        assert root.find("Encabezado/Comprador") is None
    else:
        assert root.findtext("Encabezado/Totales/ValorPagar") == CASES[ecf_type][2]["amount_payable"]
    detail = client.get(f"{URL}{purchase.pk}/")
    assert detail.status_code == 200 and detail.json() == body


def test_a_purchase_from_an_informal_supplier_names_it_and_withholds_per_line(  # type: ignore[no-untyped-def]
    client,
    purchase_ranges,
    certificate,
) -> None:
    response = _create(client, 41)

    root = etree.fromstring(bytes(PurchaseEcf.objects.get(pk=response.json()["id"]).document))
    assert root.findtext("Encabezado/Comprador/RNCComprador") == INFORMAL_CEDULA
    assert root.findtext("Encabezado/Comprador/RazonSocialComprador") == "Pedro Martínez"
    assert root.findtext("Encabezado/Totales/TotalITBISRetenido") == "1800.00"
    assert [item.findtext("MontoItem") for item in root.iterfind("DetallesItems/Item")] == [
        "10000.00",
        "1000.01",
        "500.00",
    ]
    assert [item.findtext("Retencion/MontoISRRetenido") for item in root.iterfind("DetallesItems/Item")] == [
        "1000.00",
        "0.00",
        "0.00",
    ]
    assert [line["amount"] for line in response.json()["lines"]] == ["10000.00", "1000.01", "500.00"]


@pytest.mark.parametrize(
    ("ecf_type", "lines", "code", "field"),
    [
        (
            43,
            [_line("Parqueo", "1", "100.00"), _line("Peaje", "1", "50.00"), _line("Peaje", "1", "-5.00")],
            "min_value",
            "lines.2.unit_price",
        ),
        (43, [_line("Parqueo", "1", "100.00", itbis_bucket=1)], "ecf_itbis_not_allowed", "lines.0.itbis_bucket"),
        (
            43,
            [_line("Parqueo", "1", "100", isr_withheld="10.00")],
            "ecf_withholding_not_allowed",
            "lines.0.isr_withheld",
        ),
        (47, [_line("Licencia", "1", "100.00", isr_withheld="100.01")], "max_value", "lines.0.isr_withheld"),
        (
            41,
            [_line("Verja", "1", "100", itbis_bucket=1, itbis_withheld="18.01")],
            "max_value",
            "lines.0.itbis_withheld",
        ),
        (41, [_line("Verja", "0", "100.00")], "min_value", "lines.0.quantity"),
        (41, [_line("  ", "1", "100.00")], "blank", "lines.0.description"),
    ],
)
def test_a_bad_line_is_refused_by_field_and_takes_no_number(  # type: ignore[no-untyped-def]
    client,
    purchase_ranges,
    certificate,
    ecf_type,
    lines,
    code,
    field,
) -> None:
    response = _create(client, ecf_type, lines=lines)

    assert response.status_code == 400, response.content
    assert [(e["code"], e["field"]) for e in response.json()["errors"]] == [(code, field)]
    assert not PurchaseEcf.objects.exists()
    assert _next_numbers() == {41: 1, 43: 1, 47: 1}


@pytest.mark.parametrize(
    ("ecf_type", "party", "lines", "code", "field"),
    [
        (41, None, CASES[41][1], "required", "supplier"),
        (41, ("US", FOREIGN_ID, "Cloud Software Inc."), CASES[41][1], "ecf_supplier_id_invalid", "supplier"),
        (47, ("DO", INFORMAL_CEDULA, "Pedro Martínez"), CASES[47][1], "ecf_supplier_not_foreign", "supplier"),
        (43, None, [], "required", "lines"),
    ],
)
def test_a_wrong_supplier_or_no_lines_is_refused(  # type: ignore[no-untyped-def]
    client,
    purchase_ranges,
    certificate,
    ecf_type,
    party,
    lines,
    code,
    field,
) -> None:
    supplier = _supplier(*party) if party else None
    body = {"ecf_type": ecf_type, "supplier": supplier, "issue_date": str(timezone.localdate()), "lines": lines}

    response = client.post(URL, body, format="json")

    assert response.status_code == 400, response.content
    assert [(e["code"], e["field"]) for e in response.json()["errors"]] == [(code, field)]
    assert not PurchaseEcf.objects.exists()
    assert _next_numbers() == {41: 1, 43: 1, 47: 1}


def test_without_a_range_of_the_type_nothing_is_issued(client, in_do, certificate) -> None:  # type: ignore[no-untyped-def]
    encf_range_create(ecf_type=43, first_number=1, last_number=10, expires_on=datetime.date(2099, 12, 31))

    response = _create(client, 47)

    assert response.status_code == 400
    assert [(e["code"], e["field"]) for e in response.json()["errors"]] == [("encf_exhausted", "ecf_type")]
    assert not PurchaseEcf.objects.exists()
    assert _next_numbers() == {43: 1}


def test_an_expired_certificate_issues_nothing(client, purchase_ranges, certificate: EcfCertificate) -> None:  # type: ignore[no-untyped-def]
    now = timezone.now()
    expired = p12_make(
        rnc=RNC, not_before=now - datetime.timedelta(days=400), not_after=now - datetime.timedelta(days=1)
    )
    EcfCertificate.objects.update(encrypted_p12=secret_encrypt(expired))

    response = _create(client, 43)

    assert response.status_code == 400
    assert [(e["code"], e["field"]) for e in response.json()["errors"]] == [("ecf_certificate_expired", "certificate")]
    assert not PurchaseEcf.objects.exists()
    assert _next_numbers() == {41: 1, 43: 1, 47: 1}


def test_a_document_dgii_schema_rejects_rolls_back_the_number(client, purchase_ranges, certificate) -> None:  # type: ignore[no-untyped-def]
    # Each line fits, but their total needs 17 integer digits where MontoTotal allows 16.
    lines = [_line("Flota de aviones", "1", "9000000000000000.00"), _line("Otra flota", "1", "9000000000000000.00")]

    response = _create(client, 43, lines=lines)

    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["code"] == "einvoice_invalid" and "XSD" in error["message"]
    assert not PurchaseEcf.objects.exists()
    assert _next_numbers() == {41: 1, 43: 1, 47: 1}


def test_sending_queues_one_transmission_that_reaches_dgii(  # type: ignore[no-untyped-def]
    client,
    in_do,
    purchase_ranges,
    dgii: DgiiServer,
    run_queued_work,
    login_as,
) -> None:
    purchase_id = _create(client, 47).json()["id"]

    with run_queued_work():
        first = client.post(f"{URL}{purchase_id}/send/")
        again = client.post(f"{URL}{purchase_id}/send/")

    assert (first.status_code, again.status_code) == (202, 202), first.content
    assert first.json()["id"] == again.json()["id"]
    assert (first.json()["channel"], first.json()["format_key"]) == ("dgii", "ecf")
    transmission = EinvoiceTransmission.objects.get()
    purchase = PurchaseEcf.objects.get()
    assert (transmission.purchase_id, transmission.invoice_id) == (purchase.pk, None)
    assert (transmission.status, transmission.message_id) == (TransmissionStatus.SENT, "track-1")
    assert (transmission.sender_id, transmission.receiver_id) == (RNC, FOREIGN_ID)
    assert dgii.received == [bytes(purchase.document)]
    assert transmission.security_code == purchase.security_code
    assert str(transmission) == f"dgii ecf #{transmission.pk} (sent)"

    browser = login_as(in_do, User.objects.get(email="owner@caribe.test"))
    transmissions = browser.get("/admin/einvoicing/einvoicetransmission/")
    purchases = browser.get("/admin/einvoicing/purchaseecf/")
    page = browser.get(f"/admin/einvoicing/purchaseecf/{purchase.pk}/change/")
    assert (transmissions.status_code, purchases.status_code, page.status_code) == (200, 200, 200)
    assert purchase.encf in transmissions.content.decode() and "Licencia de software anual" in page.content.decode()


def test_a_viewer_reads_purchase_ecf_but_cannot_issue_or_send(
    client, in_do, purchase_ranges, certificate, token_for
) -> None:  # type: ignore[no-untyped-def]
    purchase_id = _create(client, 43).json()["id"]
    viewer = UserFactory.create()
    membership_grant(tenant=in_do, user=viewer, role=Role.VIEWER)
    reader = token_for(in_do, viewer)

    listed = reader.get(URL)
    created = _create(reader, 43)
    sent = reader.post(f"{URL}{purchase_id}/send/")

    assert listed.status_code == 200 and [row["id"] for row in listed.json()["results"]] == [purchase_id]
    assert (created.status_code, sent.status_code) == (403, 403)
    assert PurchaseEcf.objects.count() == 1 and not EinvoiceTransmission.objects.exists()


@pytest.mark.parametrize(
    ("changes", "constraint"),
    [
        ({"total": Decimal("351.00")}, "purchase_ecf_totals_add_up"),
        ({"amount_payable": Decimal("340.00")}, "purchase_ecf_totals_add_up"),
        ({"isr_withheld": Decimal("10.00"), "amount_payable": Decimal("340.00")}, "purchase_ecf_minor_without_tax"),
        ({"ecf_type": 41, "encf": "E410000000001"}, "purchase_ecf_supplier_unless_minor"),
        ({"encf": "E410000000001"}, "purchase_ecf_type_matches_encf"),
        ({"currency": "USD"}, "purchase_ecf_currency_dop"),
    ],
)
def test_the_database_refuses_a_purchase_ecf_that_does_not_add_up(
    in_do: Tenant, changes: dict[str, Any], constraint: str
) -> None:
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        PurchaseEcfFactory(**changes)

    PurchaseEcfFactory()  # the factory's own minor expense is consistent
