"""The validators' findings placed on the field a user fixes them at: "Customer: VAT ID", "Line 3: unit price".

The official rules speak in business terms (BT-48, BG-16) and XPaths of the generated XML; users
know their customer, their invoicing settings and the invoice's lines. A finding is placed by, in
order: what the rule is known to be about (`RULE_TERMS`, for rules whose text or location mislead,
like BR-IC-02 reported on each line but fixed at the buyer's VAT id), the element it points at
(`LOCATIONS`), the first business term its text names (`TERM_FIELDS`), the part of the document it
points into (`CONTAINERS`); whatever is left belongs to the "Document" (mostly rules on totals the
generator computes). The tables are data so that a rule seen in practice is one row more.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.invoicing.models import Invoice

from .validation import FAILING_FLAGS, Finding

DOCUMENT = ""
LINE = "lines[]"  # a line field's key before the line's index is known: "lines[].unit_price"


@dataclass(frozen=True)
class FieldSpec:
    """A user-facing field: its label, where it is fixed (customer, settings, company or invoice), and
    whether issuing copies it onto the invoice (then fixing the customer does not fix an issued invoice)."""

    label: Promise
    place: str
    copied_at_issue: bool = False


CUSTOMER, SETTINGS, COMPANY, INVOICE = "customer", "settings", "company", "invoice"

FIELDS: dict[str, FieldSpec] = {
    "customer": FieldSpec(_("Customer"), CUSTOMER),
    "customer.name": FieldSpec(_("Customer: name"), CUSTOMER, copied_at_issue=True),
    "customer.tax_id": FieldSpec(_("Customer: VAT ID"), CUSTOMER, copied_at_issue=True),
    "customer.peppol_id": FieldSpec(_("Customer: Peppol ID"), CUSTOMER),
    "customer.address": FieldSpec(_("Customer: address"), CUSTOMER),
    "seller": FieldSpec(_("Company"), COMPANY),
    "seller.name": FieldSpec(_("Company: name"), COMPANY),
    "seller.tax_id": FieldSpec(_("Company: VAT ID"), COMPANY),
    "seller.address": FieldSpec(_("Company: address"), COMPANY),
    "seller.peppol_id": FieldSpec(_("Company: Peppol ID"), SETTINGS),
    "seller.contact": FieldSpec(_("Company: e-invoice contact"), SETTINGS),
    "seller.contact_name": FieldSpec(_("Company: e-invoice contact name"), SETTINGS),
    "seller.contact_phone": FieldSpec(_("Company: e-invoice contact phone"), SETTINGS),
    "seller.contact_email": FieldSpec(_("Company: e-invoice contact e-mail"), SETTINGS),
    "seller.iban": FieldSpec(_("Company: IBAN"), SETTINGS),
    "seller.bic": FieldSpec(_("Company: BIC"), SETTINGS),
    "invoice.buyer_reference": FieldSpec(_("Invoice: buyer reference"), INVOICE),
    "invoice.delivery_date": FieldSpec(_("Invoice: delivery date"), INVOICE),
    "invoice.payment_terms": FieldSpec(_("Invoice: payment terms"), INVOICE),
    "invoice.currency": FieldSpec(_("Invoice: currency"), INVOICE),
    "invoice.notes": FieldSpec(_("Invoice: notes"), INVOICE),
    "invoice.allowances_charges": FieldSpec(_("Invoice: allowances and charges"), INVOICE),
    "lines": FieldSpec(_("Invoice: lines"), INVOICE),
    # Line fields: the label is formatted with the line's number.
    LINE: FieldSpec(_("Line %(number)s"), INVOICE),
    f"{LINE}.description": FieldSpec(_("Line %(number)s: description"), INVOICE),
    f"{LINE}.quantity": FieldSpec(_("Line %(number)s: quantity"), INVOICE),
    f"{LINE}.unit": FieldSpec(_("Line %(number)s: unit"), INVOICE),
    f"{LINE}.unit_price": FieldSpec(_("Line %(number)s: unit price"), INVOICE),
    f"{LINE}.tax_code": FieldSpec(_("Line %(number)s: tax code"), INVOICE),
    f"{LINE}.discount": FieldSpec(_("Line %(number)s: discount"), INVOICE),
}


def _terms(field: str, *numbers: int, groups: Iterable[int] = ()) -> dict[str, str]:
    return {**{f"BT-{n}": field for n in numbers}, **{f"BG-{n}": field for n in groups}}


# EN 16931-1 business terms (BT) and groups (BG) -> field. Terms the totals engine computes (BT-106..115,
# BT-116..121 of the VAT breakdown, BT-131) are left out: a wrong total is the document's, not a field's.
TERM_FIELDS: dict[str, str] = {
    **_terms("invoice.currency", 5, 6),
    **_terms("invoice.payment_terms", 9, 20),
    **_terms("invoice.buyer_reference", 10),
    **_terms("invoice.notes", 22),
    **_terms("invoice.delivery_date", 72),
    **_terms("seller.name", 27, 28),
    **_terms("seller.tax_id", 29, 30, 31, 32),
    **_terms("seller.peppol_id", 34),
    **_terms("seller.address", *range(35, 41), groups=[5]),
    **_terms("seller.contact", groups=[6]),
    **_terms("seller.contact_name", 41),
    **_terms("seller.contact_phone", 42),
    **_terms("seller.contact_email", 43),
    **_terms("customer.name", 44, 45),
    **_terms("customer.tax_id", 46, 47, 48),
    **_terms("customer.peppol_id", 49),
    **_terms("customer.address", *range(50, 56), *range(75, 81), groups=[8, 15]),  # BG-15: the shipping address
    **_terms("seller.iban", 81, 84, groups=[16, 17]),
    **_terms("seller.bic", 86),
    **_terms("invoice.allowances_charges", *range(92, 106), groups=[20, 21]),
    **_terms(f"{LINE}.quantity", 129),
    **_terms(f"{LINE}.unit", 130),
    **_terms(f"{LINE}.discount", *range(136, 146), groups=[27, 28]),
    **_terms(f"{LINE}.unit_price", 146, 147, 148, 149, 150),
    **_terms(f"{LINE}.tax_code", 151, 152),
    **_terms(f"{LINE}.description", 153, 154),
}

# Rules whose subject is neither the element they report on nor the first term their text names.
RULE_TERMS: dict[str, str] = {
    "BR-08": "BG-5",
    "BR-22": "BT-129",
    "BR-23": "BT-130",
    "BR-25": "BT-153",
    "BR-26": "BT-146",
    "BR-27": "BT-146",
    "BR-28": "BT-148",
    "BR-CO-04": "BT-151",
    "BR-CL-23": "BT-130",
    "BR-CO-26": "BT-31",
    # "... shall contain the Seller VAT identifier (BT-31) and the Buyer VAT identifier (BT-48)": the seller's
    # is there whenever the company has a VAT id, so what is missing is the customer's.
    "BR-AE-02": "BT-48",
    "BR-AE-03": "BT-48",
    "BR-AE-04": "BT-48",
    "BR-IC-02": "BT-48",
    "BR-IC-03": "BT-48",
    "BR-IC-04": "BT-48",
    "BR-IC-11": "BT-72",
    "BR-IC-12": "BG-15",
    "BR-S-02": "BT-31",
    "BR-Z-02": "BT-31",
    "BR-E-02": "BT-31",
    "BR-G-02": "BT-31",
    "BR-O-02": "BT-151",
    "BR-DE-1": "BG-16",
    "BR-DE-2": "BG-6",
    "BR-DE-15": "BT-10",
    "BR-DE-16": "BT-31",
    "PEPPOL-EN16931-R003": "BT-10",
    "PEPPOL-EN16931-R010": "BT-49",
    "PEPPOL-EN16931-R020": "BT-34",
    "PEPPOL-EN16931-R121": "BT-149",
    "PEPPOL-EN16931-R130": "BT-149",
}

# Elements of the location (UBL, CII, DGII e-CF), in document order but not necessarily adjacent -> field.
# The first row that matches wins, so the more specific rows come first.
LOCATIONS: tuple[tuple[tuple[str, ...], str], ...] = (
    # Lines first: a line's allowance or tax category is the line's, not the document's.
    (("InvoiceLine", "Price"), f"{LINE}.unit_price"),
    (("CreditNoteLine", "Price"), f"{LINE}.unit_price"),
    (("InvoiceLine", "InvoicedQuantity"), f"{LINE}.quantity"),
    (("CreditNoteLine", "CreditedQuantity"), f"{LINE}.quantity"),
    (("InvoiceLine", "ClassifiedTaxCategory"), f"{LINE}.tax_code"),
    (("CreditNoteLine", "ClassifiedTaxCategory"), f"{LINE}.tax_code"),
    (("InvoiceLine", "AllowanceCharge"), f"{LINE}.discount"),
    (("CreditNoteLine", "AllowanceCharge"), f"{LINE}.discount"),
    (("InvoiceLine", "Item", "Name"), f"{LINE}.description"),
    (("CreditNoteLine", "Item", "Name"), f"{LINE}.description"),
    (("IncludedSupplyChainTradeLineItem", "NetPriceProductTradePrice"), f"{LINE}.unit_price"),
    (("IncludedSupplyChainTradeLineItem", "GrossPriceProductTradePrice"), f"{LINE}.unit_price"),
    (("IncludedSupplyChainTradeLineItem", "BilledQuantity"), f"{LINE}.quantity"),
    (("IncludedSupplyChainTradeLineItem", "ApplicableTradeTax"), f"{LINE}.tax_code"),
    (("IncludedSupplyChainTradeLineItem", "SpecifiedTradeAllowanceCharge"), f"{LINE}.discount"),
    (("IncludedSupplyChainTradeLineItem", "SpecifiedTradeProduct"), f"{LINE}.description"),
    (("NombreItem",), f"{LINE}.description"),
    (("DescripcionItem",), f"{LINE}.description"),
    (("CantidadItem",), f"{LINE}.quantity"),
    (("PrecioUnitarioItem",), f"{LINE}.unit_price"),
    (("IndicadorFacturacion",), f"{LINE}.tax_code"),
    # The parties.
    (("AccountingCustomerParty", "PartyTaxScheme"), "customer.tax_id"),
    (("AccountingCustomerParty", "EndpointID"), "customer.peppol_id"),
    (("AccountingCustomerParty", "PostalAddress"), "customer.address"),
    (("AccountingCustomerParty", "RegistrationName"), "customer.name"),
    (("BuyerTradeParty", "SpecifiedTaxRegistration"), "customer.tax_id"),
    (("BuyerTradeParty", "URIUniversalCommunication"), "customer.peppol_id"),
    (("BuyerTradeParty", "PostalTradeAddress"), "customer.address"),
    (("BuyerTradeParty", "Name"), "customer.name"),
    (("RNCComprador",), "customer.tax_id"),
    (("IdentificadorExtranjero",), "customer.tax_id"),
    (("RazonSocialComprador",), "customer.name"),
    (("PaisComprador",), "customer.address"),
    (("AccountingSupplierParty", "PartyTaxScheme"), "seller.tax_id"),
    (("AccountingSupplierParty", "EndpointID"), "seller.peppol_id"),
    (("AccountingSupplierParty", "PostalAddress"), "seller.address"),
    (("AccountingSupplierParty", "Contact", "Name"), "seller.contact_name"),
    (("AccountingSupplierParty", "Contact", "Telephone"), "seller.contact_phone"),
    (("AccountingSupplierParty", "Contact", "ElectronicMail"), "seller.contact_email"),
    (("AccountingSupplierParty", "RegistrationName"), "seller.name"),
    (("SellerTradeParty", "SpecifiedTaxRegistration"), "seller.tax_id"),
    (("SellerTradeParty", "URIUniversalCommunication"), "seller.peppol_id"),
    (("SellerTradeParty", "PostalTradeAddress"), "seller.address"),
    (("SellerTradeParty", "DefinedTradeContact", "PersonName"), "seller.contact_name"),
    (("SellerTradeParty", "DefinedTradeContact", "TelephoneUniversalCommunication"), "seller.contact_phone"),
    (("SellerTradeParty", "DefinedTradeContact", "EmailURIUniversalCommunication"), "seller.contact_email"),
    (("SellerTradeParty", "Name"), "seller.name"),
    (("RNCEmisor",), "seller.tax_id"),
    (("RazonSocialEmisor",), "seller.name"),
    (("DireccionEmisor",), "seller.address"),
    # The rest of the header.
    (("BuyerReference",), "invoice.buyer_reference"),
    (("Delivery", "ActualDeliveryDate"), "invoice.delivery_date"),
    (("ActualDeliverySupplyChainEvent",), "invoice.delivery_date"),
    (("Delivery", "DeliveryLocation"), "customer.address"),
    (("ShipToTradeParty",), "customer.address"),
    (("PaymentMeans", "PayeeFinancialAccount"), "seller.iban"),
    (("SpecifiedTradeSettlementPaymentMeans",), "seller.iban"),
    (("PaymentTerms",), "invoice.payment_terms"),
    (("SpecifiedTradePaymentTerms",), "invoice.payment_terms"),
    (("Invoice", "AllowanceCharge"), "invoice.allowances_charges"),
    (("CreditNote", "AllowanceCharge"), "invoice.allowances_charges"),
    (("ApplicableHeaderTradeSettlement", "SpecifiedTradeAllowanceCharge"), "invoice.allowances_charges"),
)
# Parts of the document, for a finding nothing more precise places: "Line 2", "Customer", "Company". A rule
# about a missing element reports on its parent, so the term its text names is more precise than these.
CONTAINERS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("AccountingSupplierParty", "Contact"), "seller.contact"),
    (("SellerTradeParty", "DefinedTradeContact"), "seller.contact"),
    (("InvoiceLine",), LINE),
    (("CreditNoteLine",), LINE),
    (("IncludedSupplyChainTradeLineItem",), LINE),
    (("DetallesItems",), LINE),
    (("AccountingCustomerParty",), "customer"),
    (("BuyerTradeParty",), "customer"),
    (("Comprador",), "customer"),
    (("AccountingSupplierParty",), "seller"),
    (("SellerTradeParty",), "seller"),
    (("Emisor",), "seller"),
    (("PaymentMeans",), "seller.iban"),
)
LINE_ELEMENTS = ("InvoiceLine", "CreditNoteLine", "IncludedSupplyChainTradeLineItem")

_STEP = re.compile(r"^(?:[\w.-]+:)?([\w.-]+)(?:\[(\d+)\])?$")
_XSD_ELEMENT = re.compile(r"Element '(?:\{[^}]*\})?([\w.-]+)'")
_TERM = re.compile(r"\b(B[TG]-\d+)\b")


@dataclass(frozen=True)
class FindingField:
    """Where a finding belongs: a stable key (`customer.tax_id`, `lines[2].unit_price`, "" for the document)."""

    key: str
    label: str
    spec: FieldSpec | None = None  # None: the document


@dataclass(frozen=True)
class FindingGroup:
    """The findings of one field, with the page where it is fixed (`url` blank where Kontor has none)."""

    field: str
    label: str
    url: str
    link_text: str
    hint: str
    findings: tuple[Finding, ...]

    @property
    def failing(self) -> bool:
        return any(finding.flag in FAILING_FLAGS for finding in self.findings)


def _steps(finding: Finding) -> list[tuple[str, int | None]]:
    """The location's elements with their positions; an XSD message names its element in the text instead."""
    steps = []
    for part in finding.location.split("/"):
        match = _STEP.match(part)
        if match:
            steps.append((match.group(1), int(match.group(2)) if match.group(2) else None))
    if not steps and (named := _XSD_ELEMENT.search(finding.text)):
        steps.append((named.group(1), None))
    return steps


