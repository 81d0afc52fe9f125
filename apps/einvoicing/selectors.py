"""Reads of the e-invoicing app."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from itertools import groupby

from django.db import connection, models
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from apps.invoicing.models import Invoice

from .formats import ECF_FORMAT, PEPPOL_FORMATS
from .models import TRANSMISSION_CLOSED, EcfCertificate, EcfType, EinvoiceTransmission, EncfRange, PurchaseEcf


def transmission_active(
    *, channel: str, invoice: Invoice | None = None, purchase: PurchaseEcf | None = None
) -> EinvoiceTransmission | None:
    """The invoice's or purchase e-CF's transmission on `channel` that is still under way or done.

    Failed and rejected ones do not count: after them a new attempt may be made.
    """
    owner = {"invoice": invoice} if invoice is not None else {"purchase": purchase}
    return EinvoiceTransmission.objects.filter(channel=channel, **owner).exclude(status__in=TRANSMISSION_CLOSED).first()


def transmission_list(*, invoice: Invoice) -> QuerySet[EinvoiceTransmission]:
    """The invoice's transmissions, newest first, with the e-CF's security code but no stored document (large)."""
    return (
        EinvoiceTransmission.objects.filter(invoice=invoice)
        .select_related("invoice__signed_ecf")
        .defer("document", "invoice__signed_ecf__document")
        .order_by("-created_at", "-pk")
    )


def einvoice_sendable_formats(*, invoice: Invoice) -> tuple[str, ...]:
    """The formats "Send" is offered in: Peppol ones only to a customer with a Peppol id.

    e-CF is only ever offered to Dominican companies, so it is always sendable where it is listed.
    """
    return (*(PEPPOL_FORMATS if invoice.customer.peppol_id else ()), ECF_FORMAT)


# e-CF set-up: the ranges and the certificate a Dominican company must renew in time -------------

WARN_DAYS = 30  # time enough to ask DGII for a new range or renew the certificate
LOW_NUMBERS = 100  # a range runs low with fewer numbers left than this ...
LOW_PERCENT = 10  # ... or than this share of its size


class SetupStatus(models.TextChoices):
    ACTIVE = "active", gettext_lazy("active")
    RUNNING_LOW = "running_low", gettext_lazy("running low")
    EXPIRING = "expiring", gettext_lazy("expiring soon")
    EXPIRED = "expired", gettext_lazy("expired")
    EXHAUSTED = "exhausted", gettext_lazy("exhausted")


@dataclass(frozen=True)
class SetupState:
    """Where an e-NCF range or a certificate stands on a day, and the level of warning it deserves."""

    status: SetupStatus
    days_left: int
    numbers_left: int | None = None

    @property
    def usable(self) -> bool:
        return self.status not in (SetupStatus.EXPIRED, SetupStatus.EXHAUSTED)

    @property
    def level(self) -> str:
        """An "error" when it can no longer be used, a "warning" when it soon cannot, else "ok"."""
        if not self.usable:
            return "error"
        return "ok" if self.status == SetupStatus.ACTIVE else "warning"

    @property
    def note(self) -> str:
        """The short warning the lists show beside the row; blank while nothing needs doing."""
        if self.status == SetupStatus.EXPIRING:
            return ngettext("expires in %(days)s day", "expires in %(days)s days", self.days_left) % {
                "days": self.days_left
            }
        if self.status == SetupStatus.RUNNING_LOW and self.numbers_left is not None:
            return ngettext("%(count)s number left", "%(count)s numbers left", self.numbers_left) % {
                "count": self.numbers_left
            }
        return "" if self.status == SetupStatus.ACTIVE else str(self.status.label)


def _expiry_status(days_left: int) -> SetupStatus:
    if days_left < 0:
        return SetupStatus.EXPIRED
    return SetupStatus.EXPIRING if days_left <= WARN_DAYS else SetupStatus.ACTIVE


def encf_range_state(*, encf_range: EncfRange, today: datetime.date) -> SetupState:
    """A range is usable up to and including `expires_on`, as `encf_take` reads it."""
    days_left, left = (encf_range.expires_on - today).days, encf_range.remaining
    size = encf_range.last_number - encf_range.first_number + 1
    status = _expiry_status(days_left)
    if left <= 0:
        status = SetupStatus.EXHAUSTED
    elif status == SetupStatus.ACTIVE and (left < LOW_NUMBERS or left * 100 < size * LOW_PERCENT):
        status = SetupStatus.RUNNING_LOW
    return SetupState(status=status, days_left=days_left, numbers_left=left)


def ecf_certificate_state(*, certificate: EcfCertificate, today: datetime.date) -> SetupState:
    """Counted in the company's days, like the ranges: the last day of validity still counts."""
    days_left = (timezone.localtime(certificate.valid_to).date() - today).days
    return SetupState(status=_expiry_status(days_left), days_left=days_left)


