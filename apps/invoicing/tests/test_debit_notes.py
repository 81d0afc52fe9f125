"""Debit notes: more charged on an issued invoice, issued, posted, paid and dunned like an invoice."""

import datetime
from decimal import Decimal

import pytest
from django_tenants.utils import tenant_context

from apps.core.errors import ApplicationError
from apps.dunning.selectors import overdue_invoices
from apps.einvoicing.document import edocument_build
from apps.invoicing.models import Invoice, InvoiceKind, InvoiceStatus
from apps.invoicing.payment_selectors import invoice_open_amount
from apps.invoicing.pdf import invoice_html
from apps.invoicing.selectors import invoice_detail
from apps.invoicing.services import (
    DraftData,
    LineData,
    credit_note_create,
    debit_note_create,
    invoice_create,
    invoice_issue,
    invoice_update,
    invoices_mark_overdue,
    invoicing_settings_update,
    payment_record,
)
from apps.invoicing.services.sending import invoice_send
from apps.ledger.models import JournalEntry
from apps.parties.tests.factories import PartyFactory

pytestmark = pytest.mark.django_db
D = Decimal
ISSUED_ON = datetime.date(2031, 3, 10)
BOARD = LineData(description="Eichenbrett 2 m", quantity=D("3"), unit_price=D("19.99"), tax_code="de-standard-19")
ADJUSTMENT = LineData(
    description="Preisanpassung Holz", quantity=D("1"), unit_price=D("20.00"), tax_code="de-standard-19"
)


@pytest.fixture
def customer(tenant_a):  # type: ignore[no-untyped-def]
    with tenant_context(tenant_a):
        return PartyFactory(
            legal_name="Müller & Söhne KG",
            tax_id="DE136695976",
            payment_days=30,
            skonto_percent=D("2"),
            skonto_days=10,
            currency="EUR",
            email="buchhaltung@mueller.example",
            language="en",
        )


@pytest.fixture
def issued(tenant_a, customer) -> Invoice:  # type: ignore[no-untyped-def]
    """3 × 19.99 at 19 %: 71.36 gross, issued as RE-2031-00001."""
    with tenant_context(tenant_a):
        return invoice_issue(
            invoice=invoice_create(data=DraftData(customer=customer.pk, lines=[BOARD])), issue_date=ISSUED_ON
        )


def _issued_debit_note(invoice: Invoice) -> Invoice:
    """A debit note charging 20.00 + 3.80 VAT on `invoice`, issued a month later."""
    note = debit_note_create(invoice=invoice)
    invoice_update(invoice=note, data=DraftData(customer=invoice.customer_id, lines=[ADJUSTMENT], payment_days=14))
    return invoice_issue(invoice=note, issue_date=datetime.date(2031, 4, 10))


def _posting(entry_id: int) -> list[tuple[str, Decimal, Decimal]]:
    entry = JournalEntry.objects.get(pk=entry_id)
    return sorted((line.account.code, line.debit, line.credit) for line in entry.lines.all())


def _error(response) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    error = response.json()["errors"][0]
    return response.status_code, error["code"], error["field"]


def _line(description: str, price: str) -> dict[str, str]:
    return {"description": description, "quantity": "1", "unit_price": price, "tax_code": "de-standard-19"}


def test_the_api_makes_an_empty_draft_that_is_edited_issued_and_posted_like_an_invoice(
    tenant_a, owner_a, token_for, customer, issued
):
    client = token_for(tenant_a, owner_a)

    response = client.post(f"/api/v1/invoices/{issued.pk}/debit-note/", {"reason": "Verzugszinsen"}, format="json")

    assert response.status_code == 201, response.json()
    note = response.json()
    assert (note["kind"], note["status"], note["corrects"], note["customer"], note["currency"]) == (
        "debit_note",
        "draft",
        issued.pk,
        customer.pk,
        "EUR",
    )
    assert (note["lines"], note["notes"], note["payment_days"], note["skonto_percent"]) == (
        [],
        "Verzugszinsen",
        30,
        "0.00",
    )

    edited = client.put(
        f"/api/v1/invoices/{note['id']}/",
        {"customer": customer.pk, "lines": [_line("Preisanpassung Holz", "20.00")], "notes": "Verzugszinsen"},
        format="json",
    )
    assert edited.status_code == 200, edited.json()
    assert edited.json()["totals"]["gross"] == "23.80"
    assert (edited.json()["skonto_percent"], edited.json()["skonto_days"]) == ("0.00", 0)  # the customer has 2 %

    done = client.post(f"/api/v1/invoices/{note['id']}/issue/", {"issue_date": "2031-04-10"}, format="json")

    assert done.status_code == 200, done.json()
    body = done.json()
    assert (body["number"], body["status"], body["due_date"], body["open_amount"]) == (
        "DN-2031-00001",
        "issued",
        "2031-05-10",
        "23.80",
    )
    with tenant_context(tenant_a):
        # Receivable debit, revenue and output tax credit: an invoice's posting, not a credit note's mirror.
        assert _posting(body["ledger_entry_id"]) == [
            ("1400", D("23.80"), D("0.00")),
            ("1776", D("0.00"), D("3.80")),
            ("8400", D("0.00"), D("20.00")),
        ]
        invoice = Invoice.objects.get(pk=issued.pk)
        assert (invoice.status, invoice_open_amount(invoice)) == (InvoiceStatus.ISSUED, D("71.36"))
    listed = client.get("/api/v1/invoices/", {"kind": "debit_note"}).json()
    assert [row["id"] for row in listed["results"]] == [note["id"]]


