"""Writes to the party registry. Every caller (API, admin) goes through these."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from apps.core.errors import ApplicationError
from apps.tenants.selectors import current_tenant

from .models import Address, Contact, Party, PartySequence
from .selectors import party_duplicates

NUMBER_PREFIX = "K-"


@dataclass
class PartyResult:
    """The saved party and the warnings a person should see (possible duplicates)."""

    party: Party
    warnings: list[dict[str, Any]] = field(default_factory=list)


def _full_clean(instance: models.Model, *, prefix: str = "") -> None:
    """The model's own checks as an ApplicationError naming the first broken field."""
    try:
        instance.full_clean(exclude=["party", "number"], validate_unique=False)
    except ValidationError as exc:
        raise ApplicationError.from_validation(exc, prefix=prefix) from exc


def _next_number() -> str:
    """Locks the sequence row, so two creates racing never get the same number."""
    sequence, _created = PartySequence.objects.select_for_update().get_or_create(pk=1)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return f"{NUMBER_PREFIX}{sequence.last_number:05d}"


def _duplicate_warnings(party: Party) -> list[dict[str, Any]]:
    warnings = []
    for other in party_duplicates(tax_id=party.tax_id, iban=party.iban, exclude_pk=party.pk):
        for attribute, code, message in (
            ("tax_id", "duplicate_tax_id", _("%(party)s has the same tax id.")),
            ("iban", "duplicate_iban", _("%(party)s has the same IBAN.")),
        ):
            value = getattr(party, attribute)
            if value and getattr(other, attribute) == value:
                warnings.append({"code": code, "message": message % {"party": other}, "party": other.pk})
    return warnings


def _children_replace(
    party: Party, *, addresses: list[dict[str, Any]] | None, contacts: list[dict[str, Any]] | None
) -> None:
    """Replaces the whole list given; a list left out (None) stays as it is."""
    children: tuple[tuple[type[models.Model], list[dict[str, Any]] | None, str], ...] = (
        (Address, addresses, "addresses"),
        (Contact, contacts, "contacts"),
    )
    for model, rows, prefix in children:
        if rows is None:
            continue
        model._default_manager.filter(party=party).delete()
        instances = [model(party=party, **row) for row in rows]
        for index, instance in enumerate(instances):
            _full_clean(instance, prefix=f"{prefix}.{index}.")
        model._default_manager.bulk_create(instances)


def _default_currency() -> str:
    tenant = current_tenant()
    return tenant.base_currency if tenant else "EUR"


@transaction.atomic
def party_create(
    *,
    addresses: list[dict[str, Any]] | None = None,
    contacts: list[dict[str, Any]] | None = None,
    **attributes: Any,
) -> PartyResult:
    """A new party with the next number; the currency defaults to the company's own."""
    attributes.setdefault("currency", _default_currency())
    party = Party(**attributes)
    _full_clean(party)
    party.number = _next_number()
    party.save()
    _children_replace(party, addresses=addresses, contacts=contacts)
    return PartyResult(party=party, warnings=_duplicate_warnings(party))


@transaction.atomic
def party_update(
    *,
    party: Party,
    addresses: list[dict[str, Any]] | None = None,
    contacts: list[dict[str, Any]] | None = None,
    **changes: Any,
) -> PartyResult:
    party = Party.objects.select_for_update().get(pk=party.pk)
    for name, value in changes.items():
        setattr(party, name, value)
    _full_clean(party)
    party.save()
    _children_replace(party, addresses=addresses, contacts=contacts)
    return PartyResult(party=party, warnings=_duplicate_warnings(party))


def party_deactivate(*, party: Party) -> Party:
    """Parties are never deleted: documents and postings keep pointing at them."""
    party.is_active = False
    party.save(update_fields=["is_active"])
    return party
