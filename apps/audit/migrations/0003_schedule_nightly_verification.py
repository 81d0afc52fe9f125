"""Schedules the nightly audit-chain verification in django-celery-beat (public schema only)."""

from django.db import migrations
from django_tenants.utils import get_public_schema_name

TASK_NAME = "Verify audit chains"


def schedule(apps, schema_editor):
    if schema_editor.connection.schema_name != get_public_schema_name():
        return
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="15", hour="3", day_of_week="*", day_of_month="*", month_of_year="*", timezone="UTC"
    )
    PeriodicTask.objects.update_or_create(
        name=TASK_NAME, defaults={"task": "audit.audit_chains_verify_all", "crontab": crontab, "enabled": True}
    )


def unschedule(apps, schema_editor):
    if schema_editor.connection.schema_name != get_public_schema_name():
        return
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_hash_chain"), ("django_celery_beat", "0019_alter_periodictasks_options")]

    operations = [migrations.RunPython(schedule, unschedule)]
