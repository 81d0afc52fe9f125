"""The "E-invoice" card of the invoice page: formats, downloads, and the validators' findings."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django_tenants.utils import tenant_context

from apps.einvoicing.findings import finding_groups
from apps.einvoicing.formats import FORMATS
from apps.einvoicing.validation import einvoice_validate
from apps.invoicing.models import Invoice
from apps.invoicing.services import DraftData, LineData, invoice_create
from apps.tenants.models import Role
from apps.tenants.services import membership_grant
from apps.tenants.tests.factories import UserFactory

from .cases import case_intra_community, case_standard_mixed_rates, customer_create

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def issued(tenant_a) -> Invoice:  # type: ignore[no-untyped-def]
    with tenant_context(tenant_a):
        return case_intra_community()


@pytest.fixture
def draft(tenant_a) -> Invoice:  # type: ignore[no-untyped-def]
    with tenant_context(tenant_a):
        customer = customer_create(name="Müller Haustechnik GmbH", country="DE", tax_id="DE811569869")
        line = LineData(
            description="Montage", quantity=Decimal("1"), unit_price=Decimal("80.00"), tax_code="de-standard-19"
        )
        return invoice_create(data=DraftData(customer=customer.pk, lines=[line]))


def test_the_invoice_page_loads_the_card_for_an_issued_invoice_only(browser, issued, draft):  # type: ignore[no-untyped-def]
    page = browser.get(f"/invoices/{issued.pk}/").content.decode()
    draft_page = browser.get(f"/invoices/{draft.pk}/").content.decode()

    assert f'hx-get="/invoices/{issued.pk}/einvoice/"' in page
    assert 'id="einvoice-card"' not in draft_page


def test_the_card_lists_the_formats_of_a_german_company_with_downloads(browser, issued):  # type: ignore[no-untyped-def]
    response = browser.get(f"/invoices/{issued.pk}/einvoice/", **HTMX)

    assert response.status_code == 200
    card = response.content.decode()
    assert "<html" not in card
    for key in ("peppol", "xrechnung-ubl", "xrechnung-cii", "facturx"):
        assert f'href="/api/v1/invoices/{issued.pk}/einvoice/{key}/"' in card
        assert f'hx-post="/invoices/{issued.pk}/einvoice/{key}/validate/"' in card
    assert "e-CF" not in card
    assert "XRechnung 3.0 (CII)" in card


def test_without_htmx_the_card_is_a_page_of_its_own(browser, issued):  # type: ignore[no-untyped-def]
    response = browser.get(f"/invoices/{issued.pk}/einvoice/")

    assert response.status_code == 200
    assert "<html" in response.content.decode()
    assert f'href="/invoices/{issued.pk}/"' in response.content.decode()


def test_a_draft_has_no_formats_yet(browser, draft):  # type: ignore[no-untyped-def]
    card = browser.get(f"/invoices/{draft.pk}/einvoice/", **HTMX).content.decode()

    assert "E-invoices are available once the invoice is issued." in card
    assert "/validate/" not in card


def test_validate_shows_the_verdict_in_the_card(browser, issued):  # type: ignore[no-untyped-def]
    response = browser.post(f"/invoices/{issued.pk}/einvoice/peppol/validate/", **HTMX)

    assert response.status_code == 200
    card = response.content.decode()
    assert "<h3>Peppol BIS Billing 3.0 (UBL)</h3>" in card
    assert "Valid: the official peppol rules report no error." in card
    assert "rules failed" not in card


def test_validate_without_htmx_answers_with_a_page(browser, issued):  # type: ignore[no-untyped-def]
    response = browser.post(f"/invoices/{issued.pk}/einvoice/peppol/validate/")

    assert response.status_code == 200
    assert "<html" in response.content.decode()
    assert "Valid: the official peppol rules report no error." in response.content.decode()


def test_validate_shows_why_the_generator_refused(browser, tenant_a):  # type: ignore[no-untyped-def]
    with tenant_context(tenant_a):
        domestic = case_standard_mixed_rates()

    card = browser.post(f"/invoices/{domestic.pk}/einvoice/xrechnung-ubl/validate/", **HTMX).content.decode()

    assert '<p class="error">' in card
    assert "(seller_contact.name)</p>" in card


def test_the_card_shows_each_failed_rule_with_its_id_and_text(issued) -> None:  # type: ignore[no-untyped-def]
    """What the card shows for a failing document: the kit's broken sample, validated for real."""
    sample = (
        Path(settings.EINVOICE_RULES_DIR)
        / "negative"
        / "peppol__BR-CO-14_BR-CO-15__vat-total-not-sum-of-categories.xml"
    )
    result = einvoice_validate(sample.read_bytes(), profile="peppol")

    card = render_to_string(
        "einvoicing/partials/card.html",
        {
            "invoice": issued,
            "formats": [],
            "checked": FORMATS["peppol"],
            "result": result,
            "finding_groups": finding_groups(invoice=issued, findings=result.findings),
        },
    )

    assert "2 rules failed:" in card
    assert "<code>BR-CO-14</code>" in card
    assert "<code>BR-CO-15</code>" in card
    assert "[BR-CO-14]-Invoice total VAT amount (BT-110) = Σ VAT category tax amount (BT-117)." in card


def test_an_unknown_format_is_404(browser, issued):  # type: ignore[no-untyped-def]
    assert browser.post(f"/invoices/{issued.pk}/einvoice/edifact/validate/", **HTMX).status_code == 404


def test_members_without_the_invoicing_right_are_refused(tenant_a, login_as, issued):  # type: ignore[no-untyped-def]
    user = UserFactory()
    membership_grant(tenant=tenant_a, user=user, role=Role.MEMBER, module_rights={"invoicing": set()})
    client = login_as(tenant_a, user)

    assert client.get(f"/invoices/{issued.pk}/einvoice/").status_code == 403
    assert client.post(f"/invoices/{issued.pk}/einvoice/peppol/validate/").status_code == 403