def test_without_a_reason_the_note_names_the_invoice(in_alpha, issued):
    note = debit_note_create(invoice=issued)

    assert (note.kind, note.series, note.notes) == (
        InvoiceKind.DEBIT_NOTE,
        "DN",
        "Additional charges on invoice RE-2031-00001.",
    )
    assert not note.lines.exists()


@pytest.mark.parametrize(
    ("state", "code", "field"),
    [
        ("draft", "not_issued", "status"),
        ("cancelled", "not_issued", "status"),
        ("credit_note", "not_invoice", "kind"),
        ("debit_note", "not_invoice", "kind"),
    ],
)
def test_only_an_issued_invoice_takes_a_debit_note(tenant_a, owner_a, token_for, customer, issued, state, code, field):
    with tenant_context(tenant_a):
        if state == "draft":
            target = invoice_create(data=DraftData(customer=customer.pk, lines=[BOARD]))
        elif state == "cancelled":
            invoice_issue(invoice=credit_note_create(invoice=issued), issue_date=ISSUED_ON)  # credits it all
            target = Invoice.objects.get(pk=issued.pk)
            assert target.status == InvoiceStatus.CANCELLED
        elif state == "credit_note":
            target = credit_note_create(invoice=issued, lines=[(1, D("1"))])
        else:
            target = debit_note_create(invoice=issued)
        before = Invoice.objects.count()

    response = token_for(tenant_a, owner_a).post(f"/api/v1/invoices/{target.pk}/debit-note/", {}, format="json")

    assert _error(response) == (409, code, field)
    with tenant_context(tenant_a):
        assert Invoice.objects.count() == before


def test_a_debit_note_keeps_the_customer_and_currency_of_its_invoice(in_alpha, customer, issued):
    note = debit_note_create(invoice=issued)
    other = PartyFactory(legal_name="Schmidt GmbH", currency="EUR")

    with pytest.raises(ApplicationError) as moved:
        invoice_update(invoice=note, data=DraftData(customer=other.pk, lines=[ADJUSTMENT]))
    with pytest.raises(ApplicationError) as converted:
        invoice_update(
            invoice=note,
            data=DraftData(customer=customer.pk, lines=[ADJUSTMENT], currency="USD", exchange_rate=D("1.1")),
        )

    assert (moved.value.code, moved.value.field) == ("customer_fixed", "customer")
    assert (converted.value.code, converted.value.field) == ("currency_fixed", "currency")
    note.refresh_from_db()
    assert (note.customer_id, note.currency, note.lines.count()) == (customer.pk, "EUR", 0)


def test_an_empty_debit_note_cannot_be_issued(in_alpha, issued):
    note = debit_note_create(invoice=issued)

    with pytest.raises(ApplicationError) as refused:
        invoice_issue(invoice=note, issue_date=ISSUED_ON)

    assert (refused.value.code, refused.value.field) == ("empty", "lines")
    note.refresh_from_db()
    assert (note.status, note.number, note.ledger_entry_id) == (InvoiceStatus.DRAFT, "", None)


def test_its_series_is_the_one_chosen_in_the_settings(in_alpha, issued):
    invoicing_settings_update(data={"debit_note_series": " nb "})

    note = _issued_debit_note(issued)

    assert note.number == "NB-2031-00001"


def test_a_payment_settles_the_debit_note_alone(in_alpha, issued):
    note = _issued_debit_note(issued)

    payment = payment_record(invoice=note, amount=D("23.80"), paid_on=datetime.date(2031, 4, 20))

    note.refresh_from_db()
    assert (note.status, invoice_open_amount(note)) == (InvoiceStatus.PAID, D("0.00"))
    assert _posting(payment.ledger_entry_id) == [("1200", D("23.80"), D("0.00")), ("1400", D("0.00"), D("23.80"))]  # type: ignore[arg-type]
    assert (Invoice.objects.get(pk=issued.pk).status, invoice_open_amount(issued)) == (InvoiceStatus.ISSUED, D("71.36"))


