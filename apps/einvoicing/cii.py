"""UN/CEFACT Cross Industry Invoice (CII D16B) for XRechnung 3.0 and the EN 16931 (Factur-X/ZUGFeRD) profile.

The business terms come from `document.edocument_build`, the same ones the UBL export writes, so
both syntaxes say the same thing to the cent. This module only writes them in the element order the
CII D16B schema requires (the XSD refuses any other order). CII carries a credit note as type code
381 with positive amounts, exactly as the totals engine computes them.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils.translation import gettext as _
from lxml import etree

from apps.core.errors import ApplicationError
from apps.invoicing.models import Invoice
from apps.invoicing.totals import AllowanceChargeResult

from .document import Address, Contact, EDocument, Identifier, TradeParty, edocument_build, edocument_require

NS = {
    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
    "qdt": "urn:un:unece:uncefact:data:standard:QualifiedDataType:100",
    "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
}
RSM, RAM, QDT, UDT = (f"{{{NS[prefix]}}}" for prefix in ("rsm", "ram", "qdt", "udt"))
# BT-24: XRechnung's CIUS, or plain EN 16931, which is also the Factur-X/ZUGFeRD "EN 16931" (Comfort) level.
GUIDELINES = {
    "xrechnung": "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0",
    "en16931": "urn:cen.eu:en16931:2017",
}
# BT-23: XRechnung takes over Peppol's rule that the business process is stated (PEPPOL-EN16931-R001).
BUSINESS_PROCESSES = {"xrechnung": "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"}
# What each profile refuses to go without (see `edocument_require`): XRechnung wants both electronic
# addresses (PEPPOL-EN16931-R010/R020, merged into its rules), the Leitweg-ID or order reference
# (BR-DE-15), addresses, the seller contact and payment instructions (BR-DE-1..9).
PROFILE_NEEDS = {
    "xrechnung": ("endpoints", "reference", "addresses", "contact", "payment"),
    "en16931": (),
}
DATE_FORMAT = "102"  # UNTDID 2379: CCYYMMDD
VAT = "VAT"
NOT_SUBJECT_TO_VAT = "O"  # carries no rate (BR-O-05); every other category states one (BR-DE-14)
CENT = Decimal("0.01")


def _amount(value: Decimal) -> str:
    """An amount with exactly two decimals (BR-DEC): never `1E+3`, never `2800.000`."""
    return format(value.quantize(CENT), "f")


def _number(value: Decimal) -> str:
    """Quantities, prices and percentages with the decimals they carry and no exponent."""
    return format(value.normalize(), "f")


class _Writer:
    """Appends `ram:` elements in order; blank values are left out rather than written empty."""

    def __init__(self, document: EDocument) -> None:
        self.document = document

    def group(self, parent: etree._Element, name: str) -> etree._Element:
        return etree.SubElement(parent, RAM + name)

    def text(self, parent: etree._Element, name: str, value: str | None, **attributes: str) -> None:
        if value:
            etree.SubElement(parent, RAM + name, {key: item for key, item in attributes.items() if item}).text = value

    def money(self, parent: etree._Element, name: str, value: Decimal, currency: str = "") -> None:
        attributes = {"currencyID": currency} if currency else {}
        etree.SubElement(parent, RAM + name, attributes).text = _amount(value)

    def date(self, parent: etree._Element, name: str, value: datetime.date | None, *, qualified: bool = False) -> None:
        if value is not None:
            kind = QDT if qualified else UDT
            etree.SubElement(
                self.group(parent, name), kind + "DateTimeString", format=DATE_FORMAT
            ).text = value.strftime("%Y%m%d")

    def indicator(self, parent: etree._Element, value: bool) -> None:
        etree.SubElement(self.group(parent, "ChargeIndicator"), UDT + "Indicator").text = "true" if value else "false"

    def tax(self, parent: etree._Element, name: str, category: str, rate: Decimal) -> etree._Element:
        element = self.group(parent, name)
        self.text(element, "TypeCode", VAT)
        self.text(element, "CategoryCode", category)
        if category != NOT_SUBJECT_TO_VAT:
            self.text(element, "RateApplicablePercent", _number(rate))
        return element


def _address(writer: _Writer, parent: etree._Element, address: Address) -> None:
    element = writer.group(parent, "PostalTradeAddress")
    writer.text(element, "PostcodeCode", address.postal_code)
    writer.text(element, "LineOne", address.street)
    writer.text(element, "LineTwo", address.additional)
    writer.text(element, "CityName", address.city)
    writer.text(element, "CountryID", address.country)


def _contact(writer: _Writer, parent: etree._Element, contact: Contact | None) -> None:
    if contact is None:
        return
    element = writer.group(parent, "DefinedTradeContact")
    writer.text(element, "PersonName", contact.name)
    if contact.phone:
        writer.text(writer.group(element, "TelephoneUniversalCommunication"), "CompleteNumber", contact.phone)
    if contact.email:
        writer.text(writer.group(element, "EmailURIUniversalCommunication"), "URIID", contact.email)


def _identifier(writer: _Writer, parent: etree._Element, name: str, identifier: Identifier | None) -> None:
    if identifier is not None:
        writer.text(parent, name, identifier.value, schemeID=identifier.scheme)


def _party(writer: _Writer, parent: etree._Element, name: str, party: TradeParty) -> None:
    element = writer.group(parent, name)
    writer.text(element, "Name", party.name)
    if party.legal_id is not None:
        _identifier(writer, writer.group(element, "SpecifiedLegalOrganization"), "ID", party.legal_id)
    _contact(writer, element, party.contact)
    _address(writer, element, party.address)
    if party.endpoint is not None:
        _identifier(writer, writer.group(element, "URIUniversalCommunication"), "URIID", party.endpoint)
    if party.vat_id:
        writer.text(writer.group(element, "SpecifiedTaxRegistration"), "ID", party.vat_id, schemeID="VA")


def _allowance_charge(
    writer: _Writer, parent: etree._Element, item: AllowanceChargeResult, *, is_charge: bool, with_tax: bool
) -> None:
    element = writer.group(parent, "SpecifiedTradeAllowanceCharge")
    writer.indicator(element, is_charge)
    if item.percent is not None:
        writer.text(element, "CalculationPercent", _number(item.percent))
    if item.base is not None:
        writer.money(element, "BasisAmount", item.base)
    writer.money(element, "ActualAmount", item.amount)
    writer.text(element, "ReasonCode", item.reason_code)
    writer.text(element, "Reason", item.reason)
    if with_tax:
        writer.tax(element, "CategoryTradeTax", item.tax_category, item.tax_rate)


def _context(writer: _Writer, root: etree._Element, profile: str) -> None:
    context = etree.SubElement(root, RSM + "ExchangedDocumentContext")
    if process := BUSINESS_PROCESSES.get(profile):
        writer.text(writer.group(context, "BusinessProcessSpecifiedDocumentContextParameter"), "ID", process)
    writer.text(writer.group(context, "GuidelineSpecifiedDocumentContextParameter"), "ID", GUIDELINES[profile])


def _header(writer: _Writer, root: etree._Element) -> None:
    document = writer.document
    header = etree.SubElement(root, RSM + "ExchangedDocument")
    writer.text(header, "ID", document.number)
    writer.text(header, "TypeCode", document.type_code)
    writer.date(header, "IssueDateTime", document.issue_date)
    if document.note:
        writer.text(writer.group(header, "IncludedNote"), "Content", document.note)


def _lines(writer: _Writer, transaction: etree._Element) -> None:
    for line in writer.document.lines:
        item = writer.group(transaction, "IncludedSupplyChainTradeLineItem")
        writer.text(writer.group(item, "AssociatedDocumentLineDocument"), "LineID", line.id)
        product = writer.group(item, "SpecifiedTradeProduct")
        writer.text(product, "SellerAssignedID", line.seller_item_id)
        writer.text(product, "Name", line.name)
        price = writer.group(writer.group(item, "SpecifiedLineTradeAgreement"), "NetPriceProductTradePrice")
        writer.text(price, "ChargeAmount", _number(line.net_price))
        if line.base_quantity != 1:
            writer.text(price, "BasisQuantity", _number(line.base_quantity), unitCode=line.unit_code)
        delivery = writer.group(item, "SpecifiedLineTradeDelivery")
        writer.text(delivery, "BilledQuantity", _number(line.quantity), unitCode=line.unit_code)
        settlement = writer.group(item, "SpecifiedLineTradeSettlement")
        writer.tax(settlement, "ApplicableTradeTax", line.tax_category, line.tax_rate)
        for allowance in line.allowances:
            _allowance_charge(writer, settlement, allowance, is_charge=False, with_tax=False)
        summation = writer.group(settlement, "SpecifiedTradeSettlementLineMonetarySummation")
        writer.money(summation, "LineTotalAmount", line.net_amount)


def _agreement(writer: _Writer, transaction: etree._Element) -> None:
    document = writer.document
    agreement = writer.group(transaction, "ApplicableHeaderTradeAgreement")
    writer.text(agreement, "BuyerReference", document.buyer_reference)
    _party(writer, agreement, "SellerTradeParty", document.seller)
    _party(writer, agreement, "BuyerTradeParty", document.buyer)


def _delivery(writer: _Writer, transaction: etree._Element) -> None:
    """BT-72 and the deliver-to address (BG-15; an intra-community supply needs its country, BR-IC-12)."""
    document = writer.document
    delivery = writer.group(transaction, "ApplicableHeaderTradeDelivery")
    _address(writer, writer.group(delivery, "ShipToTradeParty"), document.deliver_to)
    if document.delivery_date is not None:
        writer.date(
            writer.group(delivery, "ActualDeliverySupplyChainEvent"), "OccurrenceDateTime", document.delivery_date
        )


def _payment_terms(document: EDocument, profile: str) -> str:
    """BT-20: the Skonto offer; XRechnung reads it only in its machine-readable line (BR-DE-18)."""
    offer = document.skonto
    if offer is None:
        return ""
    if profile == "xrechnung":
        return f"#SKONTO#TAGE={offer.days}#PROZENT={_amount(offer.percent)}#\n"
    return _("%(percent)s %% discount if paid within %(days)s days (%(amount)s %(currency)s).") % {
        "percent": _number(offer.percent),
        "days": offer.days,
        "amount": _amount(offer.amount),
        "currency": document.currency,
    }


def _tax_breakdown(writer: _Writer, settlement: etree._Element) -> None:
    for row in writer.document.breakdown:
        tax = writer.group(settlement, "ApplicableTradeTax")
        writer.money(tax, "CalculatedAmount", row.tax_amount)
        writer.text(tax, "TypeCode", VAT)
        writer.text(tax, "ExemptionReason", row.exemption_reason)
        writer.money(tax, "BasisAmount", row.taxable_amount)
        writer.text(tax, "CategoryCode", row.tax_category)
        writer.text(tax, "ExemptionReasonCode", row.exemption_reason_code)
        if row.tax_category != NOT_SUBJECT_TO_VAT:
            writer.text(tax, "RateApplicablePercent", _number(row.tax_rate))


def _summation(writer: _Writer, settlement: etree._Element) -> None:
    document = writer.document
    totals = document.totals
    summation = writer.group(settlement, "SpecifiedTradeSettlementHeaderMonetarySummation")
    writer.money(summation, "LineTotalAmount", totals.line_total)
    if totals.charges:
        writer.money(summation, "ChargeTotalAmount", totals.charge_total)
    if totals.allowances:
        writer.money(summation, "AllowanceTotalAmount", totals.allowance_total)
    writer.money(summation, "TaxBasisTotalAmount", totals.total_without_tax)
    writer.money(summation, "TaxTotalAmount", totals.tax_total, document.currency)
    if document.tax_currency and document.tax_total_tax_currency is not None:
        writer.money(summation, "TaxTotalAmount", document.tax_total_tax_currency, document.tax_currency)
    if totals.rounding_amount:
        writer.money(summation, "RoundingAmount", totals.rounding_amount)
    writer.money(summation, "GrandTotalAmount", totals.total_with_tax)
    if totals.prepaid_amount:
        writer.money(summation, "TotalPrepaidAmount", totals.prepaid_amount)
    writer.money(summation, "DuePayableAmount", totals.amount_due)


def _settlement(writer: _Writer, transaction: etree._Element, profile: str) -> None:
    document = writer.document
    settlement = writer.group(transaction, "ApplicableHeaderTradeSettlement")
    payment = document.payment
    if payment is not None:
        writer.text(settlement, "PaymentReference", payment.remittance)
    writer.text(settlement, "TaxCurrencyCode", document.tax_currency)
    writer.text(settlement, "InvoiceCurrencyCode", document.currency)
    if payment is not None:
        means = writer.group(settlement, "SpecifiedTradeSettlementPaymentMeans")
        writer.text(means, "TypeCode", payment.means_code)
        account = writer.group(means, "PayeePartyCreditorFinancialAccount")
        writer.text(account, "IBANID", payment.iban.replace(" ", ""))
        writer.text(account, "AccountName", payment.account_name)
        if payment.bic:
            writer.text(writer.group(means, "PayeeSpecifiedCreditorFinancialInstitution"), "BICID", payment.bic)
    _tax_breakdown(writer, settlement)
    for item in document.allowances:
        _allowance_charge(writer, settlement, item, is_charge=False, with_tax=True)
    for item in document.charges:
        _allowance_charge(writer, settlement, item, is_charge=True, with_tax=True)
    terms = _payment_terms(document, profile)
    if terms or document.due_date is not None:
        element = writer.group(settlement, "SpecifiedTradePaymentTerms")
        writer.text(element, "Description", terms)
        writer.date(element, "DueDateDateTime", document.due_date)
    _summation(writer, settlement)
    if document.preceding is not None:
        number, issued = document.preceding
        reference = writer.group(settlement, "InvoiceReferencedDocument")
        writer.text(reference, "IssuerAssignedID", number)
        writer.date(reference, "FormattedIssueDateTime", issued, qualified=True)


def cii_render(invoice: Invoice, *, profile: str, contact: Contact | None = None) -> bytes:
    """CII of an issued invoice or credit note: "xrechnung" (XRechnung 3.0) or "en16931" (inside Factur-X).

    `contact` replaces the company owner as the seller contact (XRechnung also wants a phone number).
    A draft, an unknown profile or a document without what the profile needs is refused, naming the field.
    """
    needs = PROFILE_NEEDS.get(profile)
    if needs is None:
        message = _("Unknown CII profile %(profile)s.") % {"profile": profile}
        raise ApplicationError(message, code="unknown_profile", field="profile")
    document = edocument_build(invoice, contact=contact)
    edocument_require(document, needs=needs)
    root = etree.Element(RSM + "CrossIndustryInvoice", nsmap=NS)
    writer = _Writer(document)
    _context(writer, root, profile)
    _header(writer, root)
    transaction = etree.SubElement(root, RSM + "SupplyChainTradeTransaction")
    _lines(writer, transaction)
    _agreement(writer, transaction)
    _delivery(writer, transaction)
    _settlement(writer, transaction, profile)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
