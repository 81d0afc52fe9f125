"""The parties' web pages under /parties/: search, the editor with addresses and contacts, rights."""

from __future__ import annotations

from typing import Any

import pytest
from django_tenants.utils import tenant_context

from apps.ledger.tests.test_dgii_reports import owner_c, tenant_c  # noqa: F401 - the Dominican company
from apps.parties.models import Address, Contact, FiscalRegime, Party
from apps.parties.tests.factories import AddressFactory, ContactFactory, PartyFactory
from apps.tenants.models import Role
from apps.tenants.services import membership_grant
from apps.tenants.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser(tenant_a, owner_a, login_as):  # type: ignore[no-untyped-def]
    return login_as(tenant_a, owner_a)


@pytest.fixture
def mueller(tenant_a):  # type: ignore[no-untyped-def]
    with tenant_context(tenant_a):
        party = PartyFactory(legal_name="Tischlerei Müller GmbH", tax_id="DE136695976", email="info@mueller.test")
        AddressFactory(party=party, line1="Hauptstraße 5", city="Berlin")
        ContactFactory(party=party, name="Anna Müller", role="Buchhaltung")
        return party


@pytest.fixture
def supplier(tenant_a):  # type: ignore[no-untyped-def]
    with tenant_context(tenant_a):
        return PartyFactory(legal_name="Holzhandel Schmidt KG", is_customer=False, is_supplier=True)


def _form(
    addresses: list[dict[str, str]] | None = None, contacts: list[dict[str, str]] | None = None, **party: str
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "legal_name": "Bäckerei Sonnenschein",
        "is_customer": "on",
        "country": "DE",
        "tax_id": "",
        "peppol_id": "",
        "iban": "",
        "bic": "",
        "email": "",
        "phone": "",
        "language": "de",
        "currency": "",
        "payment_days": "14",
        "skonto_percent": "0",
        "skonto_days": "0",
        "credit_limit": "",
        "is_active": "on",
        "notes": "",
        **party,
    }
    for prefix, rows in (("addresses", addresses or []), ("contacts", contacts or [])):
        data.update({f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": "0"})
        for index, row in enumerate(rows):
            data.update({f"{prefix}-{index}-{name}": value for name, value in row.items()})
    return data


ADDRESS = {
    "kind": "billing",
    "line1": "Marktplatz 1",
    "line2": "",
    "postal_code": "50667",
    "city": "Köln",
    "country": "de",
}
CONTACT = {"name": "Jana Sonnenschein", "role": "Inhaberin", "email": "jana@sonnenschein.test", "phone": ""}


def _parties(tenant) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    with tenant_context(tenant):
        return list(Party.objects.order_by("pk").values_list("legal_name", "tax_id"))


def test_list_and_detail_show_the_party_with_addresses_and_contacts(browser, mueller, supplier):
    listing = browser.get("/parties/").content.decode()
    detail = browser.get(f"/parties/{mueller.pk}/")

    assert "Tischlerei Müller GmbH" in listing and "Holzhandel Schmidt KG" in listing
    assert detail.status_code == 200
    page = detail.content.decode()
    assert "DE136695976" in page and "Hauptstraße 5" in page and "Anna Müller" in page
    assert f"/invoices/customers/{mueller.pk}/" in page  # the account page lives in invoicing
    assert f"/invoices/new/?customer={mueller.pk}" in page
    assert 'href="/parties/"' in browser.get("/").content.decode()  # the navigation links here


def test_search_finds_by_misspelt_name_and_by_vat_id_and_htmx_gets_only_rows(browser, mueller, supplier):
    by_name = browser.get("/parties/", {"q": "Tischlerai", "active": "active"}, headers={"HX-Request": "true"})
    by_vat = browser.get("/parties/", {"q": "DE1366", "active": "active"}).content.decode()

    rows = by_name.content.decode()
    assert by_name.status_code == 200 and "<html" not in rows and 'id="party-rows"' in rows
    assert f"/parties/{mueller.pk}/" in rows and f"/parties/{supplier.pk}/" not in rows
    assert f"/parties/{mueller.pk}/" in by_vat and f"/parties/{supplier.pk}/" not in by_vat


def test_filters_by_role_and_activity(tenant_a, browser, mueller, supplier):
    with tenant_context(tenant_a):
        gone = PartyFactory(legal_name="Alte Kundschaft AG", is_active=False)

    suppliers = browser.get("/parties/", {"role": "supplier", "active": "active"}).content.decode()
    inactive = browser.get("/parties/", {"role": "", "active": "inactive"}).content.decode()
    default = browser.get("/parties/").content.decode()

    assert f"/parties/{supplier.pk}/" in suppliers and f"/parties/{mueller.pk}/" not in suppliers
    assert f"/parties/{gone.pk}/" in inactive and f"/parties/{mueller.pk}/" not in inactive
    assert f"/parties/{gone.pk}/" not in default
    assert f"/parties/{gone.pk}/" not in browser.get("/parties/", {"page": "1"}).content.decode()  # a page link
    assert "Alte Kundschaft" not in browser.get("/parties/", {"active": "bogus"}).content.decode()


def test_the_list_is_paged(tenant_a, browser):
    with tenant_context(tenant_a):
        PartyFactory.create_batch(51)

    first, second = browser.get("/parties/").content.decode(), browser.get("/parties/", {"page": "2"}).content.decode()

    assert first.count("<tr>") == 51 and "Page 1 of 2" in first  # the heading row and 50 parties
    assert second.count("<tr>") == 2


def test_create_with_address_and_contact(tenant_a, browser):
    response = browser.post("/parties/new/", _form(addresses=[ADDRESS], contacts=[CONTACT], tax_id="de 136 695 976"))

    with tenant_context(tenant_a):
        party = Party.objects.get(legal_name="Bäckerei Sonnenschein")
        assert response.status_code == 302 and response["Location"] == f"/parties/{party.pk}/"
        assert party.tax_id == "DE136695976" and party.currency == "EUR" and party.number.startswith("K-")
        assert list(party.addresses.values_list("city", "country")) == [("Köln", "DE")]
        assert list(party.contacts.values_list("name", "role")) == [("Jana Sonnenschein", "Inhaberin")]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"tax_id": "DE123"}, "tax_id", ""),
        ({"iban": "DE00 1234"}, "iban", ""),
        ({"country": "XX"}, "country", "Not an ISO 3166-1 country code."),
        ({"skonto_days": "20", "payment_days": "14", "skonto_percent": "2"}, "skonto_days", "Skonto days must be"),
        ({"is_customer": ""}, "is_customer", "A party is a customer, a supplier or both."),
        ({"skonto_percent": "abc"}, "skonto_percent", "Enter a number."),
    ],
)
def test_bad_input_is_shown_beside_the_field_and_saves_nothing(tenant_a, browser, changes, field, message):
    before = _parties(tenant_a)
    data = _form(**changes)
    if not changes.get("is_customer", "on"):
        del data["is_customer"]

    response = browser.post("/parties/new/", data)

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert list(errors) == [field] and message in errors[field][0]
    assert f'<small class="error" id="id_{field}-error">' in response.content.decode()
    assert _parties(tenant_a) == before


