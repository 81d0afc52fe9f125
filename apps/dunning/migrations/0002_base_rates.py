"""The German base rate (Basiszinssatz, § 247 BGB) as the Deutsche Bundesbank published it.

Accountants add each new half-year's rate in the admin; the rate was -0.88 % from July 2016
until the end of 2022.
"""

import datetime
from decimal import Decimal

from django.db import migrations

PUBLISHED = [
    ("2016-07-01", "-0.88"),
    ("2023-01-01", "1.62"),
    ("2023-07-01", "3.12"),
    ("2024-01-01", "3.62"),
    ("2024-07-01", "3.37"),
    ("2025-01-01", "2.27"),
    ("2025-07-01", "1.27"),
]


def seed(apps, schema_editor):
    BaseRate = apps.get_model("dunning", "BaseRate")
    for valid_from, rate in PUBLISHED:
        BaseRate.objects.get_or_create(
            valid_from=datetime.date.fromisoformat(valid_from), defaults={"rate": Decimal(rate)}
        )


def unseed(apps, schema_editor):
    BaseRate = apps.get_model("dunning", "BaseRate")
    BaseRate.objects.filter(valid_from__in=[datetime.date.fromisoformat(day) for day, _rate in PUBLISHED]).delete()


class Migration(migrations.Migration):
    dependencies = [("dunning", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
