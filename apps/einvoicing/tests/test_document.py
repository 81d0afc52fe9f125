"""The neutral EN 16931 document both syntaxes write: the same numbers as the totals engine and the ledger."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django_tenants.utils import tenant_context

from apps.einvoicing.document import (
    Contact,
    Identifier,
    edocument_build,
    peppol_id_parse,
    seller_contact,
    seller_endpoint,
)
from apps.invoicing.models import Invoice
from apps.invoicing.selectors import invoice_totals
from apps.tenants.models import Tenant

from . import cases


@pytest.mark.parametrize("case", cases.EU_CASES, ids=lambda case: case.name)
def test_every_case_carries_the_totals_the_invoice_was_issued_with(db, case: cases.Case) -> None:  # type: ignore[no-untyped-def]
    with tenant_context(Tenant.objects.get(slug=case.tenant)):
        invoice = case.build()
        document = edocument_build(invoice)
        totals = invoice_totals(invoice)

    assert document.number == invoice.number
    assert (document.totals.total_without_tax, document.totals.tax_total) == (invoice.total_net, invoice.total_tax)
    assert (document.totals.total_with_tax, document.totals.amount_due) == (invoice.total_gross, invoice.amount_due)
    assert sum(line.net_amount for line in document.lines) == totals.line_total
    assert document.buyer.endpoint is not None
    assert document.seller.endpoint is not None


def test_a_credit_note_refers_to_its_invoice(in_alpha) -> None:  # type: ignore[no-untyped-def]
    note = cases.case_credit_note()

    document = edocument_build(note)

    assert document.is_credit_note
    assert document.type_code == "381"
    assert document.preceding == (note.corrects.number, note.corrects.issue_date)  # type: ignore[union-attr]
    assert document.totals.amount_due == note.amount_due > 0


def test_foreign_currency_has_its_vat_in_the_company_currency(in_alpha) -> None:  # type: ignore[no-untyped-def]
    document = edocument_build(cases.case_foreign_currency())

    assert (document.currency, document.tax_currency) == ("USD", "EUR")
    assert document.tax_total_tax_currency == Decimal("304.70")
    assert edocument_build(cases.case_prepaid()).tax_currency == ""


def test_exempt_categories_carry_their_reason(in_alpha) -> None:  # type: ignore[no-untyped-def]
    document = edocument_build(cases.case_exempt_with_reason())

    reasons = {row.tax_category: (row.exemption_reason_code, row.exemption_reason) for row in document.breakdown}
    assert reasons == {"S": ("", ""), "E": ("VATEX-EU-132", "Steuerfreie Leistung nach § 4 UStG")}


def test_the_seller_contact_is_the_owner(in_alpha, owner_a) -> None:  # type: ignore[no-untyped-def]
    owner_a.full_name = "Olaf Owner"
    owner_a.save(update_fields=["full_name"])

    assert seller_contact() == Contact(name="Olaf Owner", email="owner@alpha.test")
    given = Contact(name="Petra", phone="+49 221 1", email="p@alpha.example")
    assert edocument_build(cases.case_prepaid(), contact=given).seller.contact == given


@pytest.mark.parametrize(
    ("country", "tax_id", "endpoint"),
    [
        ("DE", "DE136695976", Identifier("DE136695976", "9930")),
        ("BE", "BE0403019261", Identifier("0403019261", "0208")),
        ("DE", "", None),
        ("DO", "131234567", None),
    ],
)
def test_the_seller_endpoint_comes_from_the_vat_id(country: str, tax_id: str, endpoint: Identifier | None) -> None:
    assert seller_endpoint(country=country, tax_id=tax_id) == endpoint


@pytest.mark.parametrize(
    ("stored", "parsed"),
    [
        ("0088:7640123450004", Identifier("7640123450004", "0088")),
        ("0204:05315-12345-85", Identifier("05315-12345-85", "0204")),
        ("9925:BE0202239951", Identifier("BE0202239951", "9925")),
        ("", None),
    ],
)
def test_a_peppol_id_is_scheme_and_value(stored: str, parsed: Identifier | None) -> None:
    assert peppol_id_parse(stored) == parsed


def test_the_number_of_queries_does_not_grow_with_the_lines(in_alpha, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    # Unloaded instances, as a caller with only an id has: the build loads what it needs itself.
    short, long = (Invoice.objects.get(pk=case().pk) for case in (cases.case_prepaid, cases.case_many_lines))
    given = Contact(name="Petra", phone="+49 221 1", email="p@alpha.example")

    with django_assert_num_queries(5):
        edocument_build(short, contact=given)
    with django_assert_num_queries(5):
        edocument_build(long, contact=given)
