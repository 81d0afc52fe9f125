"""What Kontor knows about each country it serves: currency, language, tax id."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise
from stdnum import exceptions as stdnum_errors
from stdnum.be import vat as be_vat
from stdnum.de import vat as de_vat
from stdnum.do import cedula as do_cedula
from stdnum.do import rnc as do_rnc


class Country(models.TextChoices):
    GERMANY = "DE", _("Germany")
    BELGIUM = "BE", _("Belgium")
    DOMINICAN_REPUBLIC = "DO", _("Dominican Republic")


@dataclass(frozen=True)
class CountryProfile:
    currency: str
    language: str
    tax_id_label: StrOrPromise
    validate_tax_id: Callable[[str], str]
    """Returns the compact, canonical form or raises a stdnum ValidationError."""


def _eu_vat(prefix: str, module: object) -> Callable[[str], str]:
    def validate(value: str) -> str:
        compact = value.upper().replace(" ", "").replace(".", "").replace("-", "")
        compact = compact.removeprefix(prefix)
        return prefix + module.validate(compact)  # type: ignore[attr-defined]

    return validate


def _do_rnc_or_cedula(value: str) -> str:
    """Companies have a 9-digit RNC; sole traders use their 11-digit cédula."""
    compact = do_rnc.compact(value)
    return do_cedula.validate(compact) if len(compact) == 11 else do_rnc.validate(compact)


PROFILES: dict[str, CountryProfile] = {
    Country.GERMANY: CountryProfile("EUR", "de", _("VAT ID (USt-IdNr.)"), _eu_vat("DE", de_vat)),
    Country.BELGIUM: CountryProfile("EUR", "nl", _("VAT number (BTW/TVA)"), _eu_vat("BE", be_vat)),
    Country.DOMINICAN_REPUBLIC: CountryProfile("DOP", "es", _("RNC"), _do_rnc_or_cedula),
}


def normalize_tax_id(country: str, value: str) -> str:
    """The canonical tax id for `country`; raises ValueError with a reason if it is not valid."""
    try:
        return PROFILES[country].validate_tax_id(value)
    except stdnum_errors.ValidationError as exc:
        raise ValueError(str(exc)) from exc
