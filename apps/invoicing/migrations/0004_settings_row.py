"""Data only: every company has its one invoicing settings row from the start."""

from django.db import migrations


def settings_row_create(apps, schema_editor):  # type: ignore[no-untyped-def]
    apps.get_model("invoicing", "InvoicingSettings").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("invoicing", "0003_settings")]

    operations = [migrations.RunPython(settings_row_create, migrations.RunPython.noop)]
