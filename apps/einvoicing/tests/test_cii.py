"""CII D16B for XRechnung 3.0 and EN 16931: every case of the table passes the official validators."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django_tenants.utils import tenant_context
from lxml import etree

from apps.core.errors import ApplicationError
from apps.einvoicing.cii import GUIDELINES, NS, cii_render
from apps.einvoicing.document import Contact
from apps.einvoicing.validation import einvoice_validate
from apps.invoicing.models import Invoice
from apps.invoicing.selectors import invoice_totals
from apps.invoicing.services import DraftData, LineData, invoice_create
from apps.parties.models import Party
from apps.tenants.models import Tenant

from . import cases

CONTACT = Contact(name="Petra Alpha", phone="+49 221 123456", email="rechnung@alpha.example")
CII_PROFILES = ("xrechnung", "en16931")
MATRIX = [(case, profile) for case in cases.EU_CASES for profile in CII_PROFILES if profile in case.profiles]
SETTLEMENT = "//ram:ApplicableHeaderTradeSettlement"
SUMMATION = f"{SETTLEMENT}/ram:SpecifiedTradeSettlementHeaderMonetarySummation"


def _xpath(xml: bytes, path: str) -> list[str]:
    return [str(value) for value in etree.fromstring(xml).xpath(path, namespaces=NS)]


def problems(xml: bytes, profile: str) -> str:
    """Every fatal or error finding, one per line: empty when the official rules accept the document."""
    result = einvoice_validate(xml, profile=profile)
    return "\n".join(f"{item.flag} {item.rule_id} {item.location} {item.text}" for item in result.errors())


def assert_totals_agree(xml: bytes, invoice: Invoice) -> None:
    """The key totals and every VAT breakdown row are the totals engine's, to the cent."""
    totals = invoice_totals(invoice)
    assert _xpath(xml, "/rsm:CrossIndustryInvoice/rsm:ExchangedDocument/ram:ID/text()") == [invoice.number]
    assert _xpath(xml, f"{SUMMATION}/ram:LineTotalAmount/text()") == [str(totals.line_total)]
    assert _xpath(xml, f"{SUMMATION}/ram:TaxBasisTotalAmount/text()") == [str(invoice.total_net)]
    assert _xpath(xml, f"{SUMMATION}/ram:TaxTotalAmount[@currencyID='{invoice.currency}']/text()") == [
        str(invoice.total_tax)
    ]
    assert _xpath(xml, f"{SUMMATION}/ram:GrandTotalAmount/text()") == [str(invoice.total_gross)]
    assert _xpath(xml, f"{SUMMATION}/ram:DuePayableAmount/text()") == [str(invoice.amount_due)]
    written = [
        (
            tax.findtext(f"{{{NS['ram']}}}CategoryCode"),
            tax.findtext(f"{{{NS['ram']}}}BasisAmount"),
            tax.findtext(f"{{{NS['ram']}}}CalculatedAmount"),
        )
        for tax in etree.fromstring(xml).xpath(f"{SETTLEMENT}/ram:ApplicableTradeTax", namespaces=NS)
    ]
    assert written == [(row.tax_category, str(row.taxable_amount), str(row.tax_amount)) for row in totals.breakdown]


@pytest.mark.parametrize(("case", "profile"), MATRIX, ids=[f"{case.name}-{profile}" for case, profile in MATRIX])
def test_every_case_passes_the_official_rules(db, case: cases.Case, profile: str) -> None:  # type: ignore[no-untyped-def]
    with tenant_context(Tenant.objects.get(slug=case.tenant)):
        invoice = case.build()
        xml = cii_render(invoice, profile=profile, contact=CONTACT)
        assert problems(xml, profile) == ""
        assert_totals_agree(xml, invoice)
    assert _xpath(
        xml, "//rsm:ExchangedDocumentContext/ram:GuidelineSpecifiedDocumentContextParameter/ram:ID/text()"
    ) == [GUIDELINES[profile]]
    assert _xpath(xml, "/rsm:CrossIndustryInvoice/rsm:ExchangedDocument/ram:TypeCode/text()") == [
        {"credit_note": "381", "debit_note": "383"}.get(invoice.kind, "380")
    ]


def test_xrechnung_carries_leitweg_id_contact_and_sepa_transfer(in_alpha) -> None:  # type: ignore[no-untyped-def]
    invoice = cases.case_public_customer_leitweg()

    xml = cii_render(invoice, profile="xrechnung", contact=CONTACT)

    agreement = "//ram:ApplicableHeaderTradeAgreement"
    assert invoice.customer.peppol_id == f"0204:{invoice.buyer_reference}"
    assert _xpath(xml, f"{agreement}/ram:BuyerReference/text()") == [invoice.buyer_reference]
    assert _xpath(xml, f"{agreement}/ram:BuyerTradeParty/ram:URIUniversalCommunication/ram:URIID/@schemeID") == ["0204"]
    contact = f"{agreement}/ram:SellerTradeParty/ram:DefinedTradeContact"
    assert _xpath(xml, f"{contact}/ram:PersonName/text()") == ["Petra Alpha"]
    assert _xpath(xml, f"{contact}/ram:TelephoneUniversalCommunication/ram:CompleteNumber/text()") == ["+49 221 123456"]
    assert _xpath(xml, f"{contact}/ram:EmailURIUniversalCommunication/ram:URIID/text()") == ["rechnung@alpha.example"]
    means = f"{SETTLEMENT}/ram:SpecifiedTradeSettlementPaymentMeans"
    assert _xpath(xml, f"{means}/ram:TypeCode/text()") == ["58"]
    assert _xpath(xml, f"{means}/ram:PayeePartyCreditorFinancialAccount/ram:IBANID/text()") == [
        cases.SELLERS["DE"]["iban"]
    ]