def _matches(pattern: tuple[str, ...], names: list[str]) -> bool:
    remaining = iter(names)
    return all(element in remaining for element in pattern)  # in order, gaps allowed


def _located(table: tuple[tuple[tuple[str, ...], str], ...], names: list[str]) -> str | None:
    return next((field for pattern, field in table if _matches(pattern, names)), None)


def _first_term(text: str) -> str | None:
    """The first business term the rule's text names: the subject of almost every EN 16931 rule."""
    match = _TERM.search(text)
    return TERM_FIELDS.get(match.group(1)) if match else None


def finding_field(finding: Finding) -> FindingField:
    """The field the user fixes `finding` at; the key is stable for API clients, the label translated."""
    steps = _steps(finding)
    names = [name for name, _position in steps]
    term = RULE_TERMS.get(finding.rule_id)
    key = (
        (TERM_FIELDS.get(term) if term else None)
        or _located(LOCATIONS, names)
        or _first_term(finding.text)
        or _located(CONTAINERS, names)
        or DOCUMENT
    )
    if key == DOCUMENT:
        return FindingField(DOCUMENT, gettext("Document"))
    if not key.startswith(LINE):
        return FindingField(key, str(FIELDS[key].label), FIELDS[key])
    position = next((position for name, position in steps if name in LINE_ELEMENTS and position), None)
    if position is None:  # a line's rule reported on the whole document: which line is not known
        return FindingField("lines", str(FIELDS["lines"].label), FIELDS["lines"])
    label = str(FIELDS[key].label) % {"number": position}
    return FindingField(key.replace(LINE, f"lines[{position - 1}]", 1), label, FIELDS[key])


