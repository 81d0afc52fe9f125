"""UBL for Peppol BIS Billing 3.0 and XRechnung 3.0: every case of the table passes the official validators."""

from __future__ import annotations

import base64
from decimal import Decimal

import pytest
from django_tenants.utils import tenant_context
from lxml import etree

from apps.core.errors import ApplicationError
from apps.einvoicing.document import Contact
from apps.einvoicing.peppol_demo import DEMO_PEPPOL, peppol_demo_seed
from apps.einvoicing.ubl import NS, ubl_render
from apps.einvoicing.validation import einvoice_validate
from apps.invoicing.models import Invoice
from apps.invoicing.selectors import invoice_totals
from apps.invoicing.services import DraftData, LineData, invoice_create
from apps.tenants.models import Tenant

from . import cases

CONTACT = Contact(name="Petra Alpha", phone="+49 221 123456", email="rechnung@alpha.example")
UBL_PROFILES = ("peppol", "xrechnung")
MATRIX = [(case, profile) for case in cases.EU_CASES for profile in UBL_PROFILES if profile in case.profiles]


@pytest.fixture
def in_tenant(db):  # type: ignore[no-untyped-def]
    """Enters the company a case belongs to."""

    def enter(slug: str):  # type: ignore[no-untyped-def]
        return tenant_context(Tenant.objects.get(slug=slug))

    return enter


def _xpath(xml: bytes, path: str) -> list[str]:
    return [str(value) for value in etree.fromstring(xml).xpath(path, namespaces=NS)]


def _problems(xml: bytes, profile: str) -> str:
    result = einvoice_validate(xml, profile=profile)
    return "\n".join(f"{item.flag} {item.rule_id} {item.location} {item.text}" for item in result.errors())


@pytest.mark.parametrize(("case", "profile"), MATRIX, ids=[f"{case.name}-{profile}" for case, profile in MATRIX])
def test_every_case_passes_the_official_rules(in_tenant, case: cases.Case, profile: str) -> None:  # type: ignore[no-untyped-def]
    with in_tenant(case.tenant):
        invoice = case.build()
        xml = ubl_render(invoice, profile=profile, contact=CONTACT)
        totals = invoice_totals(invoice)

    assert _problems(xml, profile) == ""
    root = "CreditNote" if invoice.kind == "credit_note" else "Invoice"
    assert _xpath(xml, f"/{root}:{root}/cbc:ID/text()") == [invoice.number]
    assert _xpath(xml, "//cac:LegalMonetaryTotal/cbc:PayableAmount/text()") == [str(totals.amount_due)]
    assert _xpath(xml, "//cac:LegalMonetaryTotal/cbc:TaxExclusiveAmount/text()") == [str(invoice.total_net)]
    assert _xpath(xml, "//cac:TaxTotal[cac:TaxSubtotal]/cbc:TaxAmount/text()") == [str(invoice.total_tax)]
    per_category = {(row.tax_category, row.tax_rate.normalize()): str(row.tax_amount) for row in totals.breakdown}
    written = {
        (category, Decimal(rate).normalize()): tax
        for category, rate, tax in zip(
            _xpath(xml, "//cac:TaxSubtotal/cac:TaxCategory/cbc:ID/text()"),
            _xpath(xml, "//cac:TaxSubtotal/cac:TaxCategory/cbc:Percent/text()"),
            _xpath(xml, "//cac:TaxSubtotal/cbc:TaxAmount/text()"),
            strict=True,
        )
    }
    assert written == per_category


@pytest.fixture
def alpha(in_alpha):  # type: ignore[no-untyped-def]
    cases.seller_complete()
    return in_alpha


def _refusal(invoice, profile: str = "peppol", contact: Contact | None = CONTACT) -> ApplicationError:  # type: ignore[no-untyped-def]
    with pytest.raises(ApplicationError) as raised:
        ubl_render(invoice, profile=profile, contact=contact)
    return raised.value


def _issued_for(customer, **header) -> object:  # type: ignore[no-untyped-def]
    line = LineData(
        description="Wartung", quantity=Decimal("1"), unit_price=Decimal("100.00"), tax_code="de-standard-19"
    )
    return cases.invoice_issue(
        invoice=invoice_create(data=DraftData(customer=customer.pk, lines=[line], **header)), issue_date=cases.ISSUED_ON
    )


def test_a_draft_is_refused(alpha) -> None:  # type: ignore[no-untyped-def]
    customer = cases.customer_create(name="Kunde GmbH", country="DE", peppol_id="9930:DE811569869")
    line = LineData(
        description="Wartung", quantity=Decimal("1"), unit_price=Decimal("10.00"), tax_code="de-standard-19"
    )
    draft = invoice_create(data=DraftData(customer=customer.pk, lines=[line], buyer_reference="PO-1"))

    error = _refusal(draft)

    assert (error.code, error.field, error.status) == ("not_issued", "status", 400)