def test_skonto_is_machine_readable_in_xrechnung_and_plain_text_in_en16931(in_alpha) -> None:  # type: ignore[no-untyped-def]
    invoice = cases.case_standard_mixed_rates()

    xrechnung = cii_render(invoice, profile="xrechnung", contact=CONTACT)
    en16931 = cii_render(invoice, profile="en16931", contact=CONTACT)

    terms = f"{SETTLEMENT}/ram:SpecifiedTradePaymentTerms"
    assert _xpath(xrechnung, f"{terms}/ram:Description/text()") == ["#SKONTO#TAGE=7#PROZENT=2.00#\n"]
    assert _xpath(en16931, f"{terms}/ram:Description/text()")[0].startswith("2 % discount if paid within 7 days")
    assert _xpath(xrechnung, f"{terms}/ram:DueDateDateTime/udt:DateTimeString/text()") == [
        invoice.due_date.strftime("%Y%m%d")  # type: ignore[union-attr]
    ]


def test_credit_note_references_the_invoice_it_corrects(in_alpha) -> None:  # type: ignore[no-untyped-def]
    note = cases.case_credit_note()

    xml = cii_render(note, profile="en16931")

    reference = f"{SETTLEMENT}/ram:InvoiceReferencedDocument"
    assert _xpath(xml, f"{reference}/ram:IssuerAssignedID/text()") == [note.corrects.number]  # type: ignore[union-attr]
    assert _xpath(xml, f"{reference}/ram:FormattedIssueDateTime/qdt:DateTimeString/text()") == [
        note.corrects.issue_date.strftime("%Y%m%d")  # type: ignore[union-attr]
    ]
    assert Decimal(_xpath(xml, f"{SUMMATION}/ram:DuePayableAmount/text()")[0]) > 0


def test_foreign_currency_states_vat_in_the_company_currency(in_alpha) -> None:  # type: ignore[no-untyped-def]
    invoice = cases.case_foreign_currency()

    xml = cii_render(invoice, profile="en16931")

    assert _xpath(xml, f"{SETTLEMENT}/ram:TaxCurrencyCode/text()") == ["EUR"]
    assert _xpath(xml, f"{SETTLEMENT}/ram:InvoiceCurrencyCode/text()") == ["USD"]
    # 12 h × 145.00 = 1740.00 USD, 19 % = 330.60 USD, × 0.92165 = 304.70 EUR
    assert _xpath(xml, f"{SUMMATION}/ram:TaxTotalAmount/@currencyID") == ["USD", "EUR"]
    assert _xpath(xml, f"{SUMMATION}/ram:TaxTotalAmount/text()") == ["330.60", "304.70"]


def test_draft_is_refused_naming_the_status(in_alpha) -> None:  # type: ignore[no-untyped-def]
    customer = cases.customer_create(name="Entwurf GmbH", country="DE", tax_id="DE811569869")
    draft = invoice_create(
        data=DraftData(
            customer=customer.pk,
            lines=[
                LineData(
                    description="Arbeit", quantity=Decimal("1"), unit_price=Decimal("10.00"), tax_code="de-standard-19"
                )
            ],
        )
    )

    with pytest.raises(ApplicationError) as refused:
        cii_render(draft, profile="en16931")

    assert refused.value.field == "status"


def test_xrechnung_refuses_a_customer_without_peppol_id(in_alpha) -> None:  # type: ignore[no-untyped-def]
    invoice = cases.case_standard_mixed_rates()
    Party.objects.filter(pk=invoice.customer_id).update(peppol_id="")
    invoice.customer.refresh_from_db()

    with pytest.raises(ApplicationError) as refused:
        cii_render(invoice, profile="xrechnung", contact=CONTACT)

    assert refused.value.field == "customer.peppol_id"
    # EN 16931 (and so Factur-X) does not need the buyer's electronic address.
    assert problems(cii_render(invoice, profile="en16931"), "en16931") == ""


def test_xrechnung_refuses_a_seller_contact_without_phone(in_alpha) -> None:  # type: ignore[no-untyped-def]
    invoice = cases.case_public_customer_leitweg()

    with pytest.raises(ApplicationError) as refused:
        cii_render(invoice, profile="xrechnung", contact=Contact(name="Petra Alpha", email="rechnung@alpha.example"))

    assert refused.value.field == "seller_contact.phone"


def test_unknown_profile_is_refused_naming_the_profile(in_alpha) -> None:  # type: ignore[no-untyped-def]
    invoice = cases.case_prepaid()

    with pytest.raises(ApplicationError) as refused:
        cii_render(invoice, profile="peppol")

    assert refused.value.field == "profile"
