"""Each failed rule shown at the field it concerns: the mapping table, the card and the API."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django_tenants.utils import tenant_context
from lxml import html

from apps.einvoicing.findings import finding_field, finding_groups
from apps.einvoicing.formats import einvoice_check
from apps.einvoicing.models import EinvoiceTransmission
from apps.einvoicing.validation import Finding, einvoice_validate
from apps.invoicing.models import Invoice

from .cases import _issued, _line, customer_create

pytestmark = pytest.mark.django_db
UBL_ROOT = "/ubl:Invoice[1]"
CII_LINE = "/rsm:CrossIndustryInvoice[1]/rsm:SupplyChainTradeTransaction[1]/ram:IncludedSupplyChainTradeLineItem[2]"


@pytest.fixture
def without_buyer_vat(tenant_a) -> Invoice:  # type: ignore[no-untyped-def]
    """An intra-community supply to an Austrian business whose VAT id was never entered (BR-IC-02)."""
    with tenant_context(tenant_a):
        customer = customer_create(
            name="Alpenholz Handels GmbH",
            country="AT",
            peppol_id="9914:ATU13585627",
            city="Innsbruck",
            postal_code="6020",
        )
        return _issued(
            customer,
            [
                _line("Werkbank Eiche", "2", "1249.00", "de-intra-eu"),
                _line("Schraubstock", "2", "189.50", "de-intra-eu"),
            ],
            buyer_reference="AT-7781",
        )


def _finding(rule_id: str, location: str, text: str = "", layer: str = "cen-ubl-1.3.16") -> Finding:
    return Finding(layer, rule_id, "fatal", location, text)


@pytest.mark.parametrize(
    ("finding", "key", "label"),
    [
        # The rule names both VAT ids and is reported on the root (UBL) or on each line (CII): the buyer's is missing.
        (
            _finding(
                "BR-IC-02", UBL_ROOT, "[BR-IC-02]-… Seller VAT Identifier (BT-31) … Buyer VAT identifier (BT-48)."
            ),
            "customer.tax_id",
            "Customer: VAT ID",
        ),
        (
            _finding("BR-IC-02", f"{CII_LINE}/ram:SpecifiedLineTradeSettlement[1]/ram:ApplicableTradeTax[1]"),
            "customer.tax_id",
            "Customer: VAT ID",
        ),
        (
            _finding(
                "BR-DE-2",
                f"{UBL_ROOT}/cac:AccountingSupplierParty[1]",
                '[BR-DE-2] Die Gruppe "SELLER CONTACT" (BG-6) …',
            ),
            "seller.contact",
            "Company: e-invoice contact",
        ),
        (
            _finding(
                "BR-DE-6",
                f"{UBL_ROOT}/cac:AccountingSupplierParty[1]/cac:Party[1]/cac:Contact[1]",
                '[BR-DE-6] Das Element "Seller contact telephone number" (BT-42) …',
            ),
            "seller.contact_phone",
            "Company: e-invoice contact phone",
        ),
        (
            _finding(
                "PEPPOL-EN16931-R010",
                f"{UBL_ROOT}/cac:AccountingCustomerParty[1]/cac:Party[1]",
                "Buyer electronic address MUST be provided",
            ),
            "customer.peppol_id",
            "Customer: Peppol ID",
        ),
        (
            _finding(
                "BR-CO-09",
                f"{UBL_ROOT}/cac:AccountingCustomerParty[1]/cac:Party[1]/cac:PartyTaxScheme[1]",
                "[BR-CO-09]-The Seller VAT identifier (BT-31) … Buyer VAT identifier (BT-48) shall have a prefix",
            ),
            "customer.tax_id",
            "Customer: VAT ID",
        ),
        (
            _finding(
                "BR-27", f"{UBL_ROOT}/cac:InvoiceLine[3]", "[BR-27]-The Item net price (BT-146) shall NOT be negative."
            ),
            "lines[2].unit_price",
            "Line 3: unit price",
        ),
        (
            _finding(
                "BR-IC-05",
                f"{UBL_ROOT}/cac:InvoiceLine[1]/cac:Item[1]/cac:ClassifiedTaxCategory[1]",
                "[BR-IC-05]-In an Invoice line (BG-25) …",
            ),
            "lines[0].tax_code",
            "Line 1: tax code",
        ),
        (
            _finding(
                "BR-DEC-13",
                f"{CII_LINE}/ram:SpecifiedLineTradeAgreement[1]/ram:NetPriceProductTradePrice[1]",
                layer="cen-cii-1.3.16",
            ),
            "lines[1].unit_price",
            "Line 2: unit price",
        ),
        (
            _finding("BR-26", UBL_ROOT, "[BR-26]-Each Invoice line (BG-25) shall contain the Item net price (BT-146)."),
            "lines",
            "Invoice: lines",
        ),
        (
            _finding(
                "BR-DE-23-a", f"{UBL_ROOT}/cac:PaymentMeans[1]", '[BR-DE-23-a] Wenn BT-81 "Payment means type code" …'
            ),
            "seller.iban",
            "Company: IBAN",
        ),
        (
            _finding("BR-DE-15", UBL_ROOT, '[BR-DE-15] Das Element "Buyer reference" (BT-10) muss übermittelt werden.'),
            "invoice.buyer_reference",
            "Invoice: buyer reference",
        ),
        (
            _finding("BR-08", UBL_ROOT, "[BR-08]-An Invoice shall contain the Seller postal address."),
            "seller.address",
            "Company: address",
        ),
        # DGII's schema names the element in the message; the location is a line and column of the XML.
        (
            Finding(
                "xsd",
                "XSD",
                "fatal",
                "line 14, column 0",
                "Element 'RNCComprador': [facet 'pattern'] The value '12' is not accepted.",
            ),
            "customer.tax_id",
            "Customer: VAT ID",
        ),
        (
            _finding(
                "BR-CO-14",
                f"{UBL_ROOT}/cac:TaxTotal[1]",
                "[BR-CO-14]-Invoice total VAT amount (BT-110) = Σ VAT category tax amount (BT-117).",
            ),
            "",
            "Document",
        ),
    ],
)
def test_the_table_places_common_rules_at_their_field(finding: Finding, key: str, label: str) -> None:
    placed = finding_field(finding)

    assert (placed.key, placed.label) == (key, label)


@pytest.mark.parametrize(
    ("sample", "profile", "fields"),
    [
        ("xrechnung__BR-DE-15__ubl-missing-buyer-reference.xml", "xrechnung", {"BR-DE-15": "invoice.buyer_reference"}),
        ("xrechnung__BR-DE-15__cii-missing-buyer-reference.xml", "xrechnung", {"BR-DE-15": "invoice.buyer_reference"}),
        (
            "peppol__PEPPOL-EN16931-R003__no-buyer-reference-no-order-reference.xml",
            "peppol",
            {"PEPPOL-EN16931-R003": "invoice.buyer_reference"},
        ),
        ("peppol__BR-63__buyer-endpoint-without-schemeid.xml", "peppol", {"BR-63": "customer.peppol_id"}),
        (
            "xrechnung__BR-DE-23-a__credit-transfer-without-account.xml",
            "xrechnung",
            {"BR-61": "seller.iban", "BR-DE-23-a": "seller.iban"},
        ),
        ("peppol__BR-CL-23__invalid-unit-code.xml", "peppol", {"BR-CL-23": "lines[0].unit"}),
        ("peppol__BR-CO-14_BR-CO-15__vat-total-not-sum-of-categories.xml", "peppol", {"BR-CO-14": "", "BR-CO-15": ""}),
    ],
)
def test_the_kits_failing_samples_are_placed_at_their_field(sample: str, profile: str, fields: dict[str, str]) -> None:
    """Real validator output on the rule kit's broken documents, not findings written for the test."""
    document = (Path(settings.EINVOICE_RULES_DIR) / "negative" / sample).read_bytes()

    errors = einvoice_validate(document, profile=profile).errors()

    assert {finding.rule_id: finding_field(finding).key for finding in errors} == fields


