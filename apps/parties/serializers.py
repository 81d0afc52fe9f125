from __future__ import annotations

from rest_framework import serializers

from .models import Address, Contact, Party

PARTY_FIELDS = [
    "is_customer",
    "is_supplier",
    "legal_name",
    "country",
    "tax_id",
    "fiscal_regime",
    "peppol_id",
    "iban",
    "bic",
    "payment_days",
    "skonto_percent",
    "skonto_days",
    "credit_limit",
    "language",
    "currency",
    "email",
    "phone",
    "is_active",
    "notes",
]


class AddressSerializer(serializers.ModelSerializer):
    class Meta:
        model = Address
        fields = ["kind", "line1", "line2", "postal_code", "city", "country"]


class ContactSerializer(serializers.ModelSerializer):
    class Meta:
        model = Contact
        fields = ["name", "email", "phone", "role"]


class PartyInputSerializer(serializers.ModelSerializer):
    """Shape and types only; the rules (tax id, IBAN, terms) are the service's, via the model's clean."""

    addresses = AddressSerializer(many=True, required=False)
    contacts = ContactSerializer(many=True, required=False)

    class Meta:
        model = Party
        fields = [*PARTY_FIELDS, "addresses", "contacts"]
        extra_kwargs = {"currency": {"required": False}}


class PartyOutputSerializer(serializers.ModelSerializer):
    addresses = AddressSerializer(many=True, read_only=True)
    contacts = ContactSerializer(many=True, read_only=True)

    class Meta:
        model = Party
        fields = ["id", "number", *PARTY_FIELDS, "addresses", "contacts"]


class PartyWarningSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    party = serializers.IntegerField()


class PartyWriteResultSerializer(PartyOutputSerializer):
    """A saved party with the duplicates a person may want to look at (warnings, not errors)."""

    warnings = PartyWarningSerializer(many=True, read_only=True)

    class Meta(PartyOutputSerializer.Meta):
        fields = [*PartyOutputSerializer.Meta.fields, "warnings"]
