"""The company's invoicing settings: bank details, footer, credit and debit note series, e-invoice contact."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from apps.core.errors import ApplicationError
from apps.parties import identifiers

from ..models import InvoicingSettings

EDITABLE = [
    "iban", "bic", "bank_name", "footer", "small_business", "credit_note_series", "debit_note_series",
    "contact_name", "contact_phone", "contact_email", "peppol_id",
]  # fmt: skip


def _email(value: str) -> str:
    try:
        validate_email(value)
    except ValidationError:
        raise ValueError(_("Enter a valid e-mail address.")) from None
    return value


NORMALIZERS: dict[str, Callable[[str], str]] = {
    "iban": identifiers.iban_normalize,
    "bic": identifiers.bic_normalize,
    "peppol_id": identifiers.peppol_id_normalize,
    "contact_email": lambda value: _email(value) if value else "",
    "credit_note_series": lambda value: value.strip().upper(),
    "debit_note_series": lambda value: value.strip().upper(),
}


@transaction.atomic
def invoicing_settings_update(*, data: Mapping[str, Any]) -> InvoicingSettings:
    """Saves the settings; an identifier that does not check out is refused, naming its field."""
    settings, _created = InvoicingSettings.objects.select_for_update().get_or_create(pk=1)
    for name in EDITABLE:
        if name not in data:
            continue
        value = data[name]
        if name in NORMALIZERS:
            try:
                value = NORMALIZERS[name](str(value or ""))
            except ValueError as error:
                raise ApplicationError(str(error), code="invalid", field=name) from None
        setattr(settings, name, value)
    settings.save()
    return settings
