"""The Celery app. Every task runs inside the schema of the tenant that queued it.

tenant-schemas-celery records the current schema in each message's headers and
switches the worker's connection to it before the task body runs.
"""

import os

from tenant_schemas_celery.app import CeleryApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = CeleryApp("kontor")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