def test_a_customer_without_peppol_id_is_refused_naming_the_field(alpha) -> None:  # type: ignore[no-untyped-def]
    invoice = _issued_for(cases.customer_create(name="Ohne Peppol GmbH", country="DE"), buyer_reference="PO-1")

    for profile in UBL_PROFILES:
        error = _refusal(invoice, profile)
        assert (error.code, error.field) == ("no_buyer_endpoint", "customer.peppol_id")


def test_peppol_needs_the_buyer_reference(alpha) -> None:  # type: ignore[no-untyped-def]
    invoice = _issued_for(cases.customer_create(name="Kunde GmbH", country="DE", peppol_id="9930:DE811569869"))

    assert _refusal(invoice).field == "buyer_reference"


@pytest.mark.parametrize(
    ("contact", "field"),
    [
        (Contact(name="Petra Alpha", email="rechnung@alpha.example"), "seller_contact.phone"),
        (Contact(phone="+49 221 1", email="rechnung@alpha.example"), "seller_contact.name"),
        (Contact(name="Petra Alpha", phone="+49 221 1"), "seller_contact.email"),
    ],
)
def test_german_rules_need_the_seller_contact(alpha, contact: Contact, field: str) -> None:  # type: ignore[no-untyped-def]
    """XRechnung always, Peppol between two German companies (DE-R-002..007); Peppol abroad does not."""
    domestic, abroad = cases.case_prepaid(), cases.case_intra_community()

    for profile in UBL_PROFILES:
        assert _refusal(domestic, profile, contact).field == field
    assert _refusal(abroad, "xrechnung", contact).field == field
    assert _problems(ubl_render(abroad, profile="peppol", contact=contact), "peppol") == ""


def test_without_a_contact_given_the_owner_is_the_contact_and_the_phone_is_asked_for(alpha) -> None:  # type: ignore[no-untyped-def]
    """The company keeps no phone number yet: the refusal says what is missing instead of an invalid file."""
    owner = alpha.memberships.get(role="owner").user
    owner.full_name = "Olaf Owner"
    owner.save(update_fields=["full_name"])

    assert _refusal(cases.case_prepaid(), "xrechnung", None).field == "seller_contact.phone"
    xml = ubl_render(cases.case_intra_community(), profile="peppol")
    assert _problems(xml, "peppol") == ""
    assert _xpath(xml, "//cac:AccountingSupplierParty//cac:Contact/cbc:*/text()") == ["Olaf Owner", owner.email]


def test_german_rules_need_addresses_and_the_iban(alpha) -> None:  # type: ignore[no-untyped-def]
    customer = cases.customer_create(name="Kunde GmbH", country="DE", peppol_id="9930:DE811569869")
    customer.addresses.all().delete()
    invoice = _issued_for(customer, buyer_reference="PO-1")
    assert _refusal(invoice, "xrechnung").field == "customer.addresses"

    domestic, abroad = cases.case_prepaid(), cases.case_intra_community()
    cases.InvoicingSettings.objects.filter(pk=1).update(iban="")
    for profile in UBL_PROFILES:
        assert _refusal(domestic, profile).field == "iban"
    assert _problems(ubl_render(abroad, profile="peppol", contact=CONTACT), "peppol") == ""
    assert _xpath(ubl_render(abroad, profile="peppol", contact=CONTACT), "//cac:PaymentMeans") == []


def test_an_unknown_profile_is_refused(alpha) -> None:  # type: ignore[no-untyped-def]
    assert _refusal(cases.case_prepaid(), "zugferd").field == "profile"


def test_the_pdf_can_be_embedded(alpha) -> None:  # type: ignore[no-untyped-def]
    invoice = cases.case_standard_mixed_rates()

    xml = ubl_render(invoice, profile="xrechnung", contact=CONTACT, attach_pdf=True)

    assert _problems(xml, "xrechnung") == ""
    path = "//cac:AdditionalDocumentReference/cac:Attachment/cbc:EmbeddedDocumentBinaryObject"
    assert _xpath(xml, f"{path}/@filename") == [f"{invoice.number}.pdf"]
    assert _xpath(xml, f"{path}/@mimeCode") == ["application/pdf"]
    assert base64.b64decode(_xpath(xml, f"{path}/text()")[0]).startswith(b"%PDF-")
    assert _xpath(ubl_render(invoice, profile="xrechnung", contact=CONTACT), path) == []


def test_a_credit_note_references_its_invoice(alpha) -> None:  # type: ignore[no-untyped-def]
    note = cases.case_credit_note_partial()

    xml = ubl_render(note, profile="xrechnung", contact=CONTACT)

    corrected = note.corrects
    assert corrected is not None
    reference = "/CreditNote:CreditNote/cac:BillingReference/cac:InvoiceDocumentReference"
    assert _xpath(xml, f"{reference}/cbc:ID/text()") == [corrected.number]
    assert _xpath(xml, f"{reference}/cbc:IssueDate/text()") == [str(corrected.issue_date)]
    assert _xpath(xml, "//cbc:CreditNoteTypeCode/text()") == ["381"]
    assert _xpath(xml, "//cac:CreditNoteLine/cbc:CreditedQuantity/text()") == ["2"]
    # 2 hours at 68.00 and 19 % VAT, positive amounts as a credit note states them.
    assert _xpath(xml, "//cac:LegalMonetaryTotal/cbc:PayableAmount/text()") == ["161.84"]


