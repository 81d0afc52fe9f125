"""UBL 2.1 Invoice and CreditNote for Peppol BIS Billing 3.0 and XRechnung 3.0 (UBL syntax).

The document's business terms come from `document.edocument_build`; this module only writes them,
in the element order the UBL 2.1 schemas require (the XSD refuses any other order). Amounts are
written exactly as the totals engine computed them: cents for amounts, up to four decimals for
prices and quantities (BR-DEC rules).
"""

from __future__ import annotations

import base64
from decimal import Decimal

from django.utils.translation import gettext as _
from lxml import etree

from apps.invoicing.models import Invoice, InvoiceKind
from apps.invoicing.pdf import invoice_pdf
from apps.invoicing.totals import AllowanceChargeResult

from .document import (
    Address,
    Contact,
    EDocument,
    Identifier,
    TradeParty,
    edocument_build,
    edocument_require,
    profile_require,
)

NS = {
    "Invoice": "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
    "CreditNote": "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
}
CAC = f"{{{NS['cac']}}}"
CBC = f"{{{NS['cbc']}}}"
PEPPOL_PROFILE = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
CUSTOMIZATIONS = {
    "peppol": "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0",
    "xrechnung": "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0",
}
# What each profile refuses to go without (see `edocument_require`). Peppol applies the German
# rules (DE-R-001..011, the XRechnung ones) when seller and buyer are both in Germany.
PEPPOL_NEEDS = ("endpoints", "reference")
GERMAN_NEEDS = ("endpoints", "reference", "addresses", "contact", "payment")
CENT = Decimal("0.01")


def _amount(value: Decimal) -> str:
    return str(value.quantize(CENT))


def _decimal(value: Decimal, *, min_places: int = 2) -> str:
    """Prices and percentages: the decimals they carry (up to four stored), at least `min_places`."""
    text = format(value.normalize(), "f")
    places = len(text.partition(".")[2])
    return text if places >= min_places else format(value.quantize(Decimal(1).scaleb(-min_places)), "f")


class _Writer:
    """Appends UBL elements in order; `None` or blank values are left out (Peppol forbids empty elements)."""

    def __init__(self, document: EDocument) -> None:
        self.document = document

    def cbc(self, parent: etree._Element, name: str, value: object, **attributes: str) -> None:
        if value is None or value == "":
            return
        element = etree.SubElement(parent, CBC + name, {k: v for k, v in attributes.items() if v})
        element.text = str(value)

    def money(self, parent: etree._Element, name: str, value: Decimal, currency: str = "") -> None:
        self.cbc(parent, name, _amount(value), currencyID=currency or self.document.currency)

    def cac(self, parent: etree._Element, name: str) -> etree._Element:
        return etree.SubElement(parent, CAC + name)

    def tax_category(self, parent: etree._Element, name: str, category: str, rate: Decimal) -> etree._Element:
        element = self.cac(parent, name)
        self.cbc(element, "ID", category)
        self.cbc(element, "Percent", _decimal(rate))
        return element

    def tax_scheme(self, parent: etree._Element) -> None:
        self.cbc(self.cac(parent, "TaxScheme"), "ID", "VAT")


def _identifier(writer: _Writer, parent: etree._Element, name: str, identifier: Identifier | None) -> None:
    if identifier is not None:
        writer.cbc(parent, name, identifier.value, schemeID=identifier.scheme)


def _contact(writer: _Writer, parent: etree._Element, contact: Contact | None) -> None:
    if contact is None:
        return
    element = writer.cac(parent, "Contact")
    writer.cbc(element, "Name", contact.name)
    writer.cbc(element, "Telephone", contact.phone)
    writer.cbc(element, "ElectronicMail", contact.email)


def _address(writer: _Writer, parent: etree._Element, name: str, address: Address) -> None:
    element = writer.cac(parent, name)
    writer.cbc(element, "StreetName", address.street)
    writer.cbc(element, "AdditionalStreetName", address.additional)
    writer.cbc(element, "CityName", address.city)
    writer.cbc(element, "PostalZone", address.postal_code)
    writer.cbc(writer.cac(element, "Country"), "IdentificationCode", address.country)


def _party(writer: _Writer, root: etree._Element, wrapper: str, party: TradeParty) -> None:
    element = writer.cac(writer.cac(root, wrapper), "Party")
    _identifier(writer, element, "EndpointID", party.endpoint)
    _address(writer, element, "PostalAddress", party.address)
    if party.vat_id:
        scheme = writer.cac(element, "PartyTaxScheme")
        writer.cbc(scheme, "CompanyID", party.vat_id)
        writer.tax_scheme(scheme)
    legal = writer.cac(element, "PartyLegalEntity")
    writer.cbc(legal, "RegistrationName", party.name)
    _identifier(writer, legal, "CompanyID", party.legal_id)
    _contact(writer, element, party.contact)