@pytest.mark.parametrize(("key", "layer"), [("peppol", "cen-ubl-1.3.16"), ("facturx", "cen-cii-1.3.16")])
def test_a_missing_buyer_vat_id_is_placed_at_the_customer(tenant_a, without_buyer_vat, key, layer):  # type: ignore[no-untyped-def]
    with tenant_context(tenant_a):
        result = einvoice_check(invoice=without_buyer_vat, key=key)
        groups = finding_groups(invoice=without_buyer_vat, findings=result.errors())

    errors = result.errors()
    assert (errors[0].layer, errors[0].rule_id) == (layer, "BR-IC-02")
    assert {finding_field(finding).key for finding in errors} == {"customer.tax_id"}
    assert len(groups) == 1
    group = groups[0]
    assert (group.field, group.label, group.url) == (
        "customer.tax_id",
        "Customer: VAT ID",
        f"/parties/{without_buyer_vat.customer_id}/edit/",
    )
    assert [finding.rule_id for finding in group.findings] == ["BR-IC-02"]  # CII reports it on both lines: once
    assert group.failing
    assert group.hint == "An issued invoice does not change: credit it and issue a corrected one."


def test_issued_invoice_fields_point_at_the_invoice_and_settings_at_the_settings(tenant_a, without_buyer_vat):  # type: ignore[no-untyped-def]
    findings = [
        _finding(
            "BR-27", f"{UBL_ROOT}/cac:InvoiceLine[2]", "[BR-27]-The Item net price (BT-146) shall NOT be negative."
        ),
        Finding("cen-ubl-1.3.16", "BR-CL-10", "warning", f"{UBL_ROOT}/cac:AccountingSupplierParty[1]", ""),
        _finding(
            "BR-DE-1", UBL_ROOT, '[BR-DE-1] Eine Rechnung (INVOICE) muss Angaben zu "PAYMENT INSTRUCTIONS" (BG-16).'
        ),
    ]

    with tenant_context(tenant_a):
        groups = finding_groups(invoice=without_buyer_vat, findings=findings)

    assert [(group.field, group.url, group.failing) for group in groups] == [
        ("lines[1].unit_price", f"/invoices/{without_buyer_vat.pk}/", True),
        ("seller.iban", "/invoices/settings/", True),
        ("seller", "", False),  # a warning comes after every error
    ]
    assert groups[0].hint == "An issued invoice does not change: credit it and issue a corrected one."


