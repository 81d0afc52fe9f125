"""Owners set up e-CF on the web: e-NCF ranges and the certificate, refusals on their field, warnings in time."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from django.utils.html import escape
from django_tenants.utils import tenant_context

from apps.einvoicing.ecf.signing import secret_decrypt
from apps.einvoicing.models import EcfCertificate, EncfRange
from apps.einvoicing.tests.factories import EcfCertificateFactory, EncfRangeFactory, p12_make
from apps.einvoicing.tests.test_ecf import in_do  # noqa: F401 - fixture
from apps.ledger.tests.test_dgii_reports import RNC, owner_c, tenant_c  # noqa: F401 - fixtures
from apps.tenants.models import Role, Tenant, User
from apps.tenants.services import membership_grant
from apps.tenants.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PAGE = "/invoices/settings/e-cf/"
RANGES = f"{PAGE}ranges/"
CERTIFICATES = f"{PAGE}certificates/"
PASSWORD = "clave-de-prueba"


@pytest.fixture
def owner(in_do: Tenant, owner_c: User, login_as) -> Client:  # type: ignore[no-untyped-def]  # noqa: F811
    return login_as(in_do, owner_c)


def _upload(client: Client, p12: bytes, password: str = PASSWORD) -> object:
    file = SimpleUploadedFile("firma.p12", p12, content_type="application/x-pkcs12")
    return client.post(CERTIFICATES, {"certificate": file, "password": password})


def _stored_ranges(tenant: Tenant) -> list[tuple[int, int, int, int]]:
    with tenant_context(tenant):
        return list(EncfRange.objects.values_list("ecf_type", "first_number", "last_number", "next_number"))


def test_the_page_lists_the_ranges_and_certificates_with_their_status(in_do: Tenant, owner: Client) -> None:  # noqa: F811
    EncfRangeFactory(ecf_type=31, first_number=1, last_number=1000, next_number=101)
    EncfRangeFactory(ecf_type=32, first_number=1, last_number=5, next_number=6)
    EncfRangeFactory(ecf_type=32, first_number=6, last_number=1005, next_number=950)
    EcfCertificateFactory()

    page = owner.get(PAGE)

    assert page.status_code == 200
    text = page.content.decode()
    assert "<td>31 Tax credit invoice</td><td>1–1000</td><td>101</td><td>900</td>" in text
    exhausted = '<span class="badge badge-overdue">exhausted</span>'
    running_low = '<span class="badge badge-partly_paid">running low</span> <small class="muted">56 numbers left'
    assert f"<td>32 Consumer invoice</td><td>1–5</td><td>6</td><td>0</td><td>12/31/2031</td><td>{exhausted}" in text
    assert f"<td>6–1005</td><td>950</td><td>56</td><td>12/31/2031</td><td>{running_low}" in text
    assert "<td>CERTIFICADO DE PRUEBA</td><td>131246796</td>" in text
    assert text.count('<span class="badge badge-paid">active</span>') == 2  # type 31 and the certificate
    assert "The e-NCF range E32 6–1005 has 56 numbers left: request a new range from DGII." in text
    assert text.count('class="flash flash-') == 1


def test_a_range_is_recorded(in_do: Tenant, owner: Client) -> None:  # noqa: F811
    form = {"ecf_type": 32, "first_number": 1, "last_number": 500, "expires_on": "2031-12-31"}

    response = owner.post(RANGES, form, follow=True)

    assert response.redirect_chain == [(PAGE, 302)]
    assert "The e-NCF range E32 1–500 is recorded." in response.content.decode()
    assert _stored_ranges(in_do) == [(32, 1, 500, 1)]


def test_an_overlapping_range_is_refused_on_its_field(in_do: Tenant, owner: Client) -> None:  # noqa: F811
    EncfRangeFactory(ecf_type=31, first_number=1, last_number=100)
    form = {"ecf_type": 31, "first_number": 50, "last_number": 150, "expires_on": "2031-12-31"}

    response = owner.post(RANGES, form)

    assert response.status_code == 400
    assert (
        '<small class="error" id="id_first_number-error">These numbers overlap the range E31 1–100.</small>'
        in response.content.decode()
    )
    assert _stored_ranges(in_do) == [(31, 1, 100, 1)]


def test_a_certificate_is_uploaded_and_stored_encrypted(in_do: Tenant, owner: Client) -> None:  # noqa: F811
    p12 = p12_make(rnc=RNC)

    response = _upload(owner, p12)

    assert response.status_code == 302  # type: ignore[attr-defined]
    assert response.url == PAGE  # type: ignore[attr-defined]
    with tenant_context(in_do):
        stored = EcfCertificate.objects.get()
    assert (stored.subject_rnc, stored.subject_name) == (RNC, "CERTIFICADO DE PRUEBA")
    assert bytes(stored.encrypted_p12) != p12
    assert (secret_decrypt(stored.encrypted_p12), secret_decrypt(stored.encrypted_password)) == (p12, PASSWORD.encode())
    until = timezone.localtime(stored.valid_to).date()
    page = owner.get(PAGE).content.decode()
    assert f"The e-CF certificate of CERTIFICADO DE PRUEBA is stored, valid until {until}." in page


@pytest.mark.parametrize(
    ("certificate", "password", "field", "message"),
    [
        ("expired", PASSWORD, "certificate", "The e-CF certificate is not valid on {today} (valid {start} to {end})."),
        (
            "other RNC",
            PASSWORD,
            "certificate",
            f"The e-CF certificate belongs to RNC 101014334, not to this company's RNC {RNC}.",
        ),
        ("ours", "wrong", "password", "The certificate file cannot be opened with this password."),
    ],
)
def test_an_unusable_certificate_is_refused_on_its_field(
    in_do: Tenant,  # noqa: F811
    owner: Client,
    certificate: str,
    password: str,
    field: str,
    message: str,
) -> None:
    now = timezone.now()
    start, end = now - datetime.timedelta(days=400), now - datetime.timedelta(days=35)
    p12 = {
        "expired": p12_make(rnc=RNC, not_before=start, not_after=end),
        "other RNC": p12_make(rnc="101014334"),
        "ours": p12_make(rnc=RNC),
    }[certificate]

    response = _upload(owner, p12, password)

    assert response.status_code == 400  # type: ignore[attr-defined]
    expected = escape(message.format(today=now.date(), start=start.date(), end=end.date()))
    assert f'<small class="error" id="id_{field}-error">{expected}</small>' in response.content.decode()  # type: ignore[attr-defined]
    with tenant_context(in_do):
        assert not EcfCertificate.objects.exists()


def test_an_expiring_range_and_certificate_are_warned_about(in_do: Tenant, owner: Client) -> None:  # noqa: F811
    today = timezone.localdate()
    EncfRangeFactory(ecf_type=31, first_number=1, last_number=1000, expires_on=today + datetime.timedelta(days=10))
    valid_to = timezone.now() + datetime.timedelta(days=20, hours=1)
    EcfCertificateFactory(valid_to=valid_to)

    text = owner.get(PAGE).content.decode()

    assert text.count('class="flash flash-') == 2
    assert (
        '<div class="flash flash-warning" role="status">The e-CF certificate of CERTIFICADO DE PRUEBA expires '
        f"in 20 days, on {timezone.localtime(valid_to).date()}: upload its renewal.</div>"
    ) in text
    assert (
        '<div class="flash flash-warning" role="status">The e-NCF range E31 1–1000 expires in 10 days, '
        f"on {today + datetime.timedelta(days=10)}: request a new range from DGII.</div>"
    ) in text


def test_nothing_usable_is_an_error(in_do: Tenant, owner: Client) -> None:  # noqa: F811
    EncfRangeFactory(
        ecf_type=31, first_number=1, last_number=100, expires_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    EncfRangeFactory(ecf_type=34, first_number=1, last_number=100, next_number=101)

    text = owner.get(PAGE).content.decode()

    assert text.count('class="flash flash-error"') == 3
    assert "Upload the company&#x27;s e-CF certificate: without it no e-CF can be signed." in text
    for kind in ("31 Tax credit invoice", "34 Credit note"):
        assert f"No usable e-NCF range is left for {kind} (expired or used up): request a new range from DGII." in text


def test_the_invoicing_settings_link_the_page_for_dominican_companies_only(
    owner: Client,
    browser: Client,
) -> None:
    assert f'href="{PAGE}"' in owner.get("/invoices/settings/").content.decode()
    assert f'href="{PAGE}"' not in browser.get("/invoices/settings/").content.decode()


def test_other_countries_have_no_ecf_settings(tenant_a: Tenant, browser: Client) -> None:
    form = {"ecf_type": 31, "first_number": 1, "last_number": 100, "expires_on": "2031-12-31"}

    assert browser.get(PAGE).status_code == 404
    assert browser.post(RANGES, form).status_code == 404
    assert _stored_ranges(tenant_a) == []


def test_a_member_without_the_settings_right_is_refused(in_do: Tenant, login_as) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    user = UserFactory()
    membership_grant(tenant=in_do, user=user, role=Role.MEMBER, module_rights={"invoicing": {"view"}})
    client = login_as(in_do, user)
    form = {"ecf_type": 31, "first_number": 1, "last_number": 100, "expires_on": "2031-12-31"}

    assert client.get(PAGE).status_code == 403
    assert client.post(RANGES, form).status_code == 403
    assert _upload(client, p12_make(rnc=RNC)).status_code == 403  # type: ignore[attr-defined]
    assert _stored_ranges(in_do) == []
    with tenant_context(in_do):
        assert not EcfCertificate.objects.exists()
