"""Payments, Skonto and write-offs: amounts hand-computed, ledger lines checked to the cent."""

import datetime
from decimal import Decimal

import pytest
from django_tenants.utils import tenant_context

from apps.core.errors import ApplicationError
from apps.invoicing.models import Invoice, InvoiceStatus, Payment, PaymentKind
from apps.invoicing.payment_selectors import invoice_open_amount, invoice_skonto_offer
from apps.invoicing.services import DraftData, LineData, invoice_create, invoice_issue, payment_record
from apps.invoicing.services.payments import _post
from apps.ledger.models import JournalEntry
from apps.parties.tests.factories import PartyFactory
from apps.tenants.models import Role
from apps.tenants.services import membership_grant
from apps.tenants.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
D = Decimal
ISSUED_ON = datetime.date(2031, 3, 10)
STANDARD = "de-standard-19"
REDUCED = "de-reduced-7"
NO_SKONTO = D("0")


@pytest.fixture
def customer(tenant_a):
    with tenant_context(tenant_a):
        return PartyFactory(legal_name="Müller & Söhne KG", tax_id="DE136695976")


def _issued(customer, lines, *, skonto_percent=NO_SKONTO, skonto_days=0):  # type: ignore[no-untyped-def]
    data = DraftData(
        customer=customer.pk,
        lines=[
            LineData(description=f"Posten {code}", quantity=D("1"), unit_price=net, tax_code=code)
            for net, code in lines
        ],
        skonto_percent=skonto_percent,
        skonto_days=skonto_days,
    )
    return invoice_issue(invoice=invoice_create(data=data), issue_date=ISSUED_ON)


def _lines(payment: Payment) -> list[tuple[str, str, Decimal, Decimal, bool]]:
    entry = JournalEntry.objects.get(pk=payment.ledger_entry_id)
    return sorted(
        (line.account.code, line.tax_code.code if line.tax_code else "", line.debit, line.credit, line.is_tax)
        for line in entry.lines.select_related("account", "tax_code")
    )


def _status(invoice: Invoice) -> str:
    return Invoice.objects.get(pk=invoice.pk).status


def test_skonto_in_time_closes_the_invoice_and_corrects_the_output_tax(in_alpha, customer):
    invoice = _issued(customer, [(D("100.00"), STANDARD)], skonto_percent=D("2"), skonto_days=10)
    offer = invoice_skonto_offer(invoice)
    assert (offer.deadline, offer.discount, offer.pay) == (datetime.date(2031, 3, 20), D("2.38"), D("116.62"))  # type: ignore[union-attr]

    payment = payment_record(invoice=invoice, amount=D("116.62"), paid_on=datetime.date(2031, 3, 20))

    assert payment.discount_amount == D("2.38")
    assert (_status(invoice), invoice_open_amount(invoice)) == (InvoiceStatus.PAID, D("0.00"))
    entry = JournalEntry.objects.get(pk=payment.ledger_entry_id)
    assert (entry.journal.code, entry.source_type, entry.source_id, entry.document_number) == (
        "BNK",
        "invoicing.payment",
        str(payment.pk),
        invoice.number,
    )
    # 2 % of 119.00 = 2.38 gross: 2.00 net + 0.38 VAT at 19 %.
    assert _lines(payment) == [
        ("1200", "", D("116.62"), D("0.00"), False),  # bank
        ("1400", "", D("0.00"), D("119.00"), False),  # receivable
        ("1776", STANDARD, D("0.38"), D("0.00"), True),  # output tax 19 % corrected
        ("8736", STANDARD, D("2.00"), D("0.00"), False),  # discounts granted
    ]
    receivable = entry.lines.get(account__code="1400")
    assert receivable.party_ref == customer.number


def test_skonto_over_two_rates_splits_by_gross_share_and_sums_exactly(in_alpha, customer):
    # 100.00 + 19.00 and 50.00 + 3.50: gross 172.50; 3 % = 5.175 -> 5.18.
    invoice = _issued(customer, [(D("100.00"), STANDARD), (D("50.00"), REDUCED)], skonto_percent=D("3"), skonto_days=14)

    payment = payment_record(invoice=invoice, amount=D("167.32"), paid_on=datetime.date(2031, 3, 24))

    # Shares of 518 cents: 119/172.5 -> 357.34, 53.5/172.5 -> 160.66; the spare cent goes to the larger
    # remainder (7 %): 3.57 and 1.61. Tax: 3.57 × 19/119 = 0.57; 1.61 × 3.5/53.5 = 0.1053 -> 0.11.
    assert payment.discount_amount == D("5.18")
    assert _lines(payment) == [
        ("1200", "", D("167.32"), D("0.00"), False),
        ("1400", "", D("0.00"), D("172.50"), False),
        ("1771", REDUCED, D("0.11"), D("0.00"), True),
        ("1776", STANDARD, D("0.57"), D("0.00"), True),
        ("8736", REDUCED, D("1.50"), D("0.00"), False),
        ("8736", STANDARD, D("3.00"), D("0.00"), False),
    ]
    assert _status(invoice) == InvoiceStatus.PAID


