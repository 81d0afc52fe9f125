"""The statements and the chart of accounts through /api/v1/ledger/."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from apps.ledger.models import AccountType
from apps.ledger.services import EntrySpec, LineSpec, entries_post
from apps.ledger.tests.factories import AccountFactory
from apps.tenants.models import Role
from apps.tenants.services import membership_grant
from apps.tenants.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(tenant_a, owner_a, token_for):
    return token_for(tenant_a, owner_a)


def test_trial_balance(books, client):
    response = client.get("/api/v1/ledger/trial-balance/", {"date": "2032-02-29"})

    assert response.status_code == 200
    body = response.json()
    assert (body["from_date"], body["to_date"]) == (None, "2032-02-29")
    assert body["total_debit"] == body["total_credit"] == "16000.00"
    bank = next(row for row in body["rows"] if row["account"]["id"] == books.bank.pk)
    assert bank == {
        "account": {"id": books.bank.pk, "code": books.bank.code, "name": books.bank.name, "type": "asset"},
        "debit": "11000.00",
        "credit": "400.00",
        "balance": "10600.00",
    }


def test_trial_balance_from_a_date(books, client):
    body = client.get("/api/v1/ledger/trial-balance/", {"date": "2032-02-15", "from": "2032-01-15"}).json()

    assert body["from_date"] == "2032-01-15"
    assert body["total_debit"] == "2900.00"


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("trial-balance/", {}, "date"),
        ("trial-balance/", {"date": "2032-02-30"}, "date"),
        ("trial-balance/", {"date": "2032-02-01", "from": "yesterday"}, "from"),
        ("trial-balance/", {"date": "2032-02-01", "from": "2032-03-01"}, "from"),
        ("balance-sheet/", {"date": "29.02.2032"}, "date"),
        ("profit-and-loss/", {"to": "2032-02-29"}, "from"),
        ("profit-and-loss/", {"from": "2032-02-01", "to": ""}, "to"),
    ],
)
def test_a_bad_or_missing_date_is_a_400_naming_the_field(client, path, params, field):
    response = client.get(f"/api/v1/ledger/{path}", params)

    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == [field]


def test_balance_sheet(books, client):
    body = client.get("/api/v1/ledger/balance-sheet/", {"date": "2032-02-29"}).json()

    assert body["at"] == "2032-02-29"
    assert body["total_assets"] == body["total_liabilities_and_equity"] == "13900.00"
    assert body["unclosed_result"] == "3600.00"
    assert body["total_equity"] == "13600.00"
    assert [(row["account"]["id"], row["amount"]) for row in body["liabilities"]] == [(books.payable.pk, "300.00")]


def test_profit_and_loss_with_comparison(books, client):
    params = {"from": "2032-02-01", "to": "2032-02-29", "compare": "true"}
    body = client.get("/api/v1/ledger/profit-and-loss/", params).json()

    assert body["current"] == {
        "from_date": "2032-02-01",
        "to_date": "2032-02-29",
        "total_income": "800.00",
        "total_expenses": "400.00",
        "net_result": "400.00",
    }
    assert body["previous"]["from_date"] == "2032-01-01"
    assert body["previous"]["net_result"] == "2500.00"
    assert [(row["amount"], row["previous"]) for row in body["income"]] == [("800.00", "2500.00")]


def test_profit_and_loss_compares_only_when_asked(books, client):
    body = client.get("/api/v1/ledger/profit-and-loss/", {"from": "2032-02-01", "to": "2032-02-29"}).json()

    assert body["previous"] is None
    assert [row["previous"] for row in body["expenses"]] == [None]


def test_account_ledger_pages_through_the_lines(books, client):
    url = f"/api/v1/ledger/accounts/{books.receivable.pk}/ledger/"
    params = {"from": "2032-01-01", "to": "2032-12-31", "page_size": 2}

    first = client.get(url, params).json()
    second = client.get(first["next"]).json()

    assert (first["opening_balance"], first["closing_balance"]) == ("1000.00", "3300.00")
    assert [(line["date"], line["credit"], line["balance"]) for line in first["results"]] == [
        ("2032-01-10", "1000.00", "0.00"),
        ("2032-01-20", "0.00", "2500.00"),
    ]
    assert first["previous"] is None
    assert [line["balance"] for line in second["results"]] == ["3300.00"]
    assert second["next"] is None and second["previous"] is not None
    assert second["results"][0]["document_number"] == "RE-3"
    assert second["results"][0]["reference"].startswith("GJ-2032-")


def test_account_ledger_of_an_unknown_account_is_404(client):
    response = client.get("/api/v1/ledger/accounts/987654321/ledger/", {"from": "2032-01-01", "to": "2032-01-31"})

    assert response.status_code == 404


def test_accounts_can_be_filtered_and_searched(books, client):
    income = client.get("/api/v1/ledger/accounts/", {"type": "income", "page_size": 500}).json()
    found = client.get("/api/v1/ledger/accounts/", {"search": "Capital"}).json()
    detail = client.get(f"/api/v1/ledger/accounts/{books.revenue.pk}/").json()

    assert income["count"] > 0 and {row["type"] for row in income["results"]} == {"income"}
    assert [row["code"] for row in found["results"]] == ["T-CAPITAL"]
    assert (detail["code"], detail["type"], detail["normal_side"]) == (books.revenue.code, "income", "credit")


def test_accounts_are_read_only(books, client):
    response = client.delete(f"/api/v1/ledger/accounts/{books.revenue.pk}/")

    assert response.status_code == 405


def test_the_trial_balance_costs_the_same_few_queries_for_many_accounts(
    in_alpha, client, django_assert_max_num_queries
):
    accounts = [AccountFactory(type=AccountType.EXPENSE) for _ in range(60)]
    counter = AccountFactory(type=AccountType.LIABILITY)
    lines = [LineSpec(account=account.code, debit=Decimal("1.00")) for account in accounts]
    entries_post(
        specs=[
            EntrySpec(
                date=datetime.date(2032, 1, 15), lines=[*lines, LineSpec(account=counter.code, credit=Decimal("60.00"))]
            ),
            EntrySpec(
                date=datetime.date(2032, 2, 15), lines=[*lines, LineSpec(account=counter.code, credit=Decimal("60.00"))]
            ),
        ]
    )

    with django_assert_max_num_queries(10):
        response = client.get("/api/v1/ledger/trial-balance/", {"date": "2032-02-20"})

    assert len(response.json()["rows"]) == 61
    assert response.json()["total_debit"] == "120.00"


@pytest.mark.parametrize("path", ["trial-balance/?date=2032-02-29", "accounts/"])
def test_members_without_the_ledger_view_right_are_refused(tenant_a, token_for, path):
    user = UserFactory()
    membership_grant(tenant=tenant_a, user=user, role=Role.MEMBER, module_rights={"ledger": set()})

    response = token_for(tenant_a, user).get(f"/api/v1/ledger/{path}")

    assert response.status_code == 403
    assert response.json()["errors"][0]["code"] == "permission_denied"


def test_the_schema_documents_the_report_endpoints(tenant_a, api_client):
    response = api_client(tenant_a).get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")

    paths = response.json()["paths"]
    trial_balance = paths["/api/v1/ledger/trial-balance/"]["get"]
    assert {parameter["name"] for parameter in trial_balance["parameters"]} >= {"date", "from"}
    assert "TrialBalance" in str(trial_balance["responses"]["200"])
    assert {
        "/api/v1/ledger/balance-sheet/",
        "/api/v1/ledger/profit-and-loss/",
        "/api/v1/ledger/accounts/",
        "/api/v1/ledger/accounts/{id}/",
        "/api/v1/ledger/accounts/{id}/ledger/",
    } <= set(paths)
