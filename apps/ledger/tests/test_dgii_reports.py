"""A Dominican company's month: its IT-1 boxes and its 606 and 607 files, line by line."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.db import connection
from django_tenants.utils import tenant_context

from apps.core.errors import ApplicationError
from apps.ledger.exports.dgii import dgii_file
from apps.ledger.models import AccountRole, JournalEntry
from apps.ledger.tests.test_vat_returns import PURCHASE, SALE, Part, TaxedDocument, boxes, post
from apps.tenants.models import Tenant, User
from apps.tenants.services import tenant_provision
from apps.tenants.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
MARCH = datetime.date(2030, 3, 1)
RNC = "131246796"
EQUIPMENT = "120107"  # Equipos de cómputo, a fixed asset


@pytest.fixture(scope="module")
def tenant_c(django_db_setup, django_db_blocker) -> Tenant:  # type: ignore[no-untyped-def]
    """Gamma, a Dominican company, provisioned once and kept like the session's alpha and beta."""
    with django_db_blocker.unblock():
        tenant = Tenant.objects.filter(slug="caribe").first() or tenant_provision(
            slug="caribe",
            name="Gamma Servicios SRL",
            country="DO",
            tax_id=RNC,
            owner_email="owner@caribe.test",
            owner_password=PASSWORD,
        )
        connection.set_schema_to_public()
    return tenant


@pytest.fixture
def owner_c(tenant_c: Tenant) -> User:
    return User.objects.get(email="owner@caribe.test")


def _day(day: int) -> datetime.date:
    return MARCH.replace(day=day)


@pytest.fixture
def march_books(tenant_c: Tenant) -> Iterator[None]:
    """Sales at 18 % and 16 %, two consumer invoices, an export, purchases and two credit notes."""
    with tenant_context(tenant_c):
        invoices = post(
            [
                TaxedDocument(
                    SALE, _day(3), "B0100000001", [Part("do-itbis-18", "1000.00", "180.00")], party_tax_id="101-01010-1"
                ),
                TaxedDocument(
                    SALE,
                    _day(4),
                    "B0100000002",
                    [Part("do-itbis-16", "500.00", "80.00")],
                    settle_role=AccountRole.BANK,
                    party_tax_id="001-1391820-5",
                ),
                TaxedDocument(
                    SALE, _day(5), "B0200000001", [Part("do-exento", "200.00")], settle_role=AccountRole.CASH
                ),
                TaxedDocument(
                    SALE,
                    _day(6),
                    "B0200000002",
                    [Part("do-itbis-18", "300000.00", "54000.00")],
                    settle_role=AccountRole.CASH,
                ),
                TaxedDocument(SALE, _day(7), "B1600000001", [Part("do-export", "300.00")], party_tax_id="X1234567"),
                TaxedDocument(
                    PURCHASE,
                    _day(10),
                    "B0100000101",
                    [Part("do-itbis-18", "400.00", "72.00")],
                    party_tax_id="130000001",
                ),
                TaxedDocument(
                    PURCHASE,
                    _day(11),
                    "B0100000102",
                    [Part("do-itbis-18", "1000.00", "180.00", account=EQUIPMENT)],
                    settle_role=AccountRole.BANK,
                    party_tax_id="00113918205",
                ),
                TaxedDocument(SALE, _day(1).replace(month=4), "B0100000003", [Part("do-itbis-18", "10.00", "1.80")]),
            ]
        )
        post(
            [
                TaxedDocument(
                    SALE,
                    _day(20),
                    "B0400000001",
                    [Part("do-itbis-18", "100.00", "18.00")],
                    credit_note=True,
                    party_tax_id="101010101",
                    reversal_of=invoices[0],
                ),
                TaxedDocument(
                    PURCHASE,
                    _day(25),
                    "B0400000101",
                    [Part("do-itbis-18", "50.00", "9.00")],
                    credit_note=True,
                    party_tax_id="130000001",
                    reversal_of=invoices[5],
                ),
            ]
        )
        yield


def _lines(chunks: Iterator[bytes]) -> list[str]:
    content = b"".join(chunks).decode()
    assert content.endswith("\r\n")
    return content.removesuffix("\r\n").split("\r\n")


def test_the_it1_of_the_month(tenant_c, march_books):
    with tenant_context(tenant_c):
        result = boxes("DO", MARCH)

    assert result == {
        "total_operaciones": Decimal("301900.00"),  # 1000 + 500 + 200 + 300000 + 300 - 100
        "exportaciones": Decimal("300.00"),
        "ventas_exentas": Decimal("200.00"),
        "total_no_gravadas": Decimal("500.00"),
        "total_gravadas": Decimal("301400.00"),
        "gravadas_18": Decimal("300900.00"),
        "gravadas_16": Decimal("500.00"),
        "itbis_18": Decimal("54162.00"),
        "itbis_16": Decimal("80.00"),
        "total_itbis_facturado": Decimal("54242.00"),
        "itbis_pagado": Decimal("243.00"),  # 72 + 180 - 9
        "impuesto_a_pagar": Decimal("53999.00"),
        "saldo_a_favor": Decimal("0.00"),
    }


