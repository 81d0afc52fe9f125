"""`/api/v1/invoices/<id>/einvoice/<format>/` and `.../validate/` through HTTP, with the real generators."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from django_tenants.utils import tenant_context
from lxml import etree

from apps.invoicing.models import Invoice, InvoicingSettings
from apps.invoicing.services import DraftData, LineData, invoice_create
from apps.tenants.models import Role, Tenant, User
from apps.tenants.services import membership_grant
from apps.tenants.tests.factories import UserFactory

from .cases import case_belgian_rates, case_intra_community, case_standard_mixed_rates, customer_create
from .test_ecf import _customer, _issue, certificate, in_do, ranges, tenant_c  # noqa: F401 - the Dominican fixtures

pytestmark = pytest.mark.django_db


@pytest.fixture
def german_invoice(tenant_a) -> Invoice:  # type: ignore[no-untyped-def]
    """Goods to an Austrian business (K): a German company's invoice every EU format can carry."""
    with tenant_context(tenant_a):
        return case_intra_community()


@pytest.fixture
def domestic_invoice(tenant_a, owner_a) -> Invoice:  # type: ignore[no-untyped-def]
    """Between two German parties: the owner is the seller contact (BT-41), the settings name no phone yet."""
    owner_a.full_name = "Anna Albrecht"
    owner_a.save(update_fields=["full_name"])
    with tenant_context(tenant_a):
        return case_standard_mixed_rates()


def _download_and_validate(client: Any, pk: int, key: str) -> tuple[Any, Any]:
    """Both endpoints of one invoice and format: what refuses one must refuse the other the same way."""
    return client.get(f"/api/v1/invoices/{pk}/einvoice/{key}/"), client.post(
        f"/api/v1/invoices/{pk}/einvoice/{key}/validate/"
    )


def test_an_issued_invoice_downloads_as_peppol_ubl(tenant_a, owner_a, token_for, german_invoice):  # type: ignore[no-untyped-def]
    response = token_for(tenant_a, owner_a).get(f"/api/v1/invoices/{german_invoice.pk}/einvoice/peppol/")

    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/xml"
    assert response["Content-Disposition"] == f'attachment; filename="{german_invoice.number}.xml"'
    document = etree.fromstring(response.content)
    assert document.tag == "{urn:oasis:names:specification:ubl:schema:xsd:Invoice-2}Invoice"
    assert document.findtext("{*}ID") == german_invoice.number


def test_factur_x_downloads_as_a_pdf(tenant_a, owner_a, token_for, german_invoice):  # type: ignore[no-untyped-def]
    response = token_for(tenant_a, owner_a).get(f"/api/v1/invoices/{german_invoice.pk}/einvoice/facturx/")

    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{german_invoice.number}.pdf"'
    assert response.content.startswith(b"%PDF-")


@pytest.mark.parametrize(
    ("slug", "build", "key", "profile"),
    [
        ("alpha", case_intra_community, "peppol", "peppol"),
        ("alpha", case_intra_community, "facturx", "en16931"),
        ("beta", case_belgian_rates, "peppol", "peppol"),
        ("beta", case_belgian_rates, "facturx", "en16931"),
    ],
)
def test_validate_runs_the_official_rules_on_the_document_a_download_gives(token_for, slug, build, key, profile):  # type: ignore[no-untyped-def]
    tenant = Tenant.objects.get(slug=slug)
    with tenant_context(tenant):
        invoice = build()
    owner = User.objects.get(email=f"owner@{slug}.test")

    response = token_for(tenant, owner).post(f"/api/v1/invoices/{invoice.pk}/einvoice/{key}/validate/")

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["profile"] == profile
    assert [finding for finding in body["findings"] if finding["flag"] in ("fatal", "error")] == []
    assert body["valid"] is True
    for finding in body["findings"]:
        assert set(finding) == {"rule_id", "flag", "location", "text", "layer", "field", "field_label"}


