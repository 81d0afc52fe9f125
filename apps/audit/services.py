"""Writes to the audit context of the current request."""

from collections.abc import Iterator
from contextlib import contextmanager

from auditlog.context import auditlog_value, set_extra_data

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


@contextmanager
def audit_actor_ensure(user: User) -> Iterator[None]:
    """Names `user` as the actor of the audit entries written inside the block.

    Services run from requests, commands and tasks alike. Inside a request the block keeps
    the request's address and id, and the request's own context is restored afterwards
    (django-auditlog leaves its context variable set after a block ends).
    """
    previous = auditlog_value.get(None)
    context = {key: value for key, value in (previous or {}).items() if key != "signal_duid"}
    with set_extra_data({**context, "actor": user}):
        yield
    if previous is not None:
        auditlog_value.set(previous)
