"""The audit trail: django-auditlog's entries, hash-chained and append-only.

The chain is kept by PostgreSQL itself (migrations 0002 and 0004): when a
transaction commits, a deferred trigger numbers each of its entries and hashes it
together with its predecessor's hash, and other triggers refuse UPDATE, DELETE
and TRUNCATE. Whoever bypasses those
(by disabling triggers) breaks the chain, which `verify_audit_chain` detects.
"""

from auditlog.models import AbstractLogEntry
from django.db import models
from django.utils.translation import gettext_lazy as _

GENESIS_HASH = "0" * 64


class AuditEntry(AbstractLogEntry):
    user_agent = models.CharField(_("user agent"), max_length=512, blank=True, default="")
    # Set by the database at commit; never by the application.
    seq = models.BigIntegerField(_("sequence"), unique=True, null=True, editable=False)
    prev_hash = models.CharField(max_length=64, blank=True, default="", editable=False)
    entry_hash = models.CharField(max_length=64, blank=True, default="", editable=False)

    class Meta(AbstractLogEntry.Meta):
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-seq"]


class AuditChainHead(models.Model):
    """One row per schema: the last link of the chain, updated by the insert trigger."""

    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = _("audit chain head")

    def __str__(self) -> str:
        return f"#{self.last_seq} {self.last_hash[:12]}"
