"""`make run`'s demo data: a quote in every state and an order partly delivered and partly invoiced."""

from decimal import Decimal

import pytest

from apps.invoicing.demo import invoicing_demo_seed
from apps.sales.demo import sales_demo_seed
from apps.sales.models import OrderStatus, Quote, SalesOrder
from apps.sales.selectors import order_progress

pytestmark = pytest.mark.django_db


def test_the_demo_seeds_every_quote_state_and_a_half_done_order(in_alpha):
    invoicing_demo_seed(in_alpha)
    sales_demo_seed(in_alpha)

    assert sorted(Quote.objects.values_list("status", flat=True)) == [
        "accepted",
        "declined",
        "draft",
        "expired",
        "sent",
    ]
    order = SalesOrder.objects.get()
    assert order.status == OrderStatus.PARTLY_DELIVERED
    progress = order_progress(order=order)
    assert (progress[0].delivered, progress[0].invoiced) == (Decimal("1"), Decimal("1"))
    assert any(item.uninvoiced for item in progress)
