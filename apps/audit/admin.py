from auditlog.admin import LogEntryAdmin
from auditlog.filters import ResourceTypeFilter

from apps.core.admin import tenant_admin_site

from .models import AuditEntry


class AuditEntryAdmin(LogEntryAdmin):
    """Read-only: entries are written by the system and refused changes by the database."""

    list_display = ["seq", "created", "resource_url", "action", "msg_short", "user_url"]
    list_filter = ["action", ResourceTypeFilter]


tenant_admin_site.register(AuditEntry, AuditEntryAdmin)
