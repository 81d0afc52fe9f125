"""The invoicing settings page: bank details and the e-invoice contact, checked by the service."""

import pytest
from django_tenants.utils import tenant_context

from apps.invoicing.models import InvoicingSettings
from apps.tenants.models import Role
from apps.tenants.services import membership_grant
from apps.tenants.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

VALID = {
    "iban": "de89 3704 0044 0532 0130 00",
    "bic": "COBADEFFXXX",
    "bank_name": "Commerzbank",
    "footer": "Alpha Bau GmbH · HRB 1234",
    "credit_note_series": "rk",
    "contact_name": "Petra Alpha",
    "contact_phone": "+49 221 123456",
    "contact_email": "rechnung@alpha.example",
    "peppol_id": "0204:991-12345-67",
}


def test_an_owner_saves_bank_details_and_the_e_invoice_contact(tenant_a, owner_a, login_as):
    client = login_as(tenant_a, owner_a)
    assert "Peppol" in client.get("/invoices/settings/").content.decode()

    response = client.post("/invoices/settings/", VALID)

    assert response.status_code == 302
    with tenant_context(tenant_a):
        saved = InvoicingSettings.objects.get(pk=1)
    assert (saved.iban, saved.credit_note_series, saved.peppol_id) == (
        "DE89370400440532013000",
        "RK",
        "0204:991-12345-67",
    )
    assert (saved.contact_name, saved.contact_phone, saved.contact_email) == (
        "Petra Alpha",
        "+49 221 123456",
        "rechnung@alpha.example",
    )


@pytest.mark.parametrize(("field", "value"), [("iban", "DE00 1234"), ("peppol_id", "alpha"), ("bic", "NOPE")])
def test_a_wrong_identifier_is_shown_beside_its_field_and_nothing_is_saved(tenant_a, owner_a, login_as, field, value):
    client = login_as(tenant_a, owner_a)
    with tenant_context(tenant_a):
        before = list(InvoicingSettings.objects.values())

    response = client.post("/invoices/settings/", {**VALID, field: value})

    assert response.status_code == 400
    assert response.context["form"].errors[field]
    with tenant_context(tenant_a):
        assert list(InvoicingSettings.objects.values()) == before


def test_a_viewer_cannot_change_the_settings(tenant_a, login_as):
    viewer = UserFactory()
    membership_grant(tenant=tenant_a, user=viewer, role=Role.VIEWER)
    client = login_as(tenant_a, viewer)

    assert client.get("/invoices/settings/").status_code == 403
    assert client.post("/invoices/settings/", VALID).status_code == 403