def _group_rows(card: str, field: str) -> list[str]:
    """The rows of the card's group for `field` (its heading, then one per rule), cells joined by " | "."""
    group = html.fromstring(card).xpath(f'//tbody[@class="finding-group"][@data-field="{field}"]')
    assert len(group) == 1, card
    return [" | ".join(" ".join(cell.text_content().split()) for cell in row) for row in group[0].xpath("tr")]


def test_the_card_shows_the_failed_rule_under_the_field_with_a_link_to_fix_it(browser: Client, without_buyer_vat):  # type: ignore[no-untyped-def]
    response = browser.post(f"/invoices/{without_buyer_vat.pk}/einvoice/peppol/validate/", HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    card = response.content.decode()
    assert "1 rule failed:" in card
    rows = _group_rows(card, "customer.tax_id")
    assert rows[0].startswith("Customer: VAT ID Edit the customer")
    assert rows[1].startswith("BR-IC-02 | fatal | [BR-IC-02]-An Invoice that contains an Invoice line")
    heading = html.fromstring(card).xpath('//tbody[@data-field="customer.tax_id"]//th/a/@href')
    assert heading == [f"/parties/{without_buyer_vat.customer_id}/edit/"]


def test_a_refused_send_shows_the_same_grouped_findings_and_sends_nothing(  # type: ignore[no-untyped-def]
    tenant_a, browser: Client, without_buyer_vat
):
    response = browser.post(f"/invoices/{without_buyer_vat.pk}/einvoice/peppol/send/", HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    card = response.content.decode()
    assert "The e-invoice breaks the official rules and was not sent: BR-IC-02." in card
    assert _group_rows(card, "customer.tax_id")[0].startswith("Customer: VAT ID")
    with tenant_context(tenant_a):
        assert not EinvoiceTransmission.objects.exists()


def test_the_api_names_the_field_of_each_finding(tenant_a, owner_a, token_for, without_buyer_vat):  # type: ignore[no-untyped-def]
    client = token_for(tenant_a, owner_a)

    response = client.post(f"/api/v1/invoices/{without_buyer_vat.pk}/einvoice/peppol/validate/", {"errors_only": True})

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["valid"] is False
    assert [(item["rule_id"], item["field"], item["field_label"]) for item in body["findings"]] == [
        ("BR-IC-02", "customer.tax_id", "Customer: VAT ID")
    ]


def test_a_refused_send_lists_each_failed_rule_at_its_field(tenant_a, owner_a, token_for, without_buyer_vat):  # type: ignore[no-untyped-def]
    response = token_for(tenant_a, owner_a).post(f"/api/v1/invoices/{without_buyer_vat.pk}/einvoice/peppol/send/")

    assert response.status_code == 400
    refusal, *details = response.json()["errors"]
    assert refusal == {
        "code": "einvoice_invalid",
        "message": "The e-invoice breaks the official rules and was not sent: BR-IC-02.",
        "field": "format",
    }
    assert [(item["code"], item["field"], item["message"][:10]) for item in details] == [
        ("einvoice_rule", "customer.tax_id", "BR-IC-02: ")
    ]
    with tenant_context(tenant_a):
        assert not EinvoiceTransmission.objects.exists()
