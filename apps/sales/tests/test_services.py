"""Quote → order → deliveries → invoices through the services: state machines and quantities."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from apps.core.errors import ApplicationError
from apps.invoicing.models import Invoice, InvoiceLine, InvoiceStatus
from apps.invoicing.services import credit_note_create, invoice_issue
from apps.parties.tests.factories import PartyFactory
from apps.sales import services
from apps.sales.models import DeliveryNote, OrderStatus, Quote, QuoteStatus, SalesOrder
from apps.sales.selectors import order_progress, sales_document_totals
from apps.sales.services import QuantityData, QuoteData, SalesLineData
from apps.sales.tasks import quotes_expire_task

pytestmark = pytest.mark.django_db
D = Decimal
SENT_ON = datetime.date(2031, 3, 2)


def _data(customer_pk: int, **changes: object) -> QuoteData:
    lines = [
        SalesLineData(
            description="Eichenbrett 2 m", quantity=D("10"), unit_price=D("24.90"), tax_code="de-standard-19"
        ),
        SalesLineData(
            description="Montage",
            quantity=D("4.5"),
            unit_code="HUR",
            unit_price=D("65"),
            discount_percent=D("10"),
            tax_code="de-standard-19",
            revenue_account="8400",
        ),
    ]
    return QuoteData(**{"customer": customer_pk, "lines": lines, "valid_until": datetime.date(2031, 3, 31), **changes})


def quote_in(status: str, customer_pk: int | None = None) -> Quote:
    """A quote brought to `status` the way users do, through the services."""
    quote = services.quote_create(data=_data(customer_pk or PartyFactory().pk))
    if status == QuoteStatus.DRAFT:
        return quote
    quote = services.quote_send(quote=quote, sent_on=SENT_ON)
    if status == QuoteStatus.ACCEPTED:
        return services.quote_accept(quote=quote, accepted_on=SENT_ON)
    if status == QuoteStatus.DECLINED:
        return services.quote_decline(quote=quote)
    if status == QuoteStatus.EXPIRED:
        services.quotes_expire(on=datetime.date(2031, 4, 1))
        quote.refresh_from_db()
    return quote


def _snapshot(quote: Quote) -> tuple:
    quote = Quote.objects.get(pk=quote.pk)
    return quote.status, quote.number, quote.issue_date, list(quote.lines.values_list("quantity", flat=True))


def test_a_quote_is_a_draft_with_its_lines_and_engine_totals(in_alpha):
    quote = services.quote_create(data=_data(PartyFactory().pk))

    assert (quote.status, quote.number, quote.currency) == (QuoteStatus.DRAFT, "", "EUR")
    lines = list(quote.lines.all())
    assert [(line.position, line.quantity, line.unit_code) for line in lines] == [
        (1, D("10"), "C62"),
        (2, D("4.5"), "HUR"),
    ]
    assert lines[1].revenue_account.code == "8400"
    totals = sales_document_totals(currency=quote.currency, lines=lines)
    # 10 × 24.90 = 249.00; 4.5 × 65 = 292.50 less 10 % = 263.25; 19 % of 512.25 = 97.33
    assert (totals.total_without_tax, totals.tax_total, totals.total_with_tax) == (D("512.25"), D("97.33"), D("609.58"))


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"customer": 0}, "customer"),
        ({"lines": []}, "lines"),
        ({"line": {"quantity": D("0")}}, "lines.1.quantity"),
        ({"line": {"tax_code": "nope"}}, "lines.1.tax_code"),
        ({"line": {"product": 999_999}}, "lines.1.product"),
        ({"line": {"revenue_account": "1200"}}, "lines.1.revenue_account"),
    ],
)
def test_bad_quote_input_is_refused_naming_the_field(in_alpha, change, field):
    data = _data(PartyFactory().pk)
    if "line" in change:
        second = SalesLineData(**{**data.lines[1].__dict__, **change.pop("line")})
        change["lines"] = [data.lines[0], second]
    with pytest.raises(ApplicationError) as refused:
        services.quote_create(data=QuoteData(**{**data.__dict__, **change}))

    assert (refused.value.field, refused.value.status) == (field, 400)
    assert not Quote.objects.exists()


def test_sending_numbers_quotes_gaplessly_per_year(in_alpha):
    first = quote_in(QuoteStatus.SENT)
    second = quote_in(QuoteStatus.SENT)
    next_year = services.quote_send(
        quote=services.quote_create(data=_data(PartyFactory().pk, valid_until=datetime.date(2032, 2, 1))),
        sent_on=datetime.date(2032, 1, 5),
    )

    assert (first.status, first.issue_date) == (QuoteStatus.SENT, SENT_ON)
    assert [first.number, second.number, next_year.number] == ["AN-2031-0001", "AN-2031-0002", "AN-2032-0001"]


QUOTE_ACTIONS = {
    "send": lambda quote: services.quote_send(quote=quote, sent_on=SENT_ON),
    "accept": lambda quote: services.quote_accept(quote=quote, accepted_on=SENT_ON),
    "decline": lambda quote: services.quote_decline(quote=quote),
    "update": lambda quote: services.quote_update(quote=quote, data=_data(quote.customer_id)),
    "order": lambda quote: services.order_create_from_quote(quote=quote),
}
ALLOWED = {
    "send": {QuoteStatus.DRAFT},
    "accept": {QuoteStatus.SENT},
    "decline": {QuoteStatus.SENT},
    "update": {QuoteStatus.DRAFT},
    "order": {QuoteStatus.ACCEPTED},
}


@pytest.mark.parametrize("status", QuoteStatus.values)
@pytest.mark.parametrize("action", QUOTE_ACTIONS)
def test_every_quote_transition_outside_the_state_machine_is_refused(in_alpha, status, action):
    quote = quote_in(status)
    if status in ALLOWED[action]:
        QUOTE_ACTIONS[action](quote)
        return
    before = _snapshot(quote)

    with pytest.raises(ApplicationError) as refused:
        QUOTE_ACTIONS[action](quote)

    assert (refused.value.status, refused.value.field) == (409, "status")
    assert _snapshot(quote) == before
    assert not SalesOrder.objects.exists()


def test_a_quote_converts_to_one_order_only(in_alpha):
    quote = quote_in(QuoteStatus.ACCEPTED)
    order = services.order_create_from_quote(quote=quote, order_date=datetime.date(2031, 3, 5))

    with pytest.raises(ApplicationError) as refused:
        services.order_create_from_quote(quote=quote)

    assert (refused.value.status, refused.value.code) == (409, "already_ordered")
    assert (order.number, order.status, order.customer_id) == ("AB-2031-0001", OrderStatus.OPEN, quote.customer_id)
    copied = ("position", "description", "quantity", "unit_price", "discount_percent", "revenue_account_id")
    assert [[getattr(line, name) for name in copied] for line in order.lines.all()] == [
        [getattr(line, name) for name in copied] for line in quote.lines.all()
    ]
    assert SalesOrder.objects.count() == 1


def test_a_quote_past_its_validity_cannot_be_accepted(in_alpha):
    quote = quote_in(QuoteStatus.SENT)

    with pytest.raises(ApplicationError) as refused:
        services.quote_accept(quote=quote, accepted_on=datetime.date(2031, 4, 1))

    assert (refused.value.status, refused.value.field) == (409, "valid_until")
    assert Quote.objects.get(pk=quote.pk).status == QuoteStatus.SENT


def test_the_expiry_task_expires_sent_quotes_past_validity_once(in_alpha):
    sent = quote_in(QuoteStatus.SENT)
    draft = quote_in(QuoteStatus.DRAFT)
    accepted = quote_in(QuoteStatus.ACCEPTED)

    assert quotes_expire_task(on="2031-03-31") == 0  # the last valid day
    assert quotes_expire_task(on="2031-04-01") == 1
    assert quotes_expire_task(on="2031-04-01") == 0  # a second run the same day changes nothing

    statuses = dict(Quote.objects.values_list("pk", "status"))
    assert statuses == {sent.pk: QuoteStatus.EXPIRED, draft.pk: QuoteStatus.DRAFT, accepted.pk: QuoteStatus.ACCEPTED}


def _order() -> SalesOrder:
    return services.order_create_from_quote(quote=quote_in(QuoteStatus.ACCEPTED), order_date=datetime.date(2031, 3, 5))


def _progress(order: SalesOrder) -> list[tuple[Decimal, Decimal]]:
    return [(item.delivered, item.invoiced) for item in order_progress(order=order)]


def _invoice_lines(invoice: Invoice) -> list[tuple[str, Decimal, Decimal]]:
    return list(InvoiceLine.objects.filter(invoice=invoice).values_list("description", "quantity", "unit_price"))


def test_an_order_is_delivered_and_invoiced_in_parts(in_alpha):
    order = _order()

    first = services.delivery_note_create(
        order=order, lines=[QuantityData(position=1, quantity=D("4"))], delivered_on=datetime.date(2031, 3, 10)
    )
    order.refresh_from_db()
    assert (first.number, order.status) == ("LS-2031-0001", OrderStatus.PARTLY_DELIVERED)

    second = services.delivery_note_create(
        order=order,
        lines=[QuantityData(position=1, quantity=D("2.5")), QuantityData(position=2, quantity=D("4.5"))],
        delivered_on=datetime.date(2031, 3, 12),
    )
    order.refresh_from_db()
    assert (second.number, order.status) == ("LS-2031-0002", OrderStatus.PARTLY_DELIVERED)
    assert _progress(order) == [(D("6.5"), D("0")), (D("4.5"), D("0"))]

    partial = services.invoice_create_from_order(order=order, lines=[QuantityData(position=2, quantity=D("2"))])
    assert (partial.status, partial.customer_id, partial.currency) == (InvoiceStatus.DRAFT, order.customer_id, "EUR")
    assert _invoice_lines(partial) == [("Montage", D("2"), D("65"))]
    partial_line = InvoiceLine.objects.get(invoice=partial)
    assert (partial_line.discount_percent, partial_line.revenue_account.code) == (D("10"), "8400")

    rest = services.invoice_create_from_order(order=order)  # delivered and not yet invoiced
    assert _invoice_lines(rest) == [("Eichenbrett 2 m", D("6.5"), D("24.90")), ("Montage", D("2.5"), D("65"))]
    assert _progress(order) == [(D("6.5"), D("6.5")), (D("4.5"), D("4.5"))]

    services.delivery_note_create(order=order, delivered_on=datetime.date(2031, 3, 20))  # the rest
    order.refresh_from_db()
    assert order.status == OrderStatus.DELIVERED
    assert _progress(order) == [(D("10"), D("6.5")), (D("4.5"), D("4.5"))]
    last = services.invoice_create_from_order(order=order)
    assert _invoice_lines(last) == [("Eichenbrett 2 m", D("3.5"), D("24.90"))]


def test_an_order_without_deliveries_invoices_everything_open(in_alpha):
    order = _order()

    invoice = services.invoice_create_from_order(order=order)

    assert _invoice_lines(invoice) == [("Eichenbrett 2 m", D("10"), D("24.90")), ("Montage", D("4.5"), D("65"))]
    with pytest.raises(ApplicationError) as refused:
        services.invoice_create_from_order(order=order)
    assert (refused.value.field, refused.value.code) == ("lines", "nothing_open")


def test_over_delivery_is_refused_naming_the_line(in_alpha):
    order = _order()
    services.delivery_note_create(order=order, lines=[QuantityData(position=2, quantity=D("4"))])

    with pytest.raises(ApplicationError) as refused:
        services.delivery_note_create(
            order=order,
            lines=[QuantityData(position=1, quantity=D("1")), QuantityData(position=2, quantity=D("0.5001"))],
        )

    assert (refused.value.status, refused.value.field, refused.value.code) == (400, "lines.1.quantity", "exceeds_open")
    assert DeliveryNote.objects.count() == 1
    assert _progress(order) == [(D("0"), D("0")), (D("4"), D("0"))]


@pytest.mark.parametrize(
    ("wanted", "field"),
    [
        ([QuantityData(position=3, quantity=D("1"))], "lines.0.position"),
        ([QuantityData(position=1, quantity=D("1")), QuantityData(position=1, quantity=D("1"))], "lines.1.position"),
        ([QuantityData(position=1, quantity=D("0"))], "lines.0.quantity"),
        ([QuantityData(position=1, quantity=D("-1"))], "lines.0.quantity"),
    ],
)
def test_bad_delivery_lines_are_refused(in_alpha, wanted, field):
    order = _order()

    with pytest.raises(ApplicationError) as refused:
        services.delivery_note_create(order=order, lines=wanted)

    assert refused.value.field == field
    assert not DeliveryNote.objects.exists()


def test_over_invoicing_is_refused_and_drafts_count(in_alpha):
    order = _order()
    services.invoice_create_from_order(order=order, lines=[QuantityData(position=1, quantity=D("7"))])

    with pytest.raises(ApplicationError) as refused:
        services.invoice_create_from_order(order=order, lines=[QuantityData(position=1, quantity=D("3.0001"))])

    assert (refused.value.status, refused.value.field) == (400, "lines.0.quantity")
    assert Invoice.objects.count() == 1


def test_an_invoice_cancelled_by_a_full_credit_note_frees_its_quantities(in_alpha):
    order = _order()
    invoice = invoice_issue(invoice=services.invoice_create_from_order(order=order), issue_date=SENT_ON)
    invoice_issue(invoice=credit_note_create(invoice=invoice), issue_date=SENT_ON)
    assert Invoice.objects.get(pk=invoice.pk).status == InvoiceStatus.CANCELLED

    again = services.invoice_create_from_order(order=order, lines=[QuantityData(position=1, quantity=D("10"))])

    assert _invoice_lines(again) == [("Eichenbrett 2 m", D("10"), D("24.90"))]


def test_only_an_untouched_order_can_be_cancelled(in_alpha):
    untouched, delivered, invoiced = _order(), _order(), _order()
    services.delivery_note_create(order=delivered, lines=[QuantityData(position=1, quantity=D("1"))])
    services.invoice_create_from_order(order=invoiced, lines=[QuantityData(position=1, quantity=D("1"))])

    assert services.order_cancel(order=untouched).status == OrderStatus.CANCELLED
    for order in (delivered, invoiced):
        with pytest.raises(ApplicationError) as refused:
            services.order_cancel(order=order)
        assert (refused.value.status, refused.value.field) == (409, "status")
    assert SalesOrder.objects.get(pk=delivered.pk).status == OrderStatus.PARTLY_DELIVERED
    assert SalesOrder.objects.get(pk=invoiced.pk).status == OrderStatus.OPEN


@pytest.mark.parametrize(
    "action",
    [
        lambda order: services.order_cancel(order=order),
        lambda order: services.delivery_note_create(order=order),
        lambda order: services.invoice_create_from_order(order=order),
    ],
)
def test_a_cancelled_order_refuses_everything(in_alpha, action):
    order = services.order_cancel(order=_order())

    with pytest.raises(ApplicationError) as refused:
        action(order)

    assert (refused.value.status, refused.value.field) == (409, "status")
    assert not DeliveryNote.objects.exists() and not Invoice.objects.exists()
