"""An issued invoice as EN 16931 business terms, before any syntax.

UBL (`ubl.py`) and CII (`cii.py`) serialise the same `EDocument`, so both say the same thing:
every amount comes from `invoice_totals`, the engine the PDF and the ledger posting use, and
every refusal (a draft, a customer without the identifiers a format needs) is decided here once.
Field comments give the business terms (BT-/BG-) of EN 16931-1.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.utils.translation import gettext as _

from apps.core.errors import ApplicationError
from apps.invoicing.models import Invoice, InvoiceKind, InvoicingSettings
from apps.invoicing.pdf import SkontoOffer, skonto_offer
from apps.invoicing.selectors import invoice_detail, invoice_totals
from apps.invoicing.totals import AllowanceChargeResult, DocumentTotals, TaxBreakdown, tax_in_tax_currency
from apps.parties.models import AddressKind, Party
from apps.tenants.models import Membership, Role

INVOICE_TYPE = "380"  # UNTDID 1001: commercial invoice
CREDIT_NOTE_TYPE = "381"
DEBIT_NOTE_TYPE = "383"
TYPE_CODES: dict[str, str] = {InvoiceKind.CREDIT_NOTE: CREDIT_NOTE_TYPE, InvoiceKind.DEBIT_NOTE: DEBIT_NOTE_TYPE}
SEPA_CREDIT_TRANSFER = "58"  # UNTDID 4461
# Seller endpoints where the company has no Peppol id of its own: the scheme its VAT id is known by
# (Peppol EAS: 9930 German VAT, 0208 Belgian enterprise number = the VAT id's ten digits).
VAT_ENDPOINT_SCHEMES = {"DE": "9930"}
BELGIAN_ENTERPRISE_NUMBER = "0208"


@dataclass(frozen=True)
class Identifier:
    """An identifier with its scheme (Peppol EAS for endpoints, ISO 6523 ICD for legal ids)."""

    value: str
    scheme: str = ""


@dataclass(frozen=True)
class Address:
    """BG-5 / BG-8 / BG-15: street (BT-35), city (BT-37), post code (BT-38), country (BT-40)."""

    country: str
    street: str = ""
    additional: str = ""
    city: str = ""
    postal_code: str = ""


@dataclass(frozen=True)
class Contact:
    """BG-6: the seller's contact point (BT-41 name, BT-42 phone, BT-43 e-mail)."""

    name: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class TradeParty:
    """Seller (BG-4) or buyer (BG-7)."""

    name: str  # BT-27 / BT-44
    address: Address
    endpoint: Identifier | None = None  # BT-34 / BT-49
    vat_id: str = ""  # BT-31 / BT-48
    legal_id: Identifier | None = None  # BT-30 / BT-47
    contact: Contact | None = None


@dataclass(frozen=True)
class DocumentLine:
    """BG-25, with the totals engine's amounts; allowances are the line's discount (BG-27)."""

    id: str  # BT-126
    name: str  # BT-153
    quantity: Decimal  # BT-129
    unit_code: str  # BT-130
    net_amount: Decimal  # BT-131
    net_price: Decimal  # BT-146
    base_quantity: Decimal  # BT-149
    allowances: tuple[AllowanceChargeResult, ...]
    tax_category: str  # BT-151
    tax_rate: Decimal  # BT-152
    seller_item_id: str = ""  # BT-155


@dataclass(frozen=True)
class Payment:
    """BG-16 payment instructions and the terms: credit transfer to the seller's IBAN."""

    means_code: str  # BT-81
    remittance: str  # BT-83
    iban: str  # BT-84
    bic: str = ""  # BT-86
    account_name: str = ""  # BT-85


@dataclass(frozen=True)
class EDocument:
    """Everything a syntax writes about one invoice or credit note."""

    number: str  # BT-1
    issue_date: datetime.date  # BT-2
    type_code: str  # BT-3
    currency: str  # BT-5
    tax_currency: str  # BT-6, blank when it is the document currency
    tax_total_tax_currency: Decimal | None  # BT-111
    due_date: datetime.date | None  # BT-9
    buyer_reference: str  # BT-10
    note: str  # BT-22
    preceding: tuple[str, datetime.date] | None  # BT-25, BT-26
    delivery_date: datetime.date | None  # BT-72
    deliver_to: Address  # BG-15
    seller: TradeParty
    buyer: TradeParty
    payment: Payment | None
    skonto: SkontoOffer | None
    lines: tuple[DocumentLine, ...]
    totals: DocumentTotals

    @property
    def is_credit_note(self) -> bool:
        return self.type_code == CREDIT_NOTE_TYPE

    @property
    def is_german_domestic(self) -> bool:
        """Seller and buyer in Germany: Peppol then applies the German (XRechnung) rules too."""
        return self.seller.address.country == self.buyer.address.country == "DE"

    @property
    def allowances(self) -> tuple[AllowanceChargeResult, ...]:
        return self.totals.allowances

    @property
    def charges(self) -> tuple[AllowanceChargeResult, ...]:
        return self.totals.charges

    @property
    def breakdown(self) -> tuple[TaxBreakdown, ...]:
        return self.totals.breakdown


