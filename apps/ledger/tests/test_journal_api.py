"""Manual entries, reversals, period close and the chart choice over HTTP."""

import pytest
from django_tenants.utils import tenant_context

from apps.ledger.models import Account, AccountRole, EntryState, JournalEntry, LedgerSettings, OpenClosed, Period
from apps.tenants.models import Role
from apps.tenants.services import membership_grant
from apps.tenants.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def codes(tenant_a):
    with tenant_context(tenant_a):
        return dict(Account.objects.exclude(role="").values_list("role", "code"))


def _entry(codes, amount="250.00", **extra):  # type: ignore[no-untyped-def]
    return {
        "date": "2031-02-10",
        "description": "Cash sale",
        "lines": [
            {"account": codes[AccountRole.CASH], "debit": amount},
            {"account": codes[AccountRole.REVENUE], "credit": amount},
        ],
        **extra,
    }


def test_an_owner_posts_and_reads_a_manual_entry(tenant_a, owner_a, token_for, codes):
    client = token_for(tenant_a, owner_a)

    created = client.post("/api/v1/ledger/entries/", _entry(codes, document_number="K-17"), format="json")

    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["reference"], body["state"], body["document_number"]) == ("GJ-2031-000001", "posted", "K-17")
    assert [(line["account"], line["debit"], line["credit"]) for line in body["lines"]] == [
        (codes["cash"], "250.00", "0.00"),
        (codes["revenue"], "0.00", "250.00"),
    ]
    listed = client.get("/api/v1/ledger/entries/", {"account": codes["cash"], "date_from": "2031-02-01"})
    assert [row["id"] for row in listed.json()["results"]] == [body["id"]]


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"date": "2031-02-30"}, "date", "invalid"),
        ({"lines": []}, "lines", "empty"),
        ({"lines": [{"account": "1", "debit": "-5"}]}, "lines.0.debit", "min_value"),
    ],
)
def test_bad_entries_get_a_400_naming_the_field(tenant_a, owner_a, token_for, codes, change, field, code):
    response = token_for(tenant_a, owner_a).post("/api/v1/ledger/entries/", {**_entry(codes), **change}, format="json")

    assert response.status_code == 400
    assert (response.json()["errors"][0]["field"], response.json()["errors"][0]["code"]) == (field, code)


def test_an_unbalanced_entry_is_refused_and_nothing_is_written(tenant_a, owner_a, token_for, codes):
    payload = _entry(codes)
    payload["lines"][1]["credit"] = "249.99"

    response = token_for(tenant_a, owner_a).post("/api/v1/ledger/entries/", payload, format="json")

    assert response.status_code == 400
    assert (response.json()["errors"][0]["code"], response.json()["errors"][0]["field"]) == ("unbalanced", "lines")
    with tenant_context(tenant_a):
        assert not JournalEntry.objects.exists()


def test_an_entry_is_corrected_by_reversal(tenant_a, owner_a, token_for, codes):
    client = token_for(tenant_a, owner_a)
    entry = client.post("/api/v1/ledger/entries/", _entry(codes), format="json").json()

    reversed_ = client.post(
        f"/api/v1/ledger/entries/{entry['id']}/reverse/", {"reason": "wrong account"}, format="json"
    )

    assert reversed_.status_code == 201
    assert reversed_.json()["reversal_of"] == entry["id"]
    assert client.get(f"/api/v1/ledger/entries/{entry['id']}/").json()["state"] == EntryState.REVERSED
    again = client.post(f"/api/v1/ledger/entries/{entry['id']}/reverse/", {}, format="json")
    assert (again.status_code, again.json()["errors"][0]["code"]) == (409, "not_posted")


def test_a_viewer_reads_the_journal_but_cannot_post(tenant_a, token_for, codes):
    viewer = UserFactory()
    membership_grant(tenant=tenant_a, user=viewer, role=Role.VIEWER)
    client = token_for(tenant_a, viewer)

    assert client.get("/api/v1/ledger/entries/").status_code == 200
    assert client.post("/api/v1/ledger/entries/", _entry(codes), format="json").status_code == 403


def test_a_member_cannot_close_a_period_but_an_accountant_can(tenant_a, owner_a, token_for, codes):
    token_for(tenant_a, owner_a).post("/api/v1/ledger/entries/", _entry(codes), format="json")
    with tenant_context(tenant_a):
        february = Period.objects.get(kind="regular", start_date="2031-02-01")
    member, accountant = UserFactory(), UserFactory()
    membership_grant(tenant=tenant_a, user=member, role=Role.MEMBER)
    membership_grant(tenant=tenant_a, user=accountant, role=Role.ACCOUNTANT)

    refused = token_for(tenant_a, member).post(f"/api/v1/ledger/periods/{february.pk}/close/")
    closed = token_for(tenant_a, accountant).post(f"/api/v1/ledger/periods/{february.pk}/close/")
    late = token_for(tenant_a, owner_a).post("/api/v1/ledger/entries/", _entry(codes), format="json")

    assert refused.status_code == 403
    assert (closed.status_code, closed.json()["status"]) == (200, OpenClosed.CLOSED)
    assert (late.status_code, late.json()["errors"][0]["code"], late.json()["errors"][0]["field"]) == (
        400,
        "closed_period",
        "date",
    )


def test_the_chart_can_be_switched_only_while_the_books_are_empty(tenant_a, owner_a, token_for, codes):
    client = token_for(tenant_a, owner_a)

    switched = client.put("/api/v1/ledger/settings/", {"chart": "skr04"}, format="json")
    with tenant_context(tenant_a):
        assert Account.objects.get(role=AccountRole.RECEIVABLE).code == "1200"  # SKR 04's Forderungen aLuL
        skr04 = dict(Account.objects.exclude(role="").values_list("role", "code"))
    client.post("/api/v1/ledger/entries/", _entry(skr04), format="json")
    refused = client.put("/api/v1/ledger/settings/", {"chart": "skr03"}, format="json")

    assert (switched.status_code, switched.json()["chart"]) == (200, "skr04")
    assert (refused.status_code, refused.json()["errors"][0]["code"]) == (400, "books_not_empty")
    with tenant_context(tenant_a):
        assert LedgerSettings.objects.get().chart == "skr04"