def ecf_issuer() -> bool:
    """Only Dominican companies issue e-CF; everyone else has nothing to set up."""
    return connection.tenant.country == "DO"  # type: ignore[attr-defined]


def encf_range_list(*, today: datetime.date) -> list[tuple[EncfRange, SetupState]]:
    """Every range by type and first number, with its state on `today`."""
    return [
        (item, encf_range_state(encf_range=item, today=today))
        for item in EncfRange.objects.order_by("ecf_type", "first_number", "pk")
    ]


def ecf_certificate_list(*, today: datetime.date) -> list[tuple[EcfCertificate, SetupState]]:
    """The certificates, the one `signing_certificate` signs with (latest expiry) first."""
    return [
        (item, ecf_certificate_state(certificate=item, today=today))
        for item in EcfCertificate.objects.defer("encrypted_p12", "encrypted_password").order_by("-valid_to", "-pk")
    ]


@dataclass(frozen=True)
class EcfSetupWarning:
    """`level` "error": e-CF cannot be issued now; "warning": soon. `concerns` names what fixes it:
    "certificate" (upload one) or "encf_range" (record a range, of `ecf_type` when given)."""

    level: str
    concerns: str
    message: str
    ecf_type: int | None = None


def _certificate_warnings(today: datetime.date) -> list[EcfSetupWarning]:
    certificates = ecf_certificate_list(today=today)
    if not certificates:
        return [
            EcfSetupWarning(
                "error", "certificate", _("Upload the company's e-CF certificate: without it no e-CF can be signed.")
            )
        ]
    signing, state = certificates[0]
    values = {"name": signing.subject_name, "date": timezone.localtime(signing.valid_to).date().isoformat()}
    if state.status == SetupStatus.EXPIRED:
        message = _("The e-CF certificate of %(name)s expired on %(date)s: upload its renewal.") % values
        return [EcfSetupWarning("error", "certificate", message)]
    if state.status == SetupStatus.EXPIRING:
        message = ngettext(
            "The e-CF certificate of %(name)s expires in %(days)s day, on %(date)s: upload its renewal.",
            "The e-CF certificate of %(name)s expires in %(days)s days, on %(date)s: upload its renewal.",
            state.days_left,
        ) % {**values, "days": state.days_left}
        return [EcfSetupWarning("warning", "certificate", message)]
    return []


def _range_warning(encf_range: EncfRange, state: SetupState) -> EcfSetupWarning:
    if state.status == SetupStatus.EXPIRING:
        message = ngettext(
            "The e-NCF range %(range)s expires in %(days)s day, on %(date)s: request a new range from DGII.",
            "The e-NCF range %(range)s expires in %(days)s days, on %(date)s: request a new range from DGII.",
            state.days_left,
        ) % {"range": encf_range, "days": state.days_left, "date": encf_range.expires_on.isoformat()}
    else:
        message = ngettext(
            "The e-NCF range %(range)s has %(count)s number left: request a new range from DGII.",
            "The e-NCF range %(range)s has %(count)s numbers left: request a new range from DGII.",
            encf_range.remaining,
        ) % {"range": encf_range, "count": encf_range.remaining}
    return EcfSetupWarning("warning", "encf_range", message, encf_range.ecf_type)


def _range_warnings(today: datetime.date) -> list[EcfSetupWarning]:
    """Per e-CF type in use: none left is an error; ranges running out warn only while no range
    of the type is still in good shape, since `encf_take` moves on to that one by itself."""
    ranges = encf_range_list(today=today)
    if not ranges:
        message = _("Record the e-NCF ranges DGII authorised: without them no e-CF can be numbered.")
        return [EcfSetupWarning("error", "encf_range", message)]
    warnings: list[EcfSetupWarning] = []
    for ecf_type, rows in groupby(ranges, key=lambda row: row[0].ecf_type):
        usable = [(item, state) for item, state in rows if state.usable]
        if not usable:
            message = _(
                "No usable e-NCF range is left for %(type)s (expired or used up): request a new range from DGII."
            ) % {"type": EcfType(ecf_type).label}
            warnings.append(EcfSetupWarning("error", "encf_range", message, ecf_type))
        elif all(state.status != SetupStatus.ACTIVE for _item, state in usable):
            warnings.extend(_range_warning(item, state) for item, state in usable)
    return warnings


def ecf_setup_warnings(*, today: datetime.date) -> list[EcfSetupWarning]:
    """What a Dominican company must do, on `today`, to keep issuing e-CF: errors first.

    Read by the e-CF settings page and the invoice's e-invoice card; empty for other companies.
    """
    if not ecf_issuer():
        return []
    warnings = _certificate_warnings(today) + _range_warnings(today)
    return sorted(warnings, key=lambda warning: warning.level != "error")