def test_a_bad_address_row_is_marked_on_that_row(tenant_a, browser, mueller):
    second = {**ADDRESS, "line1": "Lager", "country": "ZZ"}

    response = browser.post(f"/parties/{mueller.pk}/edit/", _form(addresses=[ADDRESS, second], legal_name="Neu"))

    assert response.status_code == 400
    rows = response.context["addresses"].forms
    assert rows[1].errors == {"country": ["Not an ISO 3166-1 country code."]} and not rows[0].errors
    with tenant_context(tenant_a):
        assert Party.objects.get(pk=mueller.pk).legal_name == "Tischlerei Müller GmbH"
        assert list(Address.objects.filter(party=mueller).values_list("line1", flat=True)) == ["Hauptstraße 5"]


def test_edit_replaces_addresses_and_contacts_and_keeps_the_number(tenant_a, browser, mueller):
    page = browser.get(f"/parties/{mueller.pk}/edit/").content.decode()
    assert 'value="Hauptstraße 5"' in page and 'value="Anna Müller"' in page

    response = browser.post(
        f"/parties/{mueller.pk}/edit/",
        _form(addresses=[ADDRESS], contacts=[], legal_name="Tischlerei Müller & Co. GmbH", tax_id="DE136695976"),
    )

    assert response.status_code == 302
    with tenant_context(tenant_a):
        party = Party.objects.get(pk=mueller.pk)
        assert (party.legal_name, party.number) == ("Tischlerei Müller & Co. GmbH", mueller.number)
        assert list(Address.objects.filter(party=party).values_list("city", flat=True)) == ["Köln"]
        assert not Contact.objects.filter(party=party).exists()