def _refuse(message: str, code: str, field: str) -> ApplicationError:
    return ApplicationError(message, code=code, field=field)


def peppol_id_parse(value: str) -> Identifier | None:
    """A stored Peppol id "scheme:value" (as `parties.identifiers` checks it) as an identifier."""
    scheme, _colon, identifier = value.partition(":")
    return Identifier(identifier, scheme) if identifier else None


def seller_endpoint(*, country: str, tax_id: str, peppol_id: str = "") -> Identifier | None:
    """The company's Peppol endpoint: its participant id if set, else derived from its VAT id."""
    if peppol_id:
        return peppol_id_parse(peppol_id)
    if country == "BE" and tax_id.startswith("BE"):
        return Identifier(tax_id.removeprefix("BE"), BELGIAN_ENTERPRISE_NUMBER)
    scheme = VAT_ENDPOINT_SCHEMES.get(country)
    return Identifier(tax_id, scheme) if scheme and tax_id else None


def invoicing_settings() -> InvoicingSettings:
    return InvoicingSettings.objects.filter(pk=1).first() or InvoicingSettings()


def seller_contact(settings: InvoicingSettings | None = None) -> Contact:
    """The contact the invoicing settings name; blanks fall back to the (first) owner's name and e-mail."""
    settings = settings or invoicing_settings()
    owner = None
    if not (settings.contact_name and settings.contact_email):
        membership = (
            Membership.objects.filter(tenant=connection.tenant, role=Role.OWNER, is_active=True)  # type: ignore[attr-defined]
            .select_related("user")
            .order_by("created_at", "pk")
            .first()
        )
        owner = membership.user if membership else None
    return Contact(
        name=settings.contact_name or (owner.full_name if owner else ""),
        phone=settings.contact_phone,
        email=settings.contact_email or (owner.email if owner else ""),
    )


def _seller(contact: Contact, settings: InvoicingSettings) -> TradeParty:
    tenant = connection.tenant  # type: ignore[attr-defined]
    endpoint = seller_endpoint(country=tenant.country, tax_id=tenant.tax_id, peppol_id=settings.peppol_id)
    return TradeParty(
        name=tenant.name,
        address=Address(
            country=tenant.country, street=tenant.address_line, city=tenant.city, postal_code=tenant.postal_code
        ),
        endpoint=endpoint,
        vat_id=tenant.tax_id,
        # A Belgian company is registered under its enterprise number, the same as its endpoint.
        legal_id=endpoint if endpoint and endpoint.scheme == BELGIAN_ENTERPRISE_NUMBER else None,
        contact=contact if (contact.name or contact.phone or contact.email) else None,
    )


def _buyer(invoice: Invoice, addresses: dict[str, Address]) -> TradeParty:
    customer: Party = invoice.customer
    return TradeParty(
        name=invoice.customer_name or customer.legal_name,
        address=addresses.get(AddressKind.BILLING) or Address(country=customer.country),
        endpoint=peppol_id_parse(customer.peppol_id),
        vat_id=invoice.customer_tax_id,
    )


def _lines(invoice: Invoice, totals: DocumentTotals) -> tuple[DocumentLine, ...]:
    return tuple(
        DocumentLine(
            id=str(line.position),
            name=line.description,
            quantity=line.quantity,
            unit_code=line.unit_code,
            net_amount=result.net_amount,
            net_price=result.net_price,
            base_quantity=line.base_quantity,
            allowances=result.allowances,
            tax_category=result.tax_category,
            tax_rate=result.tax_rate,
            seller_item_id=line.product.number if line.product else "",
        )
        for line, result in zip(invoice.lines.all(), totals.lines, strict=True)
    )


def _payment(invoice: Invoice, bank: InvoicingSettings) -> Payment | None:
    if not bank.iban:
        return None
    return Payment(
        means_code=SEPA_CREDIT_TRANSFER,
        remittance=invoice.number,
        iban=bank.iban,
        bic=bank.bic,
        account_name=connection.tenant.name,  # type: ignore[attr-defined]
    )


def _addresses(customer: Party) -> dict[str, Address]:
    """The customer's first address of each kind (billing, shipping), in one query."""
    found: dict[str, Address] = {}
    for item in customer.addresses.order_by("pk"):
        found.setdefault(
            item.kind,
            Address(
                country=item.country,
                street=item.line1,
                additional=item.line2,
                city=item.city,
                postal_code=item.postal_code,
            ),
        )
    return found


