"""The checks for a party's identifiers, in one place: tax id, IBAN, BIC, Peppol id, country, currency.

Each function returns the compact canonical form to store, or raises ValueError with a reason
a person can act on (stdnum's and schwifty's own wording).
"""

from __future__ import annotations

import re

import pycountry
from django.utils.translation import gettext as _
from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException
from stdnum import get_cc_module
from stdnum.do import cedula as do_cedula
from stdnum.do import rnc as do_rnc
from stdnum.eu.vat import MEMBER_STATES
from stdnum.exceptions import ValidationError as StdnumError

PEPPOL_ID = re.compile(r"^\d{4}:[A-Za-z0-9\-._]+$")


def _vat_prefix(country: str) -> str:
    """EU VAT ids carry the country code, except Greece's, which says EL."""
    return "EL" if country == "GR" else country


def _do_rnc_or_cedula(value: str) -> str:
    """Companies have a 9-digit RNC; sole traders use their 11-digit cédula."""
    compact = do_rnc.compact(value)
    return do_cedula.validate(compact) if len(compact) == 11 else do_rnc.validate(compact)


def tax_id_normalize(*, country: str, value: str) -> str:
    """Validated where python-stdnum knows the country; elsewhere kept as typed, trimmed."""
    value = value.strip()
    if not value:
        return ""
    try:
        if country == "DO":
            return _do_rnc_or_cedula(value)
        module = get_cc_module(country.lower(), "vat")
        if module is None:
            return value
        if country.lower() not in MEMBER_STATES:
            return module.validate(value)
        prefix = _vat_prefix(country)
        return prefix + module.validate(module.compact(value).upper().removeprefix(prefix))
    except StdnumError as exc:
        raise ValueError(str(exc)) from exc


def iban_normalize(value: str) -> str:
    if not value.strip():
        return ""
    try:
        return IBAN(value).compact
    except SchwiftyException as exc:
        raise ValueError(str(exc)) from exc


def bic_normalize(value: str) -> str:
    if not value.strip():
        return ""
    try:
        return BIC(value).compact
    except SchwiftyException as exc:
        raise ValueError(str(exc)) from exc


def peppol_id_normalize(value: str) -> str:
    value = value.strip()
    if value and not PEPPOL_ID.match(value):
        raise ValueError(_("A Peppol id is a four-digit scheme, a colon and the identifier, e.g. 0208:0403019261."))
    return value


def is_country(code: str) -> bool:
    return pycountry.countries.get(alpha_2=code) is not None


def is_currency(code: str) -> bool:
    return pycountry.currencies.get(alpha_3=code) is not None