def test_skonto_too_late_leaves_the_discount_open(in_alpha, customer):
    invoice = _issued(customer, [(D("100.00"), STANDARD)], skonto_percent=D("2"), skonto_days=10)

    payment = payment_record(invoice=invoice, amount=D("116.62"), paid_on=datetime.date(2031, 3, 21))

    assert payment.discount_amount == D("0.00")
    assert (_status(invoice), invoice_open_amount(invoice)) == (InvoiceStatus.PARTLY_PAID, D("2.38"))
    assert _lines(payment) == [("1200", "", D("116.62"), D("0.00"), False), ("1400", "", D("0.00"), D("116.62"), False)]


def test_a_customer_who_deducts_less_than_the_skonto_gets_just_that(in_alpha, customer):
    invoice = _issued(customer, [(D("100.00"), STANDARD)], skonto_percent=D("2"), skonto_days=10)

    payment = payment_record(invoice=invoice, amount=D("117.00"), paid_on=ISSUED_ON)

    # 2.00 gross: 2.00 × 19/119 = 0.3193 -> 0.32 tax, 1.68 net.
    assert payment.discount_amount == D("2.00")
    assert (_status(invoice), invoice_open_amount(invoice)) == (InvoiceStatus.PAID, D("0.00"))
    assert [line[:4] for line in _lines(payment)][2:] == [
        ("1776", STANDARD, D("0.32"), D("0.00")),
        ("8736", STANDARD, D("1.68"), D("0.00")),
    ]


def test_partial_payments_then_the_rest(in_alpha, customer):
    invoice = _issued(customer, [(D("100.00"), STANDARD)])

    payment_record(invoice=invoice, amount=D("50.00"), paid_on=datetime.date(2031, 3, 15), reference="Teil 1")
    assert (_status(invoice), invoice_open_amount(invoice)) == (InvoiceStatus.PARTLY_PAID, D("69.00"))

    payment_record(invoice=invoice, amount=D("69.00"), paid_on=datetime.date(2031, 3, 30))
    assert (_status(invoice), invoice_open_amount(invoice)) == (InvoiceStatus.PAID, D("0.00"))


def test_an_over_payment_is_kept_as_the_customers_credit(in_alpha, customer):
    invoice = _issued(customer, [(D("100.00"), STANDARD)])

    payment = payment_record(invoice=invoice, amount=D("120.00"), paid_on=datetime.date(2031, 3, 15))

    assert (_status(invoice), invoice_open_amount(invoice)) == (InvoiceStatus.PAID, D("-1.00"))
    assert _lines(payment) == [("1200", "", D("120.00"), D("0.00"), False), ("1400", "", D("0.00"), D("120.00"), False)]


def test_a_write_off_takes_the_remainder_off_revenue_and_output_tax(in_alpha, customer):
    invoice = _issued(customer, [(D("100.00"), STANDARD)])
    payment_record(invoice=invoice, amount=D("100.00"), paid_on=datetime.date(2031, 3, 15))

    write_off = payment_record(
        invoice=invoice, amount=None, paid_on=datetime.date(2031, 6, 30), kind=PaymentKind.WRITE_OFF
    )

    # 19.00 gross: 19.00 × 19/119 = 3.0336 -> 3.03 tax, 15.97 net.
    assert (write_off.kind, write_off.amount, write_off.discount_amount) == ("write_off", D("19.00"), D("0.00"))
    assert (_status(invoice), invoice_open_amount(invoice)) == (InvoiceStatus.PAID, D("0.00"))
    assert JournalEntry.objects.get(pk=write_off.ledger_entry_id).journal.code == "GJ"
    assert _lines(write_off) == [
        ("1400", "", D("0.00"), D("19.00"), False),
        ("1776", STANDARD, D("3.03"), D("0.00"), True),
        ("2400", STANDARD, D("15.97"), D("0.00"), False),
    ]
    with pytest.raises(ApplicationError) as nothing_left:
        payment_record(invoice=invoice, amount=None, paid_on=datetime.date(2031, 7, 1), kind=PaymentKind.WRITE_OFF)
    assert (nothing_left.value.code, nothing_left.value.field) == ("not_payable", "status")  # paid is final


def test_a_draft_cannot_be_paid_and_nothing_is_written(in_alpha, customer):
    draft = invoice_create(data=DraftData(customer=customer.pk, lines=[LineData("Brett", D("1"), D("10"), STANDARD)]))

    with pytest.raises(ApplicationError) as refused:
        payment_record(invoice=draft, amount=D("11.90"), paid_on=ISSUED_ON)

    assert (refused.value.code, refused.value.field, refused.value.status) == ("not_issued", "status", 409)
    assert not Payment.objects.exists()
    assert not JournalEntry.objects.filter(source_type="invoicing.payment").exists()
    assert _status(draft) == InvoiceStatus.DRAFT


