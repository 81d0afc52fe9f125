"""The books' web pages under /books/: rights, drill-down links and downloads."""

from __future__ import annotations

import csv
import datetime
import io
import re
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from apps.ledger.models import Account, JournalEntry
from apps.ledger.services import LineSpec, entry_post
from apps.tenants.models import Role
from apps.tenants.services import membership_grant
from apps.tenants.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def browser(tenant_a, owner_a, login_as):
    return login_as(tenant_a, owner_a)


def _csv(response) -> list[list[str]]:  # type: ignore[no-untyped-def]
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


@pytest.mark.parametrize(
    "path",
    [
        "/books/",
        "/books/trial-balance/",
        "/books/balance-sheet/",
        "/books/profit-and-loss/",
    ],
)
def test_the_pages_open_with_their_defaults(browser, path):
    response = browser.get(path)

    assert response.status_code == 200
    assert "Books" in response.content.decode()


def test_members_without_the_ledger_view_right_are_refused(tenant_a, login_as, books):
    user = UserFactory()
    membership_grant(tenant=tenant_a, user=user, role=Role.MEMBER, module_rights={"ledger": set()})
    client = login_as(tenant_a, user)
    entry = JournalEntry.objects.first()

    for path in (
        "/books/",
        "/books/trial-balance/",
        f"/books/accounts/{books.bank.pk}/",
        f"/books/entries/{entry.pk}/",
    ):
        assert client.get(path).status_code == 403, path
    assert "/books/" not in client.get("/").content.decode()  # no link in the navigation either


def test_visitors_are_sent_to_the_login(web_client, tenant_a):
    response = web_client(tenant_a).get("/books/trial-balance/")

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_trial_balance_figures_link_to_the_general_ledger_of_the_same_range(books, browser):
    page = browser.get("/books/trial-balance/", {"date": "2032-02-29", "from": "2032-02-01"}).content.decode()

    assert f"/books/accounts/{books.bank.pk}/?from=2032-02-01&amp;to=2032-02-29" in page
    assert "16,000.00" not in page and "1,200.00" in page  # February's totals: 400 + 800


def test_a_bad_date_shows_the_error_at_its_field(browser):
    response = browser.get("/books/trial-balance/", {"date": "2032-02-30"})

    assert response.status_code == 400
    assert 'class="field has-error"' in response.content.decode()
    assert "id_date-error" in response.content.decode()


def test_balance_sheet_page(books, browser):
    page = browser.get("/books/balance-sheet/", {"date": "2032-02-29"}).content.decode()

    assert "13,900.00" in page and "3,600.00" in page
    assert f"/books/accounts/{books.receivable.pk}/?from=" in page


def test_profit_and_loss_page_links_both_columns(books, browser):
    params = {"from": "2032-02-01", "to": "2032-02-29", "compare": "true"}
    page = browser.get("/books/profit-and-loss/", params).content.decode()

    assert f"/books/accounts/{books.revenue.pk}/?from=2032-02-01&amp;to=2032-02-29" in page
    assert f"/books/accounts/{books.revenue.pk}/?from=2032-01-01&amp;to=2032-01-31" in page
    assert "2,500.00" in page


def test_general_ledger_lines_link_to_their_entries(books, browser):
    page = browser.get(f"/books/accounts/{books.bank.pk}/", {"from": "2032-02-01", "to": "2032-03-31"})

    entry = JournalEntry.objects.get(description="Rent February")
    assert page.status_code == 200
    assert f"/books/entries/{entry.pk}/" in page.content.decode()
    assert "11,000.00" in page.content.decode() and "10,300.00" in page.content.decode()


def test_entry_detail(books, browser):
    entry = JournalEntry.objects.get(document_number="RE-2")

    page = browser.get(f"/books/entries/{entry.pk}/").content.decode()

    assert entry.reference in page and "2,500.00" in page
    assert f"/books/accounts/{books.revenue.pk}/?from=2032-01-01&amp;to=2032-12-31" in page
    assert browser.get("/books/entries/987654321/").status_code == 404


def test_trial_balance_csv(books, browser):
    response = browser.get("/books/trial-balance/", {"date": "2032-02-29", "export": "csv"})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="trial-balance-2032-02-29.csv"'
    rows = _csv(response)
    assert rows[0] == ["Account", "Name", "Type", "Debit", "Credit", "Balance"]
    bank = next(row for row in rows if row[0] == books.bank.code)
    assert bank[3:] == ["11000.00", "400.00", "10600.00"]
    assert rows[-1][1:] == ["Total", "", "16000.00", "16000.00", "0.00"]


