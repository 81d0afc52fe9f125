"""Writes to the audit context of the current request."""

from auditlog.context import auditlog_value

from apps.tenants.models import User


def audit_actor_set(user: User) -> None:
    """Names the actor of this request's audit entries once authentication is known.

    The audit middleware runs before DRF authenticates a bearer token, so for API
    requests it sees an anonymous user; the token authentication calls this.
    """
    try:
        context = auditlog_value.get()
    except LookupError:
        return
    context["actor"] = user