def _fix(spec: FieldSpec, invoice: Invoice) -> tuple[str, str, str]:
    """Where a field is fixed: (url, link text, hint); an issued invoice itself never changes."""
    issued_note = gettext("An issued invoice does not change: credit it and issue a corrected one.")
    if spec.place == CUSTOMER:
        hint = issued_note if spec.copied_at_issue and not invoice.is_draft else ""
        return reverse("parties:edit", args=[invoice.customer_id]), gettext("Edit the customer"), hint
    if spec.place == SETTINGS:
        return reverse("invoicing:settings"), gettext("Invoicing settings"), ""
    if spec.place == COMPANY:
        return "", "", gettext("The company's registered name, VAT ID and address cannot be edited in Kontor yet.")
    if invoice.is_draft:
        return reverse("invoicing:edit", args=[invoice.pk]), gettext("Edit the invoice"), ""
    return reverse("invoicing:detail", args=[invoice.pk]), gettext("Open the invoice"), issued_note


def finding_groups(*, invoice: Invoice, findings: Iterable[Finding]) -> list[FindingGroup]:
    """The findings by field, fields with errors first (else in the validators' order, worst first).

    A rule reported several times on one field (BR-IC-02 on every line) is listed once.
    """
    by_field: dict[str, tuple[FindingField, list[Finding]]] = {}
    for finding in findings:
        field = finding_field(finding)
        listed = by_field.setdefault(field.key, (field, []))[1]
        if all(
            (item.rule_id, item.flag, item.text) != (finding.rule_id, finding.flag, finding.text) for item in listed
        ):
            listed.append(finding)
    groups = []
    for key, (field, listed) in by_field.items():
        url, link_text, hint = _fix(field.spec, invoice) if field.spec else ("", "", "")
        groups.append(FindingGroup(key, field.label, url, link_text, hint, tuple(listed)))
    return sorted(groups, key=lambda group: not group.failing)