def test_the_607_lists_each_sale_and_credit_note(tenant_c, march_books):
    with tenant_context(tenant_c):
        lines = _lines(dgii_file(tenant=tenant_c, form="607", period="203003"))

    # The consumer invoice B0200000001 (below RD$250,000) is declared in total only.
    assert lines == [
        "607|131246796|203003|5",
        "101010101|1|B0100000001||01|20300303||1000.00|180.00||||||||0.00|0.00||1180.00|||0.00",
        "00113918205|2|B0100000002||01|20300304||500.00|80.00||||||||0.00|580.00||0.00|||0.00",
        "||B0200000002||01|20300306||300000.00|54000.00||||||||354000.00|0.00||0.00|||0.00",
        "X1234567|3|B1600000001||01|20300307||300.00|0.00||||||||0.00|0.00||300.00|||0.00",
        "101010101|1|B0400000001|B0100000001|01|20300320||100.00|18.00||||||||0.00|0.00||118.00|||0.00",
    ]
    assert {len(line.split("|")) for line in lines[1:]} == {23}


def test_the_606_lists_each_purchase_and_credit_note(tenant_c, march_books):
    with tenant_context(tenant_c):
        lines = _lines(dgii_file(tenant=tenant_c, form="606", period="203003"))

    assert lines == [
        "606|131246796|203003|3",
        "130000001|1||B0100000101||20300310||400.00|0.00|400.00|72.00||||72.00||||||||04",
        "00113918205|2||B0100000102||20300311||0.00|1000.00|1000.00|180.00||||180.00||||||||02",
        "130000001|1||B0400000101|B0100000101|20300325||50.00|0.00|50.00|9.00||||9.00||||||||04",
    ]
    assert {len(line.split("|")) for line in lines[1:]} == {23}


def test_a_file_takes_two_queries_however_many_documents(tenant_c, march_books, django_assert_num_queries):
    with tenant_context(tenant_c):
        JournalEntry.objects.exists()  # the schema is set on the first query
        with django_assert_num_queries(2):  # the count for the header, then the lines
            lines = _lines(dgii_file(tenant=tenant_c, form="607", period="203003"))

    assert len(lines) == 6


def test_a_month_without_documents_has_a_header_only(tenant_c):
    with tenant_context(tenant_c):
        assert _lines(dgii_file(tenant=tenant_c, form="606", period="202901")) == ["606|131246796|202901|0"]


@pytest.mark.parametrize("period", ["2030-03", "203013", "20303", ""])
def test_a_malformed_period_names_the_field(tenant_c, period):
    with tenant_context(tenant_c), pytest.raises(ApplicationError) as raised:
        dgii_file(tenant=tenant_c, form="607", period=period)

    assert (raised.value.code, raised.value.field) == ("invalid", "period")


def test_only_dominican_companies_get_dgii_files(tenant_a):
    with tenant_context(tenant_a), pytest.raises(ApplicationError) as raised:
        dgii_file(tenant=tenant_a, form="607", period="203003")

    assert (raised.value.code, raised.value.field) == ("not_available", "country")


# --- through HTTP -------------------------------------------------------------------------


@pytest.mark.parametrize("form", ["606", "607"])
def test_the_files_download_as_text(tenant_c, owner_c, token_for, march_books, form):
    response = token_for(tenant_c, owner_c).get(f"/api/v1/ledger/dgii/{form}/", {"period": "203003"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="DGII_F_{form}_131246796_203003.TXT"'
    assert _lines(response.streaming_content)[0].startswith(f"{form}|131246796|203003|")


def test_the_it1_through_the_api(tenant_c, owner_c, token_for, march_books):
    response = token_for(tenant_c, owner_c).get(
        "/api/v1/ledger/vat-return/", {"from": "2030-03-01", "to": "2030-03-31"}
    )

    assert response.status_code == 200
    body = response.json()
    assert body["country"] == "DO"
    assert {
        "code": "itbis_pagado",
        "label": "ITBIS pagado deducible en compras y servicios",
        "amount": "243.00",
    } in body["boxes"]


@pytest.mark.parametrize(("query", "field"), [({}, "period"), ({"period": "2030-3"}, "period")])
def test_a_bad_period_is_a_400(tenant_c, owner_c, token_for, query, field):
    response = token_for(tenant_c, owner_c).get("/api/v1/ledger/dgii/607/", query)

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == field


def test_a_german_company_is_told_dgii_files_are_not_available(tenant_a, owner_a, token_for):
    response = token_for(tenant_a, owner_a).get("/api/v1/ledger/dgii/606/", {"period": "203003"})

    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "not_available"
