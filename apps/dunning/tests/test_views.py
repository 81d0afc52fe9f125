"""The /dunning/ page: overdue invoices with their levels, run now, a stop per customer, letters."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from apps.dunning.models import DunningNotice, DunningStop
from apps.parties.tests.factories import PartyFactory
from apps.tenants.models import Role
from apps.tenants.services import membership_grant
from apps.tenants.tests.factories import UserFactory

from .conftest import issued_invoice

pytestmark = pytest.mark.django_db


@pytest.fixture
def late(tenant_a):  # type: ignore[no-untyped-def]
    """An invoice 10 days overdue today: the reminder is due, the 1st notice in 11 days."""
    with tenant_context(tenant_a):
        customer = PartyFactory(legal_name="Hotel Sonnenhof GmbH")
        return issued_invoice(customer, issued=timezone.localdate() - datetime.timedelta(days=24))


def test_the_page_lists_overdue_invoices_and_runs_now(browser, tenant_a, late):
    page = browser.get("/dunning/")

    assert page.status_code == 200
    body = page.content.decode()
    assert late.number in body and "Hotel Sonnenhof GmbH" in body
    assert "Payment reminder" in body and "No notices yet." in body

    ran = browser.post("/dunning/run/", follow=True)

    assert ran.status_code == 200
    assert "1 notice(s) created." in ran.content.decode()
    with tenant_context(tenant_a):
        notice = DunningNotice.objects.get(invoice=late)
    assert f"/dunning/notices/{notice.pk}/pdf/" in ran.content.decode()
    letter = browser.get(f"/dunning/notices/{notice.pk}/pdf/")
    assert (letter.status_code, letter.content[:5]) == (200, b"%PDF-")
    assert letter["Content-Disposition"] == f'inline; filename="{late.number}-1.pdf"'


def test_the_stop_button_stops_and_resumes_a_customer(browser, tenant_a, late):
    page = browser.get("/dunning/").content.decode()
    assert f'action="/dunning/customers/{late.customer_id}/stop/"' in page and 'name="stopped" value="1"' in page

    stopped = browser.post(
        f"/dunning/customers/{late.customer_id}/stop/", {"stopped": "1", "reason": "Reklamation"}, follow=True
    )

    assert stopped.status_code == 200
    assert "Dunning stopped for Hotel Sonnenhof GmbH." in stopped.content.decode()
    browser.post("/dunning/run/")
    with tenant_context(tenant_a):
        assert DunningStop.objects.get(party_id=late.customer_id).reason == "Reklamation"
        assert not DunningNotice.objects.exists()

    assert 'name="stopped" value="0"' in stopped.content.decode()  # the page now offers to resume
    resumed = browser.post(f"/dunning/customers/{late.customer_id}/stop/", {"stopped": "0"}, follow=True)
    assert "Dunning resumed for Hotel Sonnenhof GmbH." in resumed.content.decode()
    browser.post(f"/dunning/invoices/{late.pk}/notice/")
    with tenant_context(tenant_a):
        assert DunningNotice.objects.get(invoice=late).level.level == 1


def test_a_viewer_sees_the_page_without_buttons_and_cannot_run(tenant_a, login_as, late):
    viewer = UserFactory()
    membership_grant(tenant=tenant_a, user=viewer, role=Role.VIEWER)
    browser = login_as(tenant_a, viewer)

    page = browser.get("/dunning/")

    assert page.status_code == 200 and late.number in page.content.decode()
    assert "Run dunning now" not in page.content.decode()
    assert browser.post("/dunning/run/").status_code == 403
    with tenant_context(tenant_a):
        assert not DunningNotice.objects.exists()


def test_a_stop_until_a_day_and_a_wrong_date(browser, tenant_a, late):
    url = f"/dunning/customers/{late.customer_id}/stop/"
    wrong = browser.post(url, {"stopped": "1", "until": "31.12.2031"}, follow=True)

    assert "Enter the date as YYYY-MM-DD." in wrong.content.decode()
    with tenant_context(tenant_a):
        assert not DunningStop.objects.exists()
    until = browser.post(url, {"stopped": "1", "until": "2031-12-31"})
    assert until.status_code == 302
    with tenant_context(tenant_a):
        assert DunningStop.objects.get(party_id=late.customer_id).until == datetime.date(2031, 12, 31)
