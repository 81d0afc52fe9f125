"""Writes of the Dominican e-CF set-up: the e-NCF ranges DGII authorised and the signing certificate."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.errors import ApplicationError

from ..ecf.signing import LoadedCertificate, certificate_load, certificate_usable_require, secret_encrypt
from ..models import MAX_SEQUENCE, EcfCertificate, EcfType, EncfRange


def encf_range_check(*, ecf_type: int, first_number: int, last_number: int) -> None:
    """Why a range cannot be recorded, as an error naming the field; forms call it before saving."""
    if ecf_type not in EcfType.values:
        raise ApplicationError(_("Unknown e-CF type."), code="invalid", field="ecf_type")
    if not 1 <= first_number <= last_number <= MAX_SEQUENCE:
        raise ApplicationError(
            _("The range must run from a first number of at least 1 to a last number not below it (10 digits)."),
            code="encf_range_bounds",
            field="last_number",
        )
    overlapping = EncfRange.objects.filter(
        ecf_type=ecf_type, first_number__lte=last_number, last_number__gte=first_number
    ).first()
    if overlapping is not None:
        raise ApplicationError(
            _("These numbers overlap the range %(range)s.") % {"range": overlapping},
            code="encf_range_overlap",
            field="first_number",
        )


def encf_range_create(*, ecf_type: int, first_number: int, last_number: int, expires_on: datetime.date) -> EncfRange:
    """Records a range as DGII authorised it; numbers already covered by another range are refused.

    The exclusion constraint is the guarantee (two admins at once); the check only gives the
    user a message naming the field.
    """
    encf_range_check(ecf_type=ecf_type, first_number=first_number, last_number=last_number)
    try:
        with transaction.atomic():
            return EncfRange.objects.create(
                ecf_type=ecf_type,
                first_number=first_number,
                last_number=last_number,
                next_number=first_number,
                expires_on=expires_on,
            )
    except IntegrityError as exc:  # another writer recorded an overlapping range meanwhile
        raise ApplicationError(
            _("These numbers overlap another range."), code="encf_range_overlap", field="first_number"
        ) from exc


def ecf_certificate_check(*, p12: bytes, password: str) -> LoadedCertificate:
    """The opened certificate, or why it cannot sign for this company today (field named)."""
    loaded = certificate_load(p12=p12, password=password)
    certificate_usable_require(certificate=loaded.certificate, subject_rnc=loaded.subject_rnc, at=timezone.now())
    return loaded


def ecf_certificate_upload(*, p12: bytes, password: str) -> EcfCertificate:
    """Stores the company's .p12 and its password encrypted, once they open and fit the company.

    Refused when the password is wrong, the certificate is not valid today, or it was issued
    to another RNC: signing with it would only be rejected by DGII later.
    """
    loaded = ecf_certificate_check(p12=p12, password=password)
    return EcfCertificate.objects.create(
        subject_rnc=loaded.subject_rnc,
        subject_name=loaded.subject_name[:300],
        valid_from=loaded.certificate.not_valid_before_utc,
        valid_to=loaded.certificate.not_valid_after_utc,
        encrypted_p12=secret_encrypt(p12),
        encrypted_password=secret_encrypt(password.encode()),
    )
