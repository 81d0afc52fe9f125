"""The admin saves through the services, so the company's defaults apply there too."""

from decimal import Decimal

import pytest
from django_tenants.utils import tenant_context

from apps.catalog.models import Product
from apps.tenants.models import Role
from apps.tenants.services import membership_grant
from apps.tenants.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
ADMIN = "/admin/catalog/product/"


@pytest.fixture
def admin_client(tenant_a, login_as):
    user = UserFactory()
    membership_grant(tenant=tenant_a, user=user, role=Role.ACCOUNTANT)
    return login_as(tenant_a, user)


def _form(vat19, **changes):
    return {
        "number": "A-1",
        "name": "Montage",
        "description": "",
        "kind": "service",
        "unit": "HUR",
        "unit_price": "85.00",
        "price_base_quantity": "1",
        "currency": "EUR",
        "tax_code": vat19.pk,
        "revenue_account": "",
        "expense_account": "",
        "gtin": "",
        "is_active": "on",
    } | changes


def test_add_and_change_go_through_the_services(admin_client, tenant_a, vat19, revenue):
    response = admin_client.post(f"{ADMIN}add/", _form(vat19))
    assert response.status_code == 302, response.content

    with tenant_context(tenant_a):
        product = Product.objects.get(number="A-1")
    assert (product.revenue_account_id, product.unit_price) == (revenue.pk, Decimal("85.0000"))

    response = admin_client.post(f"{ADMIN}{product.pk}/change/", _form(vat19, unit_price="90", gtin="4006381333931"))
    assert response.status_code == 302, response.content
    with tenant_context(tenant_a):
        product.refresh_from_db()
    assert (product.unit_price, product.gtin, product.revenue_account_id) == (
        Decimal("90.0000"),
        "4006381333931",
        revenue.pk,
    )


def test_a_heading_account_is_shown_on_its_field(admin_client, tenant_a, vat19, heading):
    response = admin_client.post(f"{ADMIN}add/", _form(vat19, revenue_account=heading.pk))

    assert response.status_code == 200
    assert "revenue_account" in response.context["adminform"].form.errors
    with tenant_context(tenant_a):
        assert not Product.objects.exists()


def test_deactivate_action_and_no_delete(admin_client, tenant_a, vat19):
    admin_client.post(f"{ADMIN}add/", _form(vat19))
    with tenant_context(tenant_a):
        product = Product.objects.get()

    response = admin_client.post(ADMIN, {"action": "deactivate", "_selected_action": [product.pk]})

    assert response.status_code == 302
    with tenant_context(tenant_a):
        assert Product.objects.get().is_active is False
    assert admin_client.get(f"{ADMIN}{product.pk}/delete/").status_code == 403