def test_general_ledger_csv_streams_every_line(books, browser):
    params = {"from": "2032-01-01", "to": "2032-12-31", "export": "csv", "page": "2"}
    response = browser.get(f"/books/accounts/{books.receivable.pk}/", params)

    assert response.streaming
    rows = _csv(response)
    assert [row[4] for row in rows[1:]] == ["Opening balance", "Payment RE-1", "Invoice", "Invoice", "Closing balance"]
    assert [row[7] for row in rows[1:]] == ["1000.00", "0.00", "2500.00", "3300.00", "3300.00"]


def test_balance_sheet_xlsx_holds_numbers(books, browser):
    response = browser.get("/books/balance-sheet/", {"date": "2032-02-29", "export": "xlsx"})

    assert response["Content-Type"] == XLSX
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Section", "Account", "Name", "Amount")
    assert next(row[3] for row in rows if row[2] == "Total assets") == 13900
    bank = next(row for row in rows if row[1] == books.bank.code)
    assert Decimal(str(bank[3])) == Decimal("10600.00")


def test_profit_and_loss_xlsx_has_both_columns(books, browser):
    params = {"from": "2032-02-01", "to": "2032-02-29", "compare": "true", "export": "xlsx"}
    sheet = load_workbook(io.BytesIO(browser.get("/books/profit-and-loss/", params).content)).active

    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Section", "Account", "Name", "2032-02-01 to 2032-02-29", "2032-01-01 to 2032-01-31")
    assert next(row[3:] for row in rows if row[2] == "Net result") == (400, 2500)


@pytest.mark.parametrize(
    "path", ["trial-balance/?date=2032-02-29&", "balance-sheet/?", "profit-and-loss/?compare=true&"]
)
def test_pdf_downloads(books, browser, path):
    response = browser.get(f"/books/{path}export=pdf")

    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_an_unknown_export_format_is_refused(browser):
    response = browser.get("/books/trial-balance/", {"export": "docx"})

    assert response.status_code == 400
    assert "docx" in response.content.decode()


def test_the_vat_return_page_shows_the_boxes_and_the_datev_files(in_alpha, browser):
    entry_post(
        date=datetime.date(2032, 5, 3),
        lines=[
            LineSpec(account="1400", debit=Decimal("119.00")),
            LineSpec(account="8400", credit=Decimal("100.00"), tax_code="de-standard-19", tax_side="sale"),
            LineSpec(account="1776", credit=Decimal("19.00"), tax_code="de-standard-19", tax_side="sale", is_tax=True),
        ],
    )

    page = browser.get("/books/vat-return/", {"from": "2032-05-01", "to": "2032-05-31"})

    assert page.status_code == 200
    html = page.content.decode()
    assert re.search(r"<td>81</td><td>[^<]+</td><td class=\"num\">100", html)
    datev_link = "/api/v1/ledger/datev/bookings/?from=2032-05-01&amp;to=2032-05-31"
    assert datev_link in html
    download = browser.get(datev_link.replace("&amp;", "&"))
    assert download.status_code == 200 and download["Content-Type"].startswith("text/csv")


def test_the_vat_return_page_names_a_bad_date(browser):
    response = browser.get("/books/vat-return/", {"from": "2032-13-01", "to": "2032-12-31"})

    assert response.status_code == 400
    assert 'id="id_from-error"' in response.content.decode()


def test_an_owner_switches_the_chart_while_the_books_are_empty(in_alpha, browser):
    assert 'name="chart"' in browser.get("/books/").content.decode()

    response = browser.post("/books/chart/", {"chart": "skr04"}, follow=True)

    assert "SKR 04" in response.content.decode()
    assert Account.objects.get(role="receivable").code == "1200"


def test_the_chart_stays_once_something_is_posted(books, browser):
    response = browser.post("/books/chart/", {"chart": "skr04"}, follow=True)

    assert "can only be changed before the first entry is posted" in response.content.decode()
    assert 'name="chart"' not in response.content.decode()
    assert Account.objects.get(role="receivable").code == "1400"


def test_a_member_cannot_switch_the_chart(in_alpha, tenant_a, login_as):
    member = UserFactory()
    membership_grant(tenant=tenant_a, user=member, role=Role.MEMBER)
    client = login_as(tenant_a, member)

    assert 'name="chart"' not in client.get("/books/").content.decode()
    client.post("/books/chart/", {"chart": "skr04"})
    assert Account.objects.get(role="receivable").code == "1400"