def test_a_duplicate_vat_id_saves_with_a_warning_naming_the_other_party(tenant_a, browser, mueller):
    response = browser.post("/parties/new/", _form(tax_id="DE136695976"), follow=True)

    page = response.content.decode()
    assert response.status_code == 200 and "has the same tax id." in page and mueller.number in page
    assert "Possibly the same business, entered twice" in page  # on the new party's page, linking the other
    assert f"/parties/{mueller.pk}/" in page
    assert [tax_id for _name, tax_id in _parties(tenant_a)].count("DE136695976") == 2


def test_viewers_see_parties_but_cannot_create_or_edit(tenant_a, login_as, mueller):
    user = UserFactory()
    membership_grant(tenant=tenant_a, user=user, role=Role.VIEWER)
    client = login_as(tenant_a, user)

    assert client.get(f"/parties/{mueller.pk}/").status_code == 200
    assert f"/parties/{mueller.pk}/edit/" not in client.get(f"/parties/{mueller.pk}/").content.decode()
    assert client.get("/parties/new/").status_code == 403
    assert client.post("/parties/new/", _form()).status_code == 403
    assert client.post(f"/parties/{mueller.pk}/edit/", _form(legal_name="Hijacked")).status_code == 403
    assert [name for name, _tax in _parties(tenant_a)] == ["Tischlerei Müller GmbH"]


def test_members_without_party_rights_are_refused(tenant_a, login_as, mueller):
    user = UserFactory()
    membership_grant(tenant=tenant_a, user=user, role=Role.MEMBER, module_rights={"parties": set()})
    client = login_as(tenant_a, user)

    for path in ("/parties/", f"/parties/{mueller.pk}/", "/parties/new/"):
        assert client.get(path).status_code == 403, path
    assert 'href="/parties/"' not in client.get("/").content.decode()


def test_another_companys_party_is_not_found(tenant_b, browser):
    with tenant_context(tenant_b):
        theirs = PartyFactory(pk=12_345_678, legal_name="Beta Kundschaft SPRL", country="BE")

    assert browser.get(f"/parties/{theirs.pk}/").status_code == 404
    assert browser.get(f"/parties/{theirs.pk}/edit/").status_code == 404
    assert browser.post(f"/parties/{theirs.pk}/edit/", _form()).status_code == 404
    assert "Beta Kundschaft SPRL" not in browser.get("/parties/", {"q": "Kundschaft"}).content.decode()
    with tenant_context(tenant_b):
        assert Party.objects.get(pk=theirs.pk).legal_name == "Beta Kundschaft SPRL"


def test_the_editor_warns_of_a_duplicate_while_typing(browser, mueller):
    typed = browser.get("/parties/duplicates/", {"country": "de", "tax_id": "de 136 695 976", "iban": ""})
    itself = browser.get("/parties/duplicates/", {"country": "DE", "tax_id": "DE136695976", "party": mueller.pk})
    half = browser.get("/parties/duplicates/", {"country": "DE", "tax_id": "DE1366", "iban": "DE89"})

    assert typed.status_code == 200 and f"/parties/{mueller.pk}/" in typed.content.decode()
    assert "Possibly the same business" not in itself.content.decode()
    assert "Possibly the same business" not in half.content.decode()


def test_a_dominican_company_classifies_its_buyer_for_dgii(browser, tenant_c, owner_c, login_as):  # noqa: F811
    dominican = login_as(tenant_c, owner_c)
    form = _form(legal_name="Ministerio de Salud Pública", country="DO", tax_id="401007551", language="es")

    response = dominican.post("/parties/new/", {**form, "fiscal_regime": "government"})

    assert 'name="fiscal_regime"' in dominican.get("/parties/new/").content.decode()
    assert 'name="fiscal_regime"' not in browser.get("/parties/new/").content.decode()  # a German company
    with tenant_context(tenant_c):
        party = Party.objects.get(legal_name="Ministerio de Salud Pública")
        assert response.status_code == 302 and party.fiscal_regime == FiscalRegime.GOVERNMENT
        assert "Government body" in dominican.get(f"/parties/{party.pk}/").content.decode()
