from rest_framework import serializers

from .countries import Country
from .models import Tenant


class SignupInputSerializer(serializers.Serializer):
    slug = serializers.CharField(max_length=40)
    name = serializers.CharField(max_length=200)
    country = serializers.ChoiceField(choices=Country.choices)
    tax_id = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    address_line = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    postal_code = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    city = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    owner_email = serializers.EmailField()
    owner_password = serializers.CharField(write_only=True, style={"input_type": "password"})
    owner_name = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")


class CompanySerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Tenant
        fields = [
            "slug",
            "name",
            "country",
            "base_currency",
            "tax_id",
            "address_line",
            "postal_code",
            "city",
            "require_two_factor",
            "url",
        ]
        read_only_fields = fields

    def get_url(self, tenant: Tenant) -> str:
        from .selectors import tenant_url

        return tenant_url(tenant=tenant, secure=self.context["request"].is_secure())


class CompanySecurityInputSerializer(serializers.Serializer):
    require_two_factor = serializers.BooleanField()
