"""The accountant records e-NCF ranges and uploads the certificate in the admin, warned before expiry."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from django_tenants.utils import tenant_context

from apps.einvoicing.models import EcfCertificate, EncfRange
from apps.einvoicing.tests.factories import EcfCertificateFactory, EncfRangeFactory, p12_make
from apps.einvoicing.tests.test_ecf import in_do  # noqa: F401 - fixture
from apps.ledger.tests.test_dgii_reports import RNC, tenant_c  # noqa: F401 - fixture
from apps.tenants.models import Role, Tenant
from apps.tenants.services import membership_grant
from apps.tenants.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
RANGES = "/admin/einvoicing/encfrange/"
CERTIFICATES = "/admin/einvoicing/ecfcertificate/"


@pytest.fixture
def accountant(in_do: Tenant, login_as) -> Client:  # type: ignore[no-untyped-def]  # noqa: F811
    user = UserFactory()
    membership_grant(tenant=in_do, user=user, role=Role.ACCOUNTANT)
    return login_as(in_do, user)


def test_the_range_list_warns_before_expiry_and_when_exhausted(in_do: Tenant, accountant: Client) -> None:  # noqa: F811
    today = timezone.localdate()
    EncfRangeFactory(ecf_type=31, expires_on=today + datetime.timedelta(days=10))
    EncfRangeFactory(
        ecf_type=32, first_number=1, last_number=5, next_number=6, expires_on=today.replace(year=today.year + 1)
    )
    EncfRangeFactory(ecf_type=34, expires_on=today + datetime.timedelta(days=200))

    page = accountant.get(RANGES)

    assert page.status_code == 200
    text = page.content.decode()
    assert "⚠ expires in 10 days" in text
    assert text.count("⚠ exhausted") == 1
    assert text.count("⚠") == 2


def test_an_overlapping_range_is_shown_on_its_field_and_not_saved(in_do: Tenant, accountant: Client) -> None:  # noqa: F811
    EncfRangeFactory(ecf_type=31, first_number=1, last_number=100)
    form = {"ecf_type": 31, "first_number": 50, "last_number": 150, "expires_on": "2031-12-31"}

    refused = accountant.post(f"{RANGES}add/", form)
    accepted = accountant.post(f"{RANGES}add/", {**form, "first_number": 101})

    assert refused.status_code == 200
    assert "These numbers overlap the range" in refused.content.decode()
    assert accepted.status_code == 302
    with tenant_context(in_do):
        assert list(EncfRange.objects.values_list("first_number", "next_number")) == [(1, 1), (101, 101)]


def test_a_certificate_is_uploaded_through_the_service(in_do: Tenant, accountant: Client) -> None:  # noqa: F811
    def upload(rnc: str) -> object:
        file = SimpleUploadedFile("firma.p12", p12_make(rnc=rnc), content_type="application/x-pkcs12")
        return accountant.post(f"{CERTIFICATES}add/", {"p12": file, "password": "clave-de-prueba"})

    form = accountant.get(f"{CERTIFICATES}add/")
    refused = upload("101014334")
    accepted = upload(RNC)

    assert form.status_code == 200
    assert 'type="password"' in form.content.decode()
    assert refused.status_code == 200  # type: ignore[attr-defined]
    assert "belongs to RNC 101014334" in refused.content.decode()  # type: ignore[attr-defined]
    assert accepted.status_code == 302  # type: ignore[attr-defined]
    with tenant_context(in_do):
        assert list(EcfCertificate.objects.values_list("subject_rnc", flat=True)) == [RNC]
        stored = EcfCertificate.objects.get()
    detail = accountant.get(f"{CERTIFICATES}{stored.pk}/change/")
    assert detail.status_code == 200
    assert "CERTIFICADO DE PRUEBA" in detail.content.decode()


def test_the_certificate_list_warns_before_expiry(in_do: Tenant, accountant: Client) -> None:  # noqa: F811
    EcfCertificateFactory(valid_to=timezone.now() + datetime.timedelta(days=20, hours=1))

    page = accountant.get(CERTIFICATES)

    assert page.status_code == 200
    assert "⚠ expires in 20 days" in page.content.decode()