def test_validate_refuses_a_bad_option_naming_it(tenant_a, owner_a, token_for, german_invoice):  # type: ignore[no-untyped-def]
    path = f"/api/v1/invoices/{german_invoice.pk}/einvoice/peppol/validate/"

    response = token_for(tenant_a, owner_a).post(path, {"errors_only": "sometimes"}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "errors_only"


@pytest.mark.parametrize("key", ["peppol", "xrechnung-ubl", "xrechnung-cii"])
def test_a_document_the_generator_cannot_express_is_refused_naming_the_field(
    tenant_a, owner_a, token_for, domestic_invoice, key
):  # type: ignore[no-untyped-def]
    """German buyers' rules (DE-R-006, BR-DE-6) need the seller's phone, which the settings do not name yet."""
    client = token_for(tenant_a, owner_a)

    for response in _download_and_validate(client, domestic_invoice.pk, key):
        assert response.status_code == 400
        assert response.json()["errors"][0]["field"] == "seller_contact.phone"


@pytest.mark.parametrize(
    ("key", "profile"), [("peppol", "peppol"), ("xrechnung-ubl", "xrechnung"), ("xrechnung-cii", "xrechnung")]
)
def test_with_the_contact_in_the_settings_a_german_invoice_is_valid_in_every_german_format(
    tenant_a, owner_a, token_for, domestic_invoice, key, profile
):  # type: ignore[no-untyped-def]
    with tenant_context(tenant_a):
        InvoicingSettings.objects.filter(pk=1).update(
            contact_name="Anna Albrecht", contact_phone="+49 221 123456", contact_email="rechnung@alpha.test"
        )

    response = token_for(tenant_a, owner_a).post(f"/api/v1/invoices/{domestic_invoice.pk}/einvoice/{key}/validate/")

    assert response.status_code == 200, response.content
    assert [finding for finding in response.json()["findings"] if finding["flag"] in ("fatal", "error")] == []
    assert (response.json()["valid"], response.json()["profile"]) == (True, profile)


def test_a_belgian_invoice_has_no_xrechnung(tenant_b, owner_b, token_for):  # type: ignore[no-untyped-def]
    with tenant_context(tenant_b):
        invoice = case_belgian_rates()

    refused = token_for(tenant_b, owner_b).get(f"/api/v1/invoices/{invoice.pk}/einvoice/xrechnung-ubl/")

    assert refused.status_code == 400
    assert refused.json()["errors"][0]["code"] == "format_not_applicable"
    assert refused.json()["errors"][0]["field"] == "format"


def test_an_unknown_format_is_404_naming_the_field(tenant_a, owner_a, token_for, german_invoice):  # type: ignore[no-untyped-def]
    client = token_for(tenant_a, owner_a)

    for response in _download_and_validate(client, german_invoice.pk, "edifact"):
        assert response.status_code == 404
        assert response.json()["errors"][0]["field"] == "format"


def test_e_cf_is_only_for_dominican_companies(tenant_a, owner_a, token_for, german_invoice):  # type: ignore[no-untyped-def]
    response = token_for(tenant_a, owner_a).get(f"/api/v1/invoices/{german_invoice.pk}/einvoice/ecf/")

    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "format_not_applicable"


def test_a_draft_is_refused_naming_the_status_and_stays_a_draft(tenant_a, owner_a, token_for):  # type: ignore[no-untyped-def]
    with tenant_context(tenant_a):
        customer = customer_create(name="Müller Haustechnik GmbH", country="DE", tax_id="DE811569869")
        line = LineData(
            description="Montage", quantity=Decimal("1"), unit_price=Decimal("100.00"), tax_code="de-standard-19"
        )
        draft = invoice_create(data=DraftData(customer=customer.pk, lines=[line]))
    client = token_for(tenant_a, owner_a)

    for response in _download_and_validate(client, draft.pk, "xrechnung-cii"):
        assert response.status_code == 400
        assert response.json()["errors"][0] == {
            "code": "draft",
            "message": "Issue the invoice before exporting it as an e-invoice.",
            "field": "status",
        }
    with tenant_context(tenant_a):
        draft.refresh_from_db()
        assert draft.is_draft and draft.number == ""


def test_an_unknown_invoice_is_404(tenant_a, owner_a, token_for):  # type: ignore[no-untyped-def]
    assert token_for(tenant_a, owner_a).get("/api/v1/invoices/987654/einvoice/peppol/").status_code == 404


def test_reading_and_validating_need_the_invoicing_view_right(tenant_a, token_for, german_invoice):  # type: ignore[no-untyped-def]
    viewer, outsider = UserFactory(), UserFactory()
    membership_grant(tenant=tenant_a, user=viewer, role=Role.VIEWER)
    membership_grant(tenant=tenant_a, user=outsider, role=Role.MEMBER, module_rights={"invoicing": set()})
    path = f"/api/v1/invoices/{german_invoice.pk}/einvoice/peppol/"

    assert token_for(tenant_a, viewer).get(path).status_code == 200
    assert token_for(tenant_a, viewer).post(f"{path}validate/").status_code == 200
    assert token_for(tenant_a, outsider).get(path).status_code == 403
    assert token_for(tenant_a, outsider).post(f"{path}validate/").status_code == 403


def test_the_endpoints_are_in_the_openapi_schema(tenant_a, api_client):  # type: ignore[no-untyped-def]
    response = api_client(tenant_a).get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")

    paths = json.loads(response.content)["paths"]
    download = paths["/api/v1/invoices/{id}/einvoice/{einvoice_format}/"]["get"]
    validate = paths["/api/v1/invoices/{id}/einvoice/{einvoice_format}/validate/"]["post"]
    assert set(download["responses"]["200"]["content"]) == {"application/xml", "application/pdf"}
    format_parameter = next(p for p in validate["parameters"] if p["name"] == "einvoice_format")
    assert sorted(format_parameter["schema"]["enum"]) == ["ecf", "facturx", "peppol", "xrechnung-cii", "xrechnung-ubl"]
    assert "200" in validate["responses"]


def test_a_dominican_invoice_downloads_and_validates_as_a_signed_e_cf(
    in_do,  # noqa: F811 - fixtures of test_ecf
    ranges,  # noqa: F811
    certificate,  # noqa: F811
    token_for,
):  # type: ignore[no-untyped-def]
    invoice = _issue(_customer())
    client = token_for(in_do, User.objects.get(email="owner@caribe.test"))

    download = client.get(f"/api/v1/invoices/{invoice.pk}/einvoice/ecf/")
    validated = client.post(f"/api/v1/invoices/{invoice.pk}/einvoice/ecf/validate/")
    peppol = client.get(f"/api/v1/invoices/{invoice.pk}/einvoice/peppol/")

    assert download.status_code == 200, download.content
    assert download["Content-Disposition"] == 'attachment; filename="E310000000001.xml"'
    document = etree.fromstring(download.content)
    assert (document.tag, document.findtext("Encabezado/IdDoc/eNCF")) == ("ECF", "E310000000001")
    assert document[-1].tag == "{http://www.w3.org/2000/09/xmldsig#}Signature"
    assert validated.json() == {"valid": True, "profile": "ecf", "findings": []}
    assert peppol.status_code == 400
    assert peppol.json()["errors"][0]["code"] == "format_not_applicable"
