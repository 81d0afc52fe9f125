"""Input and output shapes of the dunning API."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from apps.parties.models import Party

from .models import DunningLevel, DunningNotice, DunningStop


class DunningLevelSerializer(serializers.ModelSerializer):
    class Meta:
        model = DunningLevel
        fields = ["id", "level", "name", "days", "counts_from", "fee", "charges_interest", "intro_text", "closing_text"]

    def validate_fee(self, value: Decimal) -> Decimal:
        """The table refuses it too (a CheckConstraint); here it becomes a 400 naming the field."""
        if value < 0:
            raise serializers.ValidationError(_("The fee cannot be negative."), code="min_value")
        return value


class DunningStopSerializer(serializers.ModelSerializer):
    party = serializers.PrimaryKeyRelatedField(queryset=Party.objects.all(), validators=[])

    class Meta:
        model = DunningStop
        fields = ["id", "party", "stopped", "reason", "until", "updated_at"]
        read_only_fields = ["updated_at"]


class DunningNoticeSerializer(serializers.ModelSerializer):
    level_number = serializers.IntegerField(source="level.level", read_only=True)
    level_name = serializers.CharField(source="level.title", read_only=True)
    invoice_number = serializers.CharField(source="invoice.number", read_only=True)
    customer = serializers.IntegerField(source="invoice.customer_id", read_only=True)

    class Meta:
        model = DunningNotice
        fields = [
            "id", "invoice", "invoice_number", "customer", "level", "level_number", "level_name", "notice_date",
            "currency", "open_amount", "earlier_fees", "fee", "interest", "interest_periods", "total",
            "send_status", "recipients", "sent_at", "error",
        ]  # fmt: skip
        read_only_fields = fields


class DunningRunInputSerializer(serializers.Serializer):
    on = serializers.DateField(required=False, help_text="The day to run for; today when left out.")


class DunningRunResultSerializer(serializers.Serializer):
    created = DunningNoticeSerializer(many=True)


class DunningNoticeCreateInputSerializer(serializers.Serializer):
    invoice = serializers.IntegerField(help_text="The overdue invoice that gets its next level now.")
    on = serializers.DateField(required=False, help_text="The notice date; today when left out.")