def _allowance_charge(
    writer: _Writer, parent: etree._Element, item: AllowanceChargeResult, *, is_charge: bool, with_tax: bool
) -> None:
    element = writer.cac(parent, "AllowanceCharge")
    writer.cbc(element, "ChargeIndicator", "true" if is_charge else "false")
    writer.cbc(element, "AllowanceChargeReasonCode", item.reason_code)
    writer.cbc(element, "AllowanceChargeReason", item.reason)
    if item.percent is not None:
        writer.cbc(element, "MultiplierFactorNumeric", _decimal(item.percent))
    writer.money(element, "Amount", item.amount)
    if item.base is not None:
        writer.money(element, "BaseAmount", item.base)
    if with_tax:
        category = writer.tax_category(element, "TaxCategory", item.tax_category, item.tax_rate)
        writer.tax_scheme(category)


def _german_rules(document: EDocument, profile: str) -> bool:
    return profile == "xrechnung" or document.is_german_domestic


def _payment_terms_text(document: EDocument, profile: str) -> str:
    """BT-20: the Skonto offer; German rules read it in their machine-readable form (BR-DE-18, DE-R-018)."""
    offer = document.skonto
    if offer is None:
        return ""
    if _german_rules(document, profile):
        return f"#SKONTO#TAGE={offer.days}#PROZENT={offer.percent:.2f}#\n"
    return _("%(percent)s %% early-payment discount if paid within %(days)s days.") % {
        "percent": _decimal(offer.percent),
        "days": offer.days,
    }


def _payment(writer: _Writer, root: etree._Element, profile: str) -> None:
    document = writer.document
    payment = document.payment
    if payment is not None:
        means = writer.cac(root, "PaymentMeans")
        writer.cbc(means, "PaymentMeansCode", payment.means_code)
        if document.is_credit_note:
            writer.cbc(means, "PaymentDueDate", document.due_date)  # a CreditNote has no root DueDate
        writer.cbc(means, "PaymentID", payment.remittance)
        account = writer.cac(means, "PayeeFinancialAccount")
        writer.cbc(account, "ID", payment.iban)
        writer.cbc(account, "Name", payment.account_name)
        if payment.bic:
            writer.cbc(writer.cac(account, "FinancialInstitutionBranch"), "ID", payment.bic)
    if text := _payment_terms_text(document, profile):
        writer.cbc(writer.cac(root, "PaymentTerms"), "Note", text)


def _tax_totals(writer: _Writer, root: etree._Element) -> None:
    document = writer.document
    total = writer.cac(root, "TaxTotal")
    writer.money(total, "TaxAmount", document.totals.tax_total)
    for row in document.breakdown:
        subtotal = writer.cac(total, "TaxSubtotal")
        writer.money(subtotal, "TaxableAmount", row.taxable_amount)
        writer.money(subtotal, "TaxAmount", row.tax_amount)
        category = writer.tax_category(subtotal, "TaxCategory", row.tax_category, row.tax_rate)
        writer.cbc(category, "TaxExemptionReasonCode", row.exemption_reason_code)
        writer.cbc(category, "TaxExemptionReason", row.exemption_reason)
        writer.tax_scheme(category)
    if document.tax_currency and document.tax_total_tax_currency is not None:
        # BT-111: the VAT total in the accounting currency, a second TaxTotal without breakdown.
        writer.money(writer.cac(root, "TaxTotal"), "TaxAmount", document.tax_total_tax_currency, document.tax_currency)


def _monetary_total(writer: _Writer, root: etree._Element) -> None:
    totals = writer.document.totals
    element = writer.cac(root, "LegalMonetaryTotal")
    writer.money(element, "LineExtensionAmount", totals.line_total)
    writer.money(element, "TaxExclusiveAmount", totals.total_without_tax)
    writer.money(element, "TaxInclusiveAmount", totals.total_with_tax)
    if totals.allowances:
        writer.money(element, "AllowanceTotalAmount", totals.allowance_total)
    if totals.charges:
        writer.money(element, "ChargeTotalAmount", totals.charge_total)
    if totals.prepaid_amount:
        writer.money(element, "PrepaidAmount", totals.prepaid_amount)
    if totals.rounding_amount:
        writer.money(element, "PayableRoundingAmount", totals.rounding_amount)
    writer.money(element, "PayableAmount", totals.amount_due)


