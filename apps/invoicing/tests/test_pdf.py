"""Invoice PDFs: the mandatory content per country and language, the GiroCode, and the endpoint.

Content is checked on the HTML WeasyPrint lays out (`invoice_html`): the venv has no PDF text
extractor, and the HTML is exactly what is printed.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import segno.helpers
from django_tenants.utils import tenant_context

from apps.invoicing.models import Invoice, InvoiceKind, InvoicingSettings
from apps.invoicing.pdf import invoice_html, invoice_pdf
from apps.invoicing.selectors import invoice_detail
from apps.invoicing.services import DraftData, LineData, invoice_create, invoice_issue
from apps.invoicing.services.drafts import AllowanceChargeData
from apps.parties.tests.factories import AddressFactory, PartyFactory
from apps.tenants.models import Role
from apps.tenants.services import membership_grant
from apps.tenants.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
D = Decimal
ISSUED_ON = datetime.date(2031, 3, 2)
IBAN = "DE89370400440532013000"
LINES = [
    LineData(description="Eichenbrett 2 m", quantity=D("3"), unit_price=D("19.99"), tax_code="de-standard-19"),
    LineData(
        description="Fachbuch Holzbau",
        quantity=D("2.5"),
        unit_price=D("12.40"),
        discount_percent=D("10"),
        tax_code="de-reduced-7",
    ),
]
FREIGHT = AllowanceChargeData(reason="Fracht", tax_code="de-standard-19", is_charge=True, amount=D("5.00"))


def _customer(language: str = "de", **fields: object):  # type: ignore[no-untyped-def]
    values = {
        "legal_name": "Müller & Söhne KG",
        "tax_id": "DE811907980",
        "payment_days": 30,
        "skonto_percent": D("2"),
        "skonto_days": 10,
        **fields,
    }
    customer = PartyFactory(language=language, **values)
    AddressFactory(party=customer, line1="Lindenallee 7", postal_code="50667", city="Köln")
    return customer


def _issued(customer, lines=LINES, **draft: object) -> Invoice:  # type: ignore[no-untyped-def]
    draft.setdefault("allowances_charges", [FREIGHT])
    draft.setdefault("delivery_date", datetime.date(2031, 3, 1))
    invoice = invoice_create(data=DraftData(customer=customer.pk, lines=lines, **draft))  # type: ignore[arg-type]
    return invoice_detail(pk=invoice_issue(invoice=invoice, issue_date=ISSUED_ON).pk)


def _bank(**fields: object) -> InvoicingSettings:
    bank, _created = InvoicingSettings.objects.update_or_create(pk=1, defaults=fields)
    return bank


def test_the_pdf_is_a_pdf(in_alpha):
    assert invoice_pdf(invoice=_issued(_customer())).startswith(b"%PDF-")


def test_a_german_invoice_carries_the_mandatory_content(in_alpha):
    _bank(iban=IBAN, bic="COBADEFFXXX", bank_name="Commerzbank", footer="Alpha Bau GmbH · HRB 12345 Köln")

    html = invoice_html(_issued(_customer()))

    assert 'lang="de"' in html
    for expected in (
        "RE-2031-00001",  # number
        "Alpha Bau GmbH",  # seller
        "DE136695976",  # seller VAT ID
        "Müller &amp; Söhne KG",  # buyer, escaped
        "Lindenallee 7",  # billing address
        "50667 Köln",
        "DE811907980",  # buyer VAT ID
        "02.03.2031",  # issue date
        "01.03.2031",  # delivery date
        "01.04.2031",  # due date: 30 days net
        "Eichenbrett 2 m",
        "19,99",  # unit price
        "10 %",  # line discount
        "Fracht",
        "64,97",  # 19 % base, freight included
        "12,34",  # 19 % tax
        "27,90",  # 7 % base
        "1,95",  # 7 % tax
        "92,87",  # net
        "14,29",  # VAT
        "107,16 EUR",  # amount due
        "12.03.2031",  # Skonto date: 10 days
        "2 %",
        "2,14 EUR",  # 2 % of 107.16
        "IBAN DE89370400440532013000",
        "BIC COBADEFFXXX",
        "HRB 12345 Köln",  # footer
    ):
        assert expected in html, expected
    assert "Gemäß § 19 UStG" not in html
    assert 'class="watermark"' not in html


def test_the_girocode_carries_the_amount_due_and_the_number(in_alpha):
    _bank(iban=IBAN, bic="COBADEFFXXX")

    html = invoice_html(_issued(_customer()))

    expected = segno.helpers.make_epc_qr(
        name="Alpha Bau GmbH", iban=IBAN, amount=D("107.16"), text="RE-2031-00001", bic="COBADEFFXXX"
    ).png_data_uri(scale=4, border=0)
    assert f'class="epc-qr" src="{expected}"' in html


@pytest.mark.parametrize(
    ("bank", "currency"),
    [({"iban": ""}, "EUR"), ({"iban": IBAN}, "USD")],
    ids=["no-iban", "not-eur"],
)
def test_no_girocode_without_an_iban_or_for_another_currency(in_alpha, bank, currency):
    _bank(**bank)
    rate = D("1") if currency == "EUR" else D("0.92")

    html = invoice_html(_issued(_customer(), currency=currency, exchange_rate=rate))

    assert "epc-qr" not in html
    assert "GiroCode" not in html


@pytest.mark.parametrize(
    ("language", "issue_date", "amount"),
    [
        ("de", "02.03.2031", "107,16"),
        ("fr", "02/03/2031", "107,16"),
        ("nl", "2-3-2031", "107,16"),
        ("es", "02/03/2031", "107,16"),
        ("en", "03/02/2031", "107.16"),
    ],
)
def test_numbers_and_dates_follow_the_invoice_language(in_alpha, language, issue_date, amount):
    html = invoice_html(_issued(_customer(language=language)))

    assert f'lang="{language}"' in html
    assert issue_date in html
    assert f"{amount} EUR" in html


def test_a_french_invoice_formats_thousands_and_vat_ids(in_alpha):
    customer = _customer(language="fr", country="BE", tax_id="BE0403019261")
    lines = [LineData(description="Plancher chêne", quantity=D("100"), unit_price=D("25.50"), tax_code="de-intra-eu")]

    html = invoice_html(_issued(customer, lines=lines, allowances_charges=[]))

    assert 'lang="fr"' in html and "BE0403019261" in html and "DE136695976" in html
    assert "2\xa0550,00 EUR" in html  # no VAT: intra-community supply
    assert "Steuerfreie innergemeinschaftliche Lieferung (§ 4 Nr. 1 Buchst. b, § 6a UStG)" in html


def test_reverse_charge_prints_the_exemption_reason_under_the_breakdown(in_alpha):
    customer = _customer(country="AT", tax_id="ATU13585627")
    lines = [
        LineData(
            description="Montage", quantity=D("8"), unit_code="HUR", unit_price=D("65"), tax_code="de-reverse-charge"
        )
    ]

    html = invoice_html(_issued(customer, lines=lines, allowances_charges=[]))

    assert "ATU13585627" in html
    assert '<p class="legal exemption">Steuerschuldnerschaft des Leistungsempfängers (§ 13b UStG)</p>' in html
    assert "520,00 EUR" in html  # 8 h × 65.00, no VAT
    assert "8 Std." in html  # the unit in the invoice's language


def test_a_small_business_prints_the_section_19_text(in_alpha):
    _bank(small_business=True)
    lines = [LineData(description="Beratung", quantity=D("1"), unit_price=D("100"), tax_code="de-exempt")]

    html = invoice_html(_issued(_customer(), lines=lines, allowances_charges=[]))

    assert "Gemäß § 19 UStG wird keine Umsatzsteuer berechnet." in html


def test_prepaid_amount_and_cash_rounding_are_shown(in_alpha):
    html = invoice_html(_issued(_customer(), prepaid_amount=D("50.00"), rounding_increment=D("0.05")))

    # 107.16 − 50.00 = 57.16, rounded to 0.05: 57.15 (rounding −0.01)
    assert "− 50,00" in html and "-0,01" in html and "57,15 EUR" in html


def test_a_draft_is_marked_and_has_no_girocode(in_alpha):
    _bank(iban=IBAN)
    customer = _customer(language="en")
    draft = invoice_create(data=DraftData(customer=customer.pk, lines=LINES))

    html = invoice_html(invoice_detail(pk=draft.pk))

    assert 'class="watermark">Draft<' in html
    assert f"Draft {draft.pk}" in html
    assert "epc-qr" not in html
    assert "Payable without deduction within 30 days." in html
    assert "If paid within 10 days: 2 % early-payment discount (2.02 EUR)." in html  # 2 % of 101.21


def test_a_credit_note_names_the_invoice_it_corrects(in_alpha):
    _bank(iban=IBAN)
    customer = _customer(language="en")
    invoice = _issued(customer)
    credit = invoice_create(
        data=DraftData(customer=customer.pk, lines=LINES[:1]), kind=InvoiceKind.CREDIT_NOTE, corrects=invoice
    )
    credit = invoice_detail(pk=invoice_issue(invoice=credit, issue_date=ISSUED_ON).pk)

    html = invoice_html(credit)

    assert f"Credit note {credit.number}" in html
    assert "Corrects invoice RE-2031-00001 of 03/02/2031." in html
    assert "71.36 EUR" in html  # 59.97 + 11.39 VAT
    assert "epc-qr" not in html and "early-payment discount" not in html


def test_rendering_takes_a_fixed_number_of_queries(in_alpha, django_assert_num_queries):
    invoice = Invoice.objects.get(pk=_issued(_customer(), lines=LINES * 5).pk)

    with django_assert_num_queries(5):  # invoice + customer, lines with tax codes, allowances, settings, addresses
        invoice_html(invoice)


# --- API ---------------------------------------------------------------------


def _invoice_in(tenant) -> Invoice:  # type: ignore[no-untyped-def]
    with tenant_context(tenant):
        return _issued(_customer())


def test_the_api_returns_the_pdf_inline(tenant_a, owner_a, token_for):
    invoice = _invoice_in(tenant_a)

    response = token_for(tenant_a, owner_a).get(f"/api/v1/invoices/{invoice.pk}/pdf/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="RE-2031-00001.pdf"'
    assert response.content.startswith(b"%PDF-")


def test_a_draft_downloads_under_its_draft_name(tenant_a, owner_a, token_for):
    with tenant_context(tenant_a):
        draft = invoice_create(data=DraftData(customer=_customer().pk, lines=LINES))

    response = token_for(tenant_a, owner_a).get(f"/api/v1/invoices/{draft.pk}/pdf/")

    assert response.status_code == 200
    assert response["Content-Disposition"] == f'inline; filename="draft-{draft.pk}.pdf"'


def test_an_unknown_invoice_is_404(tenant_a, owner_a, token_for):
    response = token_for(tenant_a, owner_a).get("/api/v1/invoices/987654/pdf/")

    assert response.status_code == 404
    assert response.json()["errors"][0]["code"] == "not_found"


def test_a_viewer_may_read_the_pdf(tenant_a, token_for):
    invoice = _invoice_in(tenant_a)
    viewer = UserFactory()
    membership_grant(tenant=tenant_a, user=viewer, role=Role.VIEWER)

    assert token_for(tenant_a, viewer).get(f"/api/v1/invoices/{invoice.pk}/pdf/").status_code == 200


def test_a_member_without_the_invoicing_right_is_refused(tenant_a, token_for):
    invoice = _invoice_in(tenant_a)
    member = UserFactory()
    membership_grant(tenant=tenant_a, user=member, role=Role.MEMBER, module_rights={"invoicing": set()})

    response = token_for(tenant_a, member).get(f"/api/v1/invoices/{invoice.pk}/pdf/")

    assert response.status_code == 403
    assert response.json()["errors"][0]["code"] == "permission_denied"
