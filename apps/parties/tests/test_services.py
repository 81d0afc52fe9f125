from decimal import Decimal

import pytest
from django_tenants.utils import tenant_context

from apps.core.errors import ApplicationError
from apps.parties.models import Party
from apps.parties.selectors import party_search
from apps.parties.services import party_create, party_deactivate, party_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_a(tenant_a):
    with tenant_context(tenant_a):
        yield tenant_a


def create(**overrides):
    values = {"is_customer": True, "legal_name": "Muster GmbH", "country": "DE", **overrides}
    return party_create(**values)


@pytest.mark.parametrize(
    ("country", "typed", "stored"),
    [
        ("DE", "de 136 695 976", "DE136695976"),
        ("BE", "BE 0403.019.261", "BE0403019261"),
        ("DO", "1-01-85004-3", "101850043"),
        ("DO", "001-1391820-5", "00113918205"),
        ("US", "  12-3456789 ", "12-3456789"),
    ],
)
def test_tax_ids_are_validated_for_the_country_and_stored_compact(in_a, country, typed, stored):
    party = create(country=country, tax_id=typed).party

    assert Party.objects.get(pk=party.pk).tax_id == stored


@pytest.mark.parametrize(
    ("country", "typed", "reason"),
    [
        ("DE", "DE136695977", "checksum"),
        ("BE", "BE0403019262", "checksum"),
        ("DO", "123", "length"),
    ],
)
def test_an_invalid_tax_id_names_the_field_and_saves_nothing(in_a, country, typed, reason):
    with pytest.raises(ApplicationError) as error:
        create(country=country, tax_id=typed)

    assert error.value.field == "tax_id" and reason in error.value.message
    assert not Party.objects.exists()


def test_iban_and_bic_are_validated_and_stored_compact(in_a):
    party = create(iban="de89 3704 0044 0532 0130 00", bic="COBADEFFXXX").party

    assert (party.iban, party.bic) == ("DE89370400440532013000", "COBADEFFXXX")
    with pytest.raises(ApplicationError) as error:
        create(iban="DE89 3704 0044 0532 0130 01")
    assert error.value.field == "iban"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"is_customer": False}, "is_customer"),
        ({"peppol_id": "0208-0403019261"}, "peppol_id"),
        ({"payment_days": 10, "skonto_days": 10, "skonto_percent": Decimal("2.00")}, "skonto_days"),
        ({"skonto_percent": Decimal("100.01")}, "skonto_percent"),
        ({"country": "XX"}, "country"),
        ({"currency": "EURO"}, "currency"),
    ],
)
def test_broken_rules_name_their_field(in_a, overrides, field):
    with pytest.raises(ApplicationError) as error:
        create(**overrides)

    assert error.value.field == field


def test_numbers_follow_each_other_and_currency_defaults_to_the_companys(in_a):
    first, second = create().party, create(is_customer=False, is_supplier=True).party

    assert int(second.number[2:]) == int(first.number[2:]) + 1
    assert first.number.startswith("K-") and first.currency == "EUR"


def test_same_tax_id_or_iban_is_a_warning_not_an_error(in_a):
    original = create(tax_id="DE136695976", iban="DE89370400440532013000").party

    twin = create(legal_name="Muster Zwei", tax_id="DE 136695976", iban="DE89370400440532013000")

    assert [(w["code"], w["party"]) for w in twin.warnings] == [
        ("duplicate_tax_id", original.pk),
        ("duplicate_iban", original.pk),
    ]
    assert party_update(party=original, notes="checked").warnings[0]["party"] == twin.party.pk


def test_update_replaces_children_and_deactivate_keeps_the_row(in_a):
    party = create(addresses=[{"line1": "A 1", "city": "Berlin", "country": "de"}]).party

    party_update(party=party, addresses=[{"line1": "B 2", "city": "Köln", "country": "DE"}], contacts=[])
    party_deactivate(party=party)

    party.refresh_from_db()
    assert [a.line1 for a in party.addresses.all()] == ["B 2"] and not party.is_active


def test_a_bad_child_row_is_named_with_its_position(in_a):
    with pytest.raises(ApplicationError) as error:
        create(
            addresses=[
                {"line1": "A 1", "city": "Berlin", "country": "DE"},
                {"line1": "B", "city": "X", "country": "QQ"},
            ]
        )

    assert error.value.field == "addresses.1.country"
    assert not Party.objects.exists()


def test_search_finds_misspelt_names_numbers_and_tax_ids_in_two_queries(in_a, django_assert_num_queries):
    schmidt = create(legal_name="Schmidt Maschinenbau GmbH", tax_id="DE136695976", email="info@schmidt.test").party
    create(legal_name="Schneider Logistik AG")
    create(legal_name="Weber Elektro KG")

    with django_assert_num_queries(2):
        found = party_search("Schmitt Maschienenbau")

    assert found[0] == schmidt
    assert party_search(schmidt.number)[0] == schmidt
    assert party_search("de1366")[0] == schmidt
    assert party_search("info@schm")[0] == schmidt
    assert party_search("   ") == []