def profile_require(profile: str, *, known: Iterable[str], syntax: str) -> None:
    """Refuses a profile the syntax does not write (the API's format names map onto these)."""
    if profile not in known:
        raise _refuse(
            _("Unknown %(syntax)s profile %(profile)s.") % {"syntax": syntax, "profile": profile},
            "unknown_profile",
            "profile",
        )


def edocument_build(invoice: Invoice, *, contact: Contact | None = None) -> EDocument:
    """The issued invoice as business terms; a draft is refused (it has no number and may still change)."""
    if invoice.is_draft:
        raise _refuse(_("Only an issued invoice can be exported as an e-invoice."), "not_issued", "status")
    if "lines" not in getattr(invoice, "_prefetched_objects_cache", {}):
        invoice = invoice_detail(pk=invoice.pk)  # a fixed number of queries, however many lines
    totals = invoice_totals(invoice)
    settings = invoicing_settings()
    foreign = invoice.currency != connection.tenant.base_currency  # type: ignore[attr-defined]
    addresses = _addresses(invoice.customer)
    buyer = _buyer(invoice, addresses)
    corrects = invoice.corrects
    return EDocument(
        number=invoice.number,
        issue_date=invoice.issue_date,  # type: ignore[arg-type]
        type_code=TYPE_CODES.get(invoice.kind, INVOICE_TYPE),
        currency=invoice.currency,
        tax_currency=connection.tenant.base_currency if foreign else "",  # type: ignore[attr-defined]
        tax_total_tax_currency=tax_in_tax_currency(totals.tax_total, invoice.exchange_rate) if foreign else None,
        due_date=invoice.due_date,
        buyer_reference=invoice.buyer_reference,
        note=invoice.notes,
        preceding=(corrects.number, corrects.issue_date) if corrects and corrects.issue_date else None,  # type: ignore[union-attr]
        delivery_date=invoice.delivery_date,
        deliver_to=addresses.get(AddressKind.SHIPPING) or buyer.address,
        seller=_seller(contact or seller_contact(settings), settings),
        buyer=buyer,
        payment=_payment(invoice, settings),
        skonto=skonto_offer(invoice, totals),
        lines=_lines(invoice, totals),
        totals=totals,
    )


def edocument_require(document: EDocument, *, needs: tuple[str, ...]) -> None:
    """Refuses a document that lacks what a format requires, naming the field to fill in.

    `needs` lists the checks a format asks for: "endpoints" (Peppol R010/R020), "reference"
    (Peppol R003: buyer or order reference), "addresses" (BR-DE-3/4/8/9: city and post code),
    "contact" (BR-DE-2/5/6/7), "payment" (BR-DE-1: payment instructions).
    """
    seller, buyer = document.seller, document.buyer
    checks: dict[str, list[tuple[bool, str, str, str]]] = {
        "endpoints": [
            (
                seller.endpoint is None,
                _("The company needs a VAT id from which its Peppol endpoint is derived."),
                "no_seller_endpoint",
                "tax_id",
            ),
            (
                buyer.endpoint is None,
                _("The customer needs a Peppol id (scheme:identifier) to receive e-invoices."),
                "no_buyer_endpoint",
                "customer.peppol_id",
            ),
        ],
        "reference": [
            (
                not document.buyer_reference,
                _("An e-invoice needs the buyer's reference (order number or Leitweg-ID)."),
                "no_buyer_reference",
                "buyer_reference",
            )
        ],
        "addresses": [
            (not seller.address.city, _("The company's address needs a city."), "required", "city"),
            (
                not seller.address.postal_code,
                _("The company's address needs a postal code."),
                "required",
                "postal_code",
            ),
            (
                not (buyer.address.city and buyer.address.postal_code),
                _("The customer needs a billing address with city and postal code."),
                "required",
                "customer.addresses",
            ),
        ],
        "contact": [
            (
                seller.contact is None or not seller.contact.name,
                _(
                    "German e-invoice rules (XRechnung) need the seller's contact name; "
                    "enter it in the invoicing settings."
                ),
                "required",
                "seller_contact.name",
            ),
            (
                seller.contact is None or not seller.contact.phone,
                _(
                    "German e-invoice rules (XRechnung) need the seller's contact phone number; "
                    "enter it in the invoicing settings."
                ),
                "required",
                "seller_contact.phone",
            ),
            (
                seller.contact is None or not seller.contact.email,
                _(
                    "German e-invoice rules (XRechnung) need the seller's contact e-mail address; "
                    "enter it in the invoicing settings."
                ),
                "required",
                "seller_contact.email",
            ),
        ],
        "payment": [
            (
                document.payment is None,
                _("German e-invoice rules (XRechnung) need the company's IBAN for the payment instructions."),
                "required",
                "iban",
            )
        ],
    }
    for need in needs:
        for missing, message, code, field in checks[need]:
            if missing:
                raise _refuse(message, code, field)
