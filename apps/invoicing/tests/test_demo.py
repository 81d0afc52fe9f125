"""Invoicing's demo data: every state an owner meets, recurring invoices included."""

import pytest

from apps.invoicing.demo import invoicing_demo_seed
from apps.invoicing.models import Invoice, RecurringInvoice

pytestmark = pytest.mark.django_db


def test_the_demo_shows_every_state_and_a_running_recurring_invoice(in_alpha):
    invoicing_demo_seed(in_alpha)

    statuses = sorted(Invoice.objects.values_list("status", flat=True))
    assert {"draft", "paid", "partly_paid", "cancelled", "issued"} <= set(statuses)
    monthly, yearly = RecurringInvoice.objects.order_by("-is_active", "name")
    assert (monthly.name, monthly.issued_count, monthly.last_error) == ("Wartungsvertrag", 3, "")
    assert (yearly.is_active, yearly.issued_count) == (False, 0)
    assert monthly.invoices.filter(status="issued").count() == 3
