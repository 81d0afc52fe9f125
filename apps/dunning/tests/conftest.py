"""Overdue invoices made through the real services, in company alpha (Germany)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from apps.invoicing.models import Invoice
from apps.invoicing.services import DraftData, LineData, invoice_create, invoice_issue
from apps.parties.models import Party
from apps.parties.tests.factories import PartyFactory

D = Decimal


def issued_invoice(customer: Party, *, issued: datetime.date, net: str = "1000.00") -> Invoice:
    """An invoice of `net` plus 19 % VAT, due 14 days after `issued`."""
    line = LineData(description="Einbauschrank", quantity=D("1"), unit_price=D(net), tax_code="de-standard-19")
    draft = invoice_create(data=DraftData(customer=customer.pk, lines=[line], payment_days=14))
    return invoice_issue(invoice=draft, issue_date=issued)


@pytest.fixture
def customer(in_alpha: Any) -> Party:
    """A business customer (it has a tax id) without e-mail: letters go by post."""
    return PartyFactory(legal_name="Müller & Söhne KG", tax_id="DE136695976", language="de", payment_days=14)


@pytest.fixture
def overdue(customer: Party) -> Callable[..., Invoice]:
    return lambda **options: issued_invoice(options.pop("party", customer), **options)
