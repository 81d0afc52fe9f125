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
    assert (context["language"], notice.total) == ("de", D("1206.70"))
    assert notice_pdf(notice=notice)[:5] == b"%PDF-"


def test_a_french_customer_gets_french_dates_and_numbers(in_alpha):
    invoice = issued_invoice(PartyFactory(language="fr"), issued=datetime.date(2031, 3, 1))
    notice = dunning_notice_create(invoice=invoice, on=datetime.date(2031, 3, 22))

    html = notice_html(notice)

    assert '<html lang="fr">' in html
    assert "15/03/2031" in html and "22/03/2031" in html
    assert "1\xa0190,00" in html  # French groups thousands with a non-breaking space


def test_standard_wording_follows_the_reader_and_written_wording_stays(in_alpha):
    """A German company's levels speak French to a French customer; texts the company wrote do not change."""
    invoice = issued_invoice(PartyFactory(language="fr"), issued=datetime.date(2031, 3, 1))
    notice = dunning_notice_create(invoice=invoice, on=datetime.date(2031, 3, 22))

    html = notice_html(notice)

    assert "Rappel de paiement" in html and "Payment reminder" not in html and "Zahlungserinnerung" not in html
    DunningLevel.objects.filter(level=1).update(name="Freundliche Erinnerung")
    notice.level.refresh_from_db()
    assert "Freundliche Erinnerung" in notice_html(notice)