def test_foreign_currency_states_the_vat_in_euro(alpha) -> None:  # type: ignore[no-untyped-def]
    xml = ubl_render(cases.case_foreign_currency(), profile="peppol", contact=CONTACT)

    assert _xpath(xml, "//cbc:DocumentCurrencyCode/text()") == ["USD"]
    assert _xpath(xml, "//cbc:TaxCurrencyCode/text()") == ["EUR"]
    # 12 h × 145.00 USD = 1,740.00; VAT 330.60 USD × 0.92165 = 304.70 EUR.
    assert _xpath(xml, "//cac:TaxTotal/cbc:TaxAmount[@currencyID='EUR']/text()") == ["304.70"]
    assert _xpath(xml, "//cac:TaxTotal/cbc:TaxAmount[@currencyID='USD']/text()") == ["330.60"]


def test_a_public_customer_is_addressed_by_its_leitweg_id(alpha) -> None:  # type: ignore[no-untyped-def]
    xml = ubl_render(cases.case_public_customer_leitweg(), profile="xrechnung", contact=CONTACT)

    assert _xpath(xml, "//cbc:BuyerReference/text()") == ["05315-12345-85"]
    assert _xpath(xml, "//cac:AccountingCustomerParty//cbc:EndpointID/@schemeID") == ["0204"]
    assert _xpath(xml, "//cac:AccountingCustomerParty//cbc:EndpointID/text()") == ["05315-12345-85"]


def test_skonto_is_written_as_xrechnung_reads_it(alpha) -> None:  # type: ignore[no-untyped-def]
    invoice = cases.case_standard_mixed_rates()

    xrechnung = ubl_render(invoice, profile="xrechnung", contact=CONTACT)

    assert _xpath(xrechnung, "//cac:PaymentTerms/cbc:Note/text()") == ["#SKONTO#TAGE=7#PROZENT=2.00#\n"]
    assert _xpath(xrechnung, "/Invoice:Invoice/cbc:DueDate/text()") == ["2026-04-01"]


def test_prices_keep_their_decimals_and_base_quantity(alpha) -> None:  # type: ignore[no-untyped-def]
    fuel = ubl_render(cases.case_three_decimal_prices(), profile="peppol", contact=CONTACT)
    screws = ubl_render(cases.case_price_per_hundred(), profile="peppol", contact=CONTACT)

    assert _xpath(fuel, "//cac:Price/cbc:PriceAmount/text()") == ["1.679", "0.0349"]
    # 83.27 l × 1.679 = 139.81; 1,250 × 0.0349 = 43.63 (amounts at cents, BR-DEC-23)
    assert _xpath(fuel, "//cac:InvoiceLine/cbc:LineExtensionAmount/text()") == ["139.81", "43.63"]
    assert _xpath(screws, "//cac:Price/cbc:BaseQuantity/text()") == ["100"]
    assert _xpath(screws, "//cac:InvoiceLine/cbc:LineExtensionAmount/text()") == ["197.50"]


def test_a_belgian_company_is_its_enterprise_number_on_peppol(tenant_b) -> None:  # type: ignore[no-untyped-def]
    with tenant_context(tenant_b):
        xml = ubl_render(cases.case_belgian_reverse_charge(), profile="peppol")

    seller = "//cac:AccountingSupplierParty/cac:Party"
    assert _xpath(xml, f"{seller}/cbc:EndpointID/@schemeID") == ["0208"]
    assert _xpath(xml, f"{seller}/cbc:EndpointID/text()") == ["0403019261"]
    assert _xpath(xml, "//cac:AccountingCustomerParty//cbc:EndpointID/@schemeID") == ["9925"]
    assert _xpath(xml, "//cac:TaxSubtotal/cac:TaxCategory/cbc:TaxExemptionReasonCode/text()") == ["VATEX-EU-AE"]


@pytest.mark.parametrize("slug", ["alpha", "beta"])
def test_the_demo_invoice_is_a_valid_peppol_document(in_tenant, slug: str) -> None:  # type: ignore[no-untyped-def]
    tenant = Tenant.objects.get(slug=slug)
    with in_tenant(slug):
        cases.seller_complete()
        cases.InvoicingSettings.objects.filter(pk=1).update(iban="")
        peppol_demo_seed(tenant)
        invoice = Invoice.objects.filter(buyer_reference__in=["AT-2026-118", "PO-7781"]).get()
        xml = ubl_render(invoice, profile="peppol")
        xrechnung = ubl_render(invoice, profile="xrechnung") if slug == "alpha" else b""

    assert _problems(xml, "peppol") == ""
    if xrechnung:  # the demo names the contact German rules require, so no caller has to
        assert _problems(xrechnung, "xrechnung") == ""
    assert _xpath(xml, "//cac:PayeeFinancialAccount/cbc:ID/text()") == [DEMO_PEPPOL[tenant.country][0]]
