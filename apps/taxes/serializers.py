from typing import Any

from rest_framework import serializers

from .models import TaxRate


class TaxRateSerializer(serializers.ModelSerializer):
    class Meta:
        model = TaxRate
        fields = ["id", "code", "name", "category", "rate", "valid_from", "valid_to", "is_active"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """Runs the model's own checks, so a broken rule is a 400 naming the field, never a 500."""
        current = {}
        if self.instance is not None:
            current = {f.attname: getattr(self.instance, f.attname) for f in TaxRate._meta.concrete_fields}
        TaxRate(**{**current, **attrs}).full_clean(validate_unique=False)
        return attrs
