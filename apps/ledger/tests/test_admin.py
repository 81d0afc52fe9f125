"""The accountant's admin: manual entries through the posting service, reversal and period actions."""

import datetime
from decimal import Decimal

import pytest
from django_tenants.utils import tenant_context

from apps.ledger.models import Account, EntryState, JournalEntry, OpenClosed, Period
from apps.ledger.services import LineSpec, entry_post
from apps.tenants.models import Role
from apps.tenants.services import membership_grant
from apps.tenants.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
ADD = "/admin/ledger/journalentry/add/"


@pytest.fixture
def accountant(tenant_a):
    user = UserFactory()
    membership_grant(tenant=tenant_a, user=user, role=Role.ACCOUNTANT)
    return user


@pytest.fixture
def codes(tenant_a):
    with tenant_context(tenant_a):
        return dict(Account.objects.exclude(role="").values_list("role", "code"))


def _form(codes, debit="80.00", credit="80.00"):  # type: ignore[no-untyped-def]
    lines = [(codes["expense"], debit, ""), (codes["bank"], "", credit)]
    data = {"date": "2031-04-03", "journal": "GJ", "description": "Fuel", "document_number": "Q-9"}
    data |= {
        "lines-TOTAL_FORMS": "4",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "2",
        "lines-MAX_NUM_FORMS": "1000",
    }
    for index, (account, dr, cr) in enumerate(lines):
        data |= {f"lines-{index}-account": account, f"lines-{index}-debit": dr, f"lines-{index}-credit": cr}
    return data


def test_an_accountant_posts_a_manual_entry_in_the_admin(tenant_a, accountant, login_as, codes):
    client = login_as(tenant_a, accountant)
    assert client.get(ADD).status_code == 200

    response = client.post(ADD, _form(codes))

    assert response.status_code == 302
    with tenant_context(tenant_a):
        entry = JournalEntry.objects.get()
        assert response["Location"] == f"/admin/ledger/journalentry/{entry.pk}/change/"
        assert (entry.state, entry.document_number, entry.posted_by_id) == (EntryState.POSTED, "Q-9", accountant.pk)
        assert [(line.account.code, str(line.debit), str(line.credit)) for line in entry.lines.order_by("id")] == [
            (codes["expense"], "80.00", "0.00"),
            (codes["bank"], "0.00", "80.00"),
        ]


def test_an_unbalanced_manual_entry_shows_the_error_and_posts_nothing(tenant_a, accountant, login_as, codes):
    response = login_as(tenant_a, accountant).post(ADD, _form(codes, credit="79.00"))

    assert response.status_code == 200
    assert "does not balance: debit 80.00, credit 79.00" in response.content.decode()
    with tenant_context(tenant_a):
        assert not JournalEntry.objects.exists()


def test_reverse_and_close_period_admin_actions_call_the_services(tenant_a, accountant, login_as, codes):
    with tenant_context(tenant_a):
        entry = entry_post(
            date=datetime.date(2031, 4, 3),
            lines=[
                LineSpec(account=codes["bank"], debit=Decimal("5.00")),
                LineSpec(account=codes["revenue"], credit=Decimal("5.00")),
            ],
        )
        april = Period.objects.get(kind="regular", start_date="2031-04-01")
    client = login_as(tenant_a, accountant)

    client.post("/admin/ledger/journalentry/", {"action": "reverse_entries", "_selected_action": [entry.pk]})
    client.post("/admin/ledger/period/", {"action": "close_periods", "_selected_action": [april.pk]})

    with tenant_context(tenant_a):
        assert JournalEntry.objects.get(pk=entry.pk).state == EntryState.REVERSED
        assert JournalEntry.objects.get(reversal_of=entry).state == EntryState.POSTED
        assert Period.objects.get(pk=april.pk).status == OpenClosed.CLOSED