@pytest.mark.parametrize("amount", [D("0"), D("-5.00"), D("1.234")])
def test_an_amount_must_be_positive_with_two_decimals(in_alpha, customer, amount):
    invoice = _issued(customer, [(D("100.00"), STANDARD)])

    with pytest.raises(ApplicationError) as refused:
        payment_record(invoice=invoice, amount=amount, paid_on=ISSUED_ON)

    assert (refused.value.code, refused.value.field) == ("invalid_amount", "amount")
    assert not Payment.objects.exists() and _status(invoice) == InvoiceStatus.ISSUED


def test_each_payment_posts_once_under_its_own_source_id(in_alpha, customer):
    invoice = _issued(customer, [(D("100.00"), STANDARD)])
    first = payment_record(invoice=invoice, amount=D("50.00"), paid_on=datetime.date(2031, 3, 15))
    second = payment_record(invoice=invoice, amount=D("50.00"), paid_on=datetime.date(2031, 3, 15))

    again = _post(invoice, first)  # a retried posting of the same payment

    assert again.pk == first.ledger_entry_id != second.ledger_entry_id
    entries = JournalEntry.objects.filter(source_type="invoicing.payment")
    assert sorted(entries.values_list("source_id", flat=True)) == sorted([str(first.pk), str(second.pk)])


def test_a_foreign_currency_payment_posts_at_the_invoice_rate(in_alpha, customer):
    data = DraftData(
        customer=customer.pk,
        currency="USD",
        exchange_rate=D("0.9"),
        lines=[LineData("Brett", D("1"), D("100.00"), STANDARD)],
    )
    invoice = invoice_issue(invoice=invoice_create(data=data), issue_date=ISSUED_ON)

    payment = payment_record(invoice=invoice, amount=D("119.00"), paid_on=datetime.date(2031, 3, 15))

    assert _lines(payment) == [("1200", "", D("107.10"), D("0.00"), False), ("1400", "", D("0.00"), D("107.10"), False)]
    receivable = JournalEntry.objects.get(pk=payment.ledger_entry_id).lines.get(account__code="1400")
    assert (receivable.currency, receivable.amount_currency) == ("USD", D("119.00"))


def test_the_api_records_a_payment_and_lists_it(tenant_a, owner_a, token_for, customer):
    with tenant_context(tenant_a):
        invoice = _issued(customer, [(D("100.00"), STANDARD)], skonto_percent=D("2"), skonto_days=10)
    client = token_for(tenant_a, owner_a)
    url = f"/api/v1/invoices/{invoice.pk}/payments/"

    response = client.post(url, {"amount": "116.62", "paid_on": "2031-03-12", "reference": "SEPA 4711"}, format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["status"], body["open_amount"]) == ("paid", "0.00")
    assert (body["payment"]["amount"], body["payment"]["discount_amount"], body["payment"]["kind"]) == (
        "116.62",
        "2.38",
        "payment",
    )
    listed = client.get(url)
    assert listed.status_code == 200
    assert [(row["amount"], row["reference"]) for row in listed.json()] == [("116.62", "SEPA 4711")]


@pytest.mark.parametrize(
    ("payload", "field", "code"),
    [
        ({"amount": "0", "paid_on": "2031-03-12"}, "amount", "min_value"),
        ({"paid_on": "2031-03-12"}, "amount", "required"),
        ({"amount": "10.00"}, "paid_on", "required"),
    ],
)
def test_the_api_names_the_bad_field(tenant_a, owner_a, token_for, customer, payload, field, code):
    with tenant_context(tenant_a):
        invoice = _issued(customer, [(D("100.00"), STANDARD)])

    response = token_for(tenant_a, owner_a).post(f"/api/v1/invoices/{invoice.pk}/payments/", payload, format="json")

    assert response.status_code == 400
    assert (response.json()["errors"][0]["field"], response.json()["errors"][0]["code"]) == (field, code)
    with tenant_context(tenant_a):
        assert not Payment.objects.exists()


def test_the_api_refuses_a_draft_an_unknown_invoice_and_a_viewer(tenant_a, owner_a, token_for, customer):
    with tenant_context(tenant_a):
        draft = invoice_create(
            data=DraftData(customer=customer.pk, lines=[LineData("Brett", D("1"), D("10"), STANDARD)])
        )
        issued = _issued(customer, [(D("100.00"), STANDARD)])
    viewer = UserFactory()
    membership_grant(tenant=tenant_a, user=viewer, role=Role.VIEWER)
    owner, reader = token_for(tenant_a, owner_a), token_for(tenant_a, viewer)
    payload = {"amount": "10.00", "paid_on": "2031-03-12"}

    on_draft = owner.post(f"/api/v1/invoices/{draft.pk}/payments/", payload, format="json")
    assert on_draft.status_code == 409
    assert (on_draft.json()["errors"][0]["code"], on_draft.json()["errors"][0]["field"]) == ("not_issued", "status")
    assert owner.post("/api/v1/invoices/999999/payments/", payload, format="json").status_code == 404
    assert reader.get(f"/api/v1/invoices/{issued.pk}/payments/").status_code == 200
    assert reader.post(f"/api/v1/invoices/{issued.pk}/payments/", payload, format="json").status_code == 403
    with tenant_context(tenant_a):
        assert not Payment.objects.exists()
