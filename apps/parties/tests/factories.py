import factory

from apps.parties.models import Address, Contact, Party


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party

    number = factory.Sequence(lambda n: f"F-{n:05d}")
    is_customer = True
    legal_name = factory.Sequence(lambda n: f"Kunde {n} GmbH")
    country = "DE"
    currency = "EUR"


class AddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Address

    party = factory.SubFactory(PartyFactory)
    line1 = "Hauptstraße 1"
    postal_code = "10115"
    city = "Berlin"
    country = "DE"


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    party = factory.SubFactory(PartyFactory)
    name = factory.Sequence(lambda n: f"Contact {n}")