def test_a_full_credit_note_cancels_the_debit_note_not_the_invoice(in_alpha, issued):
    note = _issued_debit_note(issued)

    invoice_issue(invoice=credit_note_create(invoice=note), issue_date=datetime.date(2031, 4, 12))

    note.refresh_from_db()
    assert (note.status, invoice_open_amount(note)) == (InvoiceStatus.CANCELLED, D("0.00"))
    assert (Invoice.objects.get(pk=issued.pk).status, invoice_open_amount(issued)) == (InvoiceStatus.ISSUED, D("71.36"))


def test_an_unpaid_debit_note_falls_overdue_and_is_dunned(in_alpha, issued):
    note = _issued_debit_note(issued)  # due 2031-04-24
    payment_record(invoice=issued, amount=D("71.36"), paid_on=ISSUED_ON)

    assert invoices_mark_overdue(on=datetime.date(2031, 4, 25)) == 1
    assert Invoice.objects.get(pk=note.pk).status == InvoiceStatus.OVERDUE
    assert [(row.pk, row.open_amount) for row in overdue_invoices(on=datetime.date(2031, 4, 25))] == [
        (note.pk, D("23.80"))
    ]


def test_the_pdf_the_email_and_the_e_invoice_name_it_a_debit_note_of_the_invoice(in_alpha, issued):
    note = _issued_debit_note(issued)

    html = invoice_html(invoice_detail(pk=note.pk))
    dispatch = invoice_send(invoice=note)
    document = edocument_build(note)

    assert "Debit note DN-2031-00001" in html and "Debit note number" in html
    assert "Adds to invoice RE-2031-00001 of 03/10/2031." in html
    assert "Payable without deduction by 04/24/2031 (14 days net)." in html
    assert "23.80 EUR" in html
    assert dispatch.subject.startswith("Debit note DN-2031-00001 of ")
    assert "our debit note DN-2031-00001 to invoice RE-2031-00001 for 23.80 EUR" in dispatch.body
    assert (document.type_code, document.preceding) == ("383", ("RE-2031-00001", ISSUED_ON))


def test_the_web_button_opens_the_new_draft_in_the_editor(browser, tenant_a, customer, issued):
    page = browser.get(f"/invoices/{issued.pk}/").content.decode()
    assert f'action="/invoices/{issued.pk}/debit-note/"' in page

    response = browser.post(f"/invoices/{issued.pk}/debit-note/")

    with tenant_context(tenant_a):
        note = Invoice.objects.get(corrects=issued, kind=InvoiceKind.DEBIT_NOTE)
    assert response.status_code == 302 and response["Location"] == f"/invoices/{note.pk}/edit/"
    form = {
        "customer": customer.pk,
        "delivery_date": "",
        "currency": "",
        "payment_days": "30",
        "skonto_percent": "0",
        "skonto_days": "0",
        "notes": note.notes,
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "1000",
        "lines-0-description": "Preisanpassung Holz",
        "lines-0-quantity": "1",
        "lines-0-unit_code": "C62",
        "lines-0-unit_price": "20.00",
        "lines-0-discount_percent": "0",
        "lines-0-tax_code": "de-standard-19",
    }
    saved = browser.post(f"/invoices/{note.pk}/edit/", form)
    assert saved.status_code == 302, saved.content.decode()
    issued_page = browser.post(f"/invoices/{note.pk}/issue/", follow=True).content.decode()
    assert "Debit note DN-" in issued_page and f'href="/invoices/{issued.pk}/"' in issued_page
    listing = browser.get("/invoices/").content.decode()
    assert "debit note</small>" in listing
    with tenant_context(tenant_a):
        note.refresh_from_db()
        assert (note.status, note.total_gross) == (InvoiceStatus.ISSUED, D("23.80"))


def test_the_web_button_refuses_a_credit_note_and_creates_nothing(browser, tenant_a, issued):
    with tenant_context(tenant_a):
        credit = credit_note_create(invoice=issued, lines=[(1, D("1"))])

    response = browser.post(f"/invoices/{credit.pk}/debit-note/", follow=True)

    assert response.redirect_chain == [(f"/invoices/{credit.pk}/", 302)]
    assert "A debit note adds to an invoice; make it for invoice RE-2031-00001." in response.content.decode()
    with tenant_context(tenant_a):
        assert not Invoice.objects.filter(kind=InvoiceKind.DEBIT_NOTE).exists()
