"""The dunning letter: in the customer's language, with the claim, the interest days and the bank."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from apps.dunning.letters import notice_context, notice_html, notice_pdf
from apps.dunning.models import DunningLevel, DunningSettings, InterestMode
from apps.dunning.services import dunning_notice_create
from apps.invoicing.models import InvoicingSettings
from apps.parties.tests.factories import PartyFactory

from .conftest import issued_invoice

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def notice(in_alpha):  # type: ignore[no-untyped-def]
    InvoicingSettings.objects.update_or_create(pk=1, defaults={"iban": "DE89370400440532013000", "bic": "COBADEFFXXX"})
    DunningSettings.objects.create(interest_mode=InterestMode.STATUTORY_DE)
    DunningLevel.objects.filter(level=1).update(charges_interest=True, fee=D("2.50"), intro_text="Bitte zahlen Sie.")
    invoice = issued_invoice(PartyFactory(tax_id="DE136695976", language="de"), issued=datetime.date(2024, 6, 6))
    return dunning_notice_create(invoice=invoice, on=datetime.date(2024, 7, 25))


def test_the_letter_in_german_lists_invoice_fee_interest_and_total(notice):
    html = notice_html(notice)

    assert notice.invoice.number in html
    assert "Bitte zahlen Sie." in html
    assert "20.06.2024" in html  # the due date, formatted as Germans write it
    assert "1.190,00" in html and "2,50" in html and "14,20" in html
    assert "1.206,70 EUR" in html  # 1190.00 + 2.50 + 14.20
    assert "12,62 %" in html and "12,37 %" in html  # base rate + 9 points, before and after 1 July
    assert "IBAN DE89370400440532013000" in html


def test_the_letter_carries_a_girocode_for_the_total_and_prints(notice):
    context = notice_context(notice)

    assert context["epc_qr"].startswith("data:image/png;base64,")
    assert context["amounts"]["total"] == "1.206,70" or context["language"] != "de"
    assert notice_pdf(notice=notice)[:5] == b"%PDF-"
