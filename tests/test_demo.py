"""`make run`'s demo data: every app's sample books load into a company, consistent with each other."""

import pytest

from apps.invoicing.models import Invoice
from apps.ledger.models import JournalEntry
from apps.ledger.selectors import account_movements
from apps.tenants.defaults import seed_demo_data

pytestmark = pytest.mark.django_db


def test_the_demo_data_loads_and_keeps_the_books_balanced(in_alpha):
    seed_demo_data(in_alpha)

    statuses = set(Invoice.objects.values_list("status", flat=True))
    assert {"draft", "issued", "partly_paid", "paid", "overdue", "cancelled"} <= statuses
    issued = Invoice.objects.exclude(status="draft").count()
    assert JournalEntry.objects.filter(source_type="invoicing.invoice").count() == issued  # each posted once
    latest = JournalEntry.objects.latest("date").date
    assert sum(movement.balance for movement in account_movements(to_date=latest).values()) == 0