def _lines(writer: _Writer, root: etree._Element) -> None:
    document = writer.document
    line_name, quantity_name = (
        ("CreditNoteLine", "CreditedQuantity") if document.is_credit_note else ("InvoiceLine", "InvoicedQuantity")
    )
    for line in document.lines:
        element = writer.cac(root, line_name)
        writer.cbc(element, "ID", line.id)
        writer.cbc(element, quantity_name, _decimal(line.quantity, min_places=0), unitCode=line.unit_code)
        writer.money(element, "LineExtensionAmount", line.net_amount)
        for allowance in line.allowances:
            _allowance_charge(writer, element, allowance, is_charge=False, with_tax=False)
        item = writer.cac(element, "Item")
        writer.cbc(item, "Name", line.name)
        if line.seller_item_id:
            writer.cbc(writer.cac(item, "SellersItemIdentification"), "ID", line.seller_item_id)
        category = writer.tax_category(item, "ClassifiedTaxCategory", line.tax_category, line.tax_rate)
        writer.tax_scheme(category)
        price = writer.cac(element, "Price")
        writer.cbc(price, "PriceAmount", _decimal(line.net_price), currencyID=document.currency)
        if line.base_quantity != 1:
            writer.cbc(price, "BaseQuantity", _decimal(line.base_quantity, min_places=0), unitCode=line.unit_code)


def _attachment(writer: _Writer, root: etree._Element, invoice: Invoice) -> None:
    """The PDF of the invoice embedded as base64 (BG-24), for buyers who still read paper."""
    document = writer.document
    reference = writer.cac(root, "AdditionalDocumentReference")
    writer.cbc(reference, "ID", document.number)
    writer.cbc(reference, "DocumentDescription", str(InvoiceKind(invoice.kind).label))
    attachment = writer.cac(reference, "Attachment")
    writer.cbc(
        attachment,
        "EmbeddedDocumentBinaryObject",
        base64.b64encode(invoice_pdf(invoice=invoice)).decode("ascii"),
        mimeCode="application/pdf",
        filename=f"{document.number}.pdf",
    )


def _header(writer: _Writer, root: etree._Element, profile: str) -> None:
    document = writer.document
    writer.cbc(root, "CustomizationID", CUSTOMIZATIONS[profile])
    writer.cbc(root, "ProfileID", PEPPOL_PROFILE)
    writer.cbc(root, "ID", document.number)
    writer.cbc(root, "IssueDate", document.issue_date)
    if document.is_credit_note:
        writer.cbc(root, "CreditNoteTypeCode", document.type_code)
    else:
        writer.cbc(root, "DueDate", document.due_date)
        writer.cbc(root, "InvoiceTypeCode", document.type_code)
    writer.cbc(root, "Note", document.note)
    writer.cbc(root, "DocumentCurrencyCode", document.currency)
    writer.cbc(root, "TaxCurrencyCode", document.tax_currency)
    writer.cbc(root, "BuyerReference", document.buyer_reference)
    if document.preceding is not None:
        number, issued = document.preceding
        reference = writer.cac(writer.cac(root, "BillingReference"), "InvoiceDocumentReference")
        writer.cbc(reference, "ID", number)
        writer.cbc(reference, "IssueDate", issued)


def _delivery(writer: _Writer, root: etree._Element) -> None:
    document = writer.document
    delivery = writer.cac(root, "Delivery")
    writer.cbc(delivery, "ActualDeliveryDate", document.delivery_date)
    _address(writer, writer.cac(delivery, "DeliveryLocation"), "Address", document.deliver_to)


def _document_level(writer: _Writer, root: etree._Element) -> None:
    for allowance in writer.document.allowances:
        _allowance_charge(writer, root, allowance, is_charge=False, with_tax=True)
    for charge in writer.document.charges:
        _allowance_charge(writer, root, charge, is_charge=True, with_tax=True)


def ubl_render(invoice: Invoice, *, profile: str, attach_pdf: bool = False, contact: Contact | None = None) -> bytes:
    """The issued invoice or credit note as UBL for `profile` ("peppol" or "xrechnung").

    `contact` overrides the seller contact (default: the company owner, see `document.seller_contact`).
    Refuses, naming the field, a draft or a document missing what the profile requires.
    """
    profile_require(profile, known=CUSTOMIZATIONS, syntax="UBL")
    document = edocument_build(invoice, contact=contact)
    edocument_require(document, needs=GERMAN_NEEDS if _german_rules(document, profile) else PEPPOL_NEEDS)
    kind = "CreditNote" if document.is_credit_note else "Invoice"
    root = etree.Element(f"{{{NS[kind]}}}{kind}", nsmap={None: NS[kind], "cac": NS["cac"], "cbc": NS["cbc"]})
    writer = _Writer(document)
    _header(writer, root, profile)
    if attach_pdf:
        _attachment(writer, root, invoice)
    _party(writer, root, "AccountingSupplierParty", document.seller)
    _party(writer, root, "AccountingCustomerParty", document.buyer)
    _delivery(writer, root)
    _payment(writer, root, profile)
    _document_level(writer, root)
    _tax_totals(writer, root)
    _monetary_total(writer, root)
    _lines(writer, root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
