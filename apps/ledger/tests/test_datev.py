"""DATEV EXTF exports: the header field by field, the column headings, and each booking row."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from decimal import Decimal

import pytest
from django_tenants.utils import tenant_context

from apps.core.errors import ApplicationError
from apps.ledger.exports.datev import BOOKING_COLUMNS, datev_accounts, datev_bookings
from apps.ledger.models import Account, AccountRole, PeriodKind
from apps.ledger.services import EntrySpec, LineSpec, entries_post
from apps.ledger.tests.test_vat_returns import PURCHASE, SALE, Part, TaxedDocument, post
from apps.tenants.models import Role, Tenant, User
from apps.tenants.services import membership_grant
from apps.tenants.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
MARCH, END_OF_MARCH = datetime.date(2030, 3, 1), datetime.date(2030, 3, 31)
LONG_TEXT = 'Umbuchung "Kasse" an Bank – ein Buchungstext, der weit über sechzig Zeichen hinausgeht'


def _rows(chunks: Iterator[bytes]) -> list[list[str]]:
    """The file as DATEV reads it: cp1252, CRLF lines, `;` fields (the test data holds no `;` in text)."""
    content = b"".join(chunks).decode("cp1252")
    assert content.endswith("\r\n")
    return [line.split(";") for line in content.removesuffix("\r\n").split("\r\n")]


@pytest.fixture
def march_books(tenant_a: Tenant) -> Iterator[dict[str, str]]:
    """A sale, a purchase, a many-to-many transfer, April's sale and the year's opening entry."""
    with tenant_context(tenant_a):
        roles = dict(Account.objects.exclude(role="").values_list("role", "code"))
        post(
            [
                TaxedDocument(
                    SALE,
                    datetime.date(2030, 3, 5),
                    "RE-1001",
                    [Part("de-standard-19", "1000.00", "190.00")],
                    description="Beratung März",
                ),
                TaxedDocument(
                    PURCHASE,
                    datetime.date(2030, 3, 10),
                    "ER-77",
                    [Part("de-standard-19", "100.00", "19.00")],
                    description="Büromaterial",
                ),
                TaxedDocument(SALE, datetime.date(2030, 4, 1), "RE-1002", [Part("de-standard-19", "10.00", "1.90")]),
            ]
        )
        entries_post(
            specs=[
                EntrySpec(
                    date=datetime.date(2030, 3, 31),
                    journal="GJ",
                    description=LONG_TEXT,
                    document_number="Kasse 2030/03#1",
                    lines=[
                        LineSpec(account=roles[AccountRole.BANK], debit=Decimal("300.00")),
                        LineSpec(account=roles[AccountRole.CASH], debit=Decimal("200.00")),
                        LineSpec(account=roles[AccountRole.REVENUE], credit=Decimal("250.00"), description="Erlös bar"),
                        LineSpec(account=roles[AccountRole.RECEIVABLE], credit=Decimal("250.00")),
                    ],
                ),
                EntrySpec(
                    date=datetime.date(2030, 1, 1),
                    journal="YE",
                    period_kind=PeriodKind.OPENING,
                    lines=[
                        LineSpec(account=roles[AccountRole.BANK], debit=Decimal("5000.00")),
                        LineSpec(account=roles[AccountRole.OPENING_BALANCE], credit=Decimal("5000.00")),
                    ],
                ),
            ]
        )
        yield roles


def test_the_header_says_extf_700_buchungsstapel_13_with_the_books_details(tenant_a, march_books):
    with tenant_context(tenant_a):
        header = _rows(
            datev_bookings(tenant=tenant_a, from_date=MARCH, to_date=END_OF_MARCH, advisor=29098, client=55003)
        )[0]

    assert len(header) == 31
    assert header[:5] == ['"EXTF"', "700", "21", '"Buchungsstapel"', "13"]
    assert len(header[5]) == 17 and header[5].isdigit()  # created, YYYYMMDDHHMMSSFFF
    assert header[6:10] == ["", '"RE"', '""', '""']
    assert header[10:14] == ["29098", "55003", "20300101", "4"]  # advisor, client, fiscal year start, account length
    assert header[14:16] == ["20300301", "20300331"]
    assert header[16] == '"Kontor 20300301-20300331"'
    assert header[17:22] == ['""', "1", "0", "0", '"EUR"']  # dictation code, financial accounting, purpose, not locked
    assert header[26] == '"03"'


def test_the_column_headings_are_datevs_names_in_datevs_order(tenant_a, march_books):
    with tenant_context(tenant_a):
        headings = _rows(datev_bookings(tenant=tenant_a, from_date=MARCH, to_date=END_OF_MARCH))[1]

    assert headings == [
        "Umsatz (ohne Soll/Haben-Kz)",
        "Soll/Haben-Kennzeichen",
        "WKZ Umsatz",
        "Kurs",
        "Basis-Umsatz",
        "WKZ Basis-Umsatz",
        "Konto",
        "Gegenkonto (ohne BU-Schlüssel)",
        "BU-Schlüssel",
        "Belegdatum",
        "Belegfeld 1",
        "Belegfeld 2",
        "Skonto",
        "Buchungstext",
    ]
    assert tuple(headings) == BOOKING_COLUMNS


def test_each_entry_becomes_account_pairs_with_gross_amounts(tenant_a, march_books):
    roles = march_books
    with tenant_context(tenant_a):
        rows = _rows(datev_bookings(tenant=tenant_a, from_date=MARCH, to_date=END_OF_MARCH))[2:]

    def row(amount: str, side: str, konto: str, gegenkonto: str, day: str, document: str, text: str) -> list[str]:
        return [
            amount,
            f'"{side}"',
            '"EUR"',
            "",
            "",
            "",
            konto,
            gegenkonto,
            "",
            day,
            f'"{document}"',
            "",
            "",
            f'"{text}"',
        ]

    expense, payable = roles[AccountRole.EXPENSE], roles[AccountRole.PAYABLE]
    bank, cash, receivable = roles[AccountRole.BANK], roles[AccountRole.CASH], roles[AccountRole.RECEIVABLE]
    long_text = LONG_TEXT[:60].replace('"', '""')
    assert rows == [
        # one debit against two credits: the receivable is the Konto of both rows
        row("1000,00", "S", "1400", "8400", "0503", "RE-1001", "Beratung März"),
        row("190,00", "S", "1400", "1776", "0503", "RE-1001", "Beratung März"),
        # two debits against one credit: the payable is the Konto, on the credit side
        row("100,00", "H", payable, expense, "1003", "ER-77", "Büromaterial"),
        row("19,00", "H", payable, "1576", "1003", "ER-77", "Büromaterial"),
        # many to many, paired in line order; Belegfeld 1 keeps DATEV's characters only
        row("250,00", "S", bank, "8400", "3103", "Kasse2030/031", "Erlös bar"),
        row("50,00", "S", bank, receivable, "3103", "Kasse2030/031", long_text),
        row("200,00", "S", cash, receivable, "3103", "Kasse2030/031", long_text),
    ]


def test_the_bookings_stream_from_one_query_after_the_headers_three(tenant_a, march_books, django_assert_num_queries):
    with tenant_context(tenant_a):
        Account.objects.exists()  # the schema is set on the first query
        with django_assert_num_queries(4):  # fiscal year, account length, chart; the lines
            rows = _rows(datev_bookings(tenant=tenant_a, from_date=MARCH, to_date=END_OF_MARCH))

    assert len(rows) == 2 + 7


def test_the_range_must_lie_in_one_fiscal_year(tenant_a, march_books):
    with tenant_context(tenant_a), pytest.raises(ApplicationError) as raised:
        datev_bookings(tenant=tenant_a, from_date=MARCH, to_date=datetime.date(2031, 1, 31))

    assert (raised.value.code, raised.value.field) == ("invalid", "to")


def test_the_account_names_file_lists_every_postable_account(tenant_a):
    with tenant_context(tenant_a):
        rows = _rows(datev_accounts(tenant=tenant_a, advisor=29098, client=55003))
        postable = list(Account.objects.filter(is_postable=True).order_by("code").values_list("code", "name"))

    header = rows[0]
    assert len(header) == 31
    assert header[:5] == ['"EXTF"', "700", "20", '"Kontenbeschriftungen"', "3"]
    assert header[10:12] == ["29098", "55003"] and header[13] == "4" and header[26] == '"03"'
    assert rows[1] == ["Konto", "Kontenbeschriftung", "Sprach-ID"]
    assert len(rows) == 2 + len(postable)
    assert rows[2:] == [[code, f'"{name[:40]}"', '"de-DE"'] for code, name in postable]


def test_only_german_companies_get_datev_files(tenant_b):
    with tenant_context(tenant_b), pytest.raises(ApplicationError) as raised:
        datev_accounts(tenant=tenant_b)

    assert (raised.value.code, raised.value.field, raised.value.status) == ("not_available", "country", 400)


# --- through HTTP -------------------------------------------------------------------------


def test_bookings_download_as_a_cp1252_csv_file(tenant_a, owner_a, token_for, march_books):
    response = token_for(tenant_a, owner_a).get(
        "/api/v1/ledger/datev/bookings/", {"from": "2030-03-01", "to": "2030-03-31", "advisor": "29098", "client": "7"}
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=windows-1252"
    assert response["Content-Disposition"] == 'attachment; filename="EXTF_Buchungsstapel_20300301_20300331.csv"'
    rows = _rows(response.streaming_content)
    assert rows[0][10:12] == ["29098", "7"] and len(rows) == 2 + 7


def test_account_names_download(tenant_a, owner_a, token_for):
    response = token_for(tenant_a, owner_a).get("/api/v1/ledger/datev/accounts/")

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="EXTF_Kontenbeschriftungen.csv"'
    assert _rows(response.streaming_content)[0][10:12] == ["1001", "1"]  # the default advisor and client


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"from": "2030-03-01"}, "to"),
        ({"from": "2030-02-30", "to": "2030-03-31"}, "from"),
        ({"from": "2030-03-01", "to": "2030-03-31", "advisor": "1000"}, "advisor"),
        ({"from": "2030-03-01", "to": "2030-03-31", "client": "100000"}, "client"),
        ({"from": "2030-03-01", "to": "2031-01-31"}, "to"),
    ],
)
def test_a_bad_query_is_a_400_naming_the_field(tenant_a, owner_a, token_for, query, field):
    response = token_for(tenant_a, owner_a).get("/api/v1/ledger/datev/bookings/", query)

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == field


def test_a_belgian_company_is_told_datev_is_not_available(tenant_b, owner_b, token_for):
    response = token_for(tenant_b, owner_b).get("/api/v1/ledger/datev/accounts/")

    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "not_available"


def test_members_without_the_ledger_view_right_are_refused(tenant_a, token_for):
    user: User = UserFactory()
    membership_grant(tenant=tenant_a, user=user, role=Role.MEMBER, module_rights={"ledger": set()})

    response = token_for(tenant_a, user).get("/api/v1/ledger/datev/accounts/")

    assert response.status_code == 403
