"""Writes of the e-invoicing app: the e-NCF ranges and signing certificate, and Peppol and DGII transmissions."""

from __future__ import annotations

import datetime
import uuid

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.errors import ApplicationError
from apps.invoicing.models import Invoice

from .ecf.sequences import ecf_type_for
from .ecf.signing import LoadedCertificate, certificate_load, certificate_usable_require, secret_encrypt
from .formats import einvoice_document
from .models import (
    MAX_SEQUENCE,
    TRANSMISSION_CLOSED,
    EcfCertificate,
    EcfType,
    EinvoiceTransmission,
    EncfRange,
    TransmissionStatus,
)
from .transmission import TransmissionRefused, TransmissionRetryable, channel_adapter
from .validation import einvoice_validate


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


# The formats the Peppol network carries: BIS Billing 3.0, and XRechnung UBL (a Peppol CIUS in Germany).
PEPPOL_FORMATS = ("peppol", "xrechnung-ubl")
PEPPOL_CHANNEL = "peppol"
# The Dominican e-CF goes to DGII's reception service instead.
ECF_FORMAT = "ecf"
DGII_CHANNEL = "dgii"


def _sender_endpoint(document: bytes) -> str:
    """The seller's electronic address as the document states it (BT-34), "scheme:id" like Peppol ids."""
    from lxml import etree

    found = etree.fromstring(document).find("{*}AccountingSupplierParty/{*}Party/{*}EndpointID")
    if found is None or not (found.text or "").strip():
        raise ApplicationError(
            _("The document names no electronic address of the seller."), code="no_sender", field="seller_endpoint"
        )
    return f"{found.get('schemeID', '')}:{found.text.strip()}"


def _transmission_channel(*, invoice: Invoice, format_key: str) -> str:
    """The channel that carries this format, or why this invoice cannot be sent in it (field named)."""
    if format_key == ECF_FORMAT:
        if ecf_type_for(invoice) == EcfType.CONSUMO:  # always under DOP 250,000: above it the buyer is named
            # DGII takes these only in the daily consumer summary (RFCE), which Kontor does not send yet.
            raise ApplicationError(
                _(
                    "A consumer invoice under DOP 250,000 goes to DGII in the daily summary (RFCE), "
                    "which Kontor does not send yet; it is not sent on its own."
                ),
                code="rfce_required",
                field="format",
            )
        return DGII_CHANNEL
    if format_key not in PEPPOL_FORMATS:
        raise ApplicationError(_("This format is not sent over Peppol."), code="not_peppol_format", field="format")
    if not invoice.customer.peppol_id:
        raise ApplicationError(
            _("The customer has no Peppol id, so the invoice cannot be sent over Peppol."),
            code="no_peppol_id",
            field="customer.peppol_id",
        )
    return PEPPOL_CHANNEL


def _endpoints(*, channel: str, invoice: Invoice, document: bytes) -> tuple[str, str]:
    """Sender and receiver as the channel names them: Peppol ids, or the RNCs for DGII."""
    if channel == DGII_CHANNEL:
        return connection.tenant.tax_id, invoice.customer_tax_id  # type: ignore[attr-defined]
    return _sender_endpoint(document), invoice.customer.peppol_id


def einvoice_transmit(*, invoice: Invoice, format_key: str = "peppol") -> EinvoiceTransmission:
    """Validates the invoice's e-invoice and queues exactly those bytes for Peppol or, for e-CF, DGII.

    A document the official rules reject is not sent and nothing is stored (400 `einvoice_invalid`
    listing the rule ids). While a transmission of the invoice is active (not failed or rejected),
    a second call returns that one unchanged: pressing "Send" twice sends once. A failed or
    rejected one may be followed by a new attempt. An e-CF is signed once here and its stored
    bytes are what DGII receives, so the security code printed from them never changes.
    """
    channel = _transmission_channel(invoice=invoice, format_key=format_key)
    with transaction.atomic():
        Invoice.objects.select_for_update(of=("self",)).get(pk=invoice.pk)  # one sender at a time per invoice
        active = (
            EinvoiceTransmission.objects.filter(invoice=invoice, channel=channel)
            .exclude(status__in=TRANSMISSION_CLOSED)
            .first()
        )
        if active is not None:
            return active
        chosen, document = einvoice_document(invoice=invoice, key=format_key)
        result = einvoice_validate(document, profile=chosen.profile)
        if not result.valid:
            rules = sorted({finding.rule_id for finding in result.errors()})
            raise ApplicationError(
                _("The e-invoice breaks the official rules and was not sent: %(rules)s.") % {"rules": ", ".join(rules)},
                code="einvoice_invalid",
                field="format",
            )
        sender_id, receiver_id = _endpoints(channel=channel, invoice=invoice, document=document)
        transmission = EinvoiceTransmission.objects.create(
            invoice=invoice,
            format_key=format_key,
            channel=channel,
            status=TransmissionStatus.QUEUED,
            document=document,
            sender_id=sender_id,
            receiver_id=receiver_id,
            idempotency_key=uuid.uuid4().hex,
        )
        from .tasks import transmission_deliver_task  # the task module calls back into this one

        transaction.on_commit(lambda: transmission_deliver_task.delay(transmission_id=transmission.pk))
    return transmission


def transmission_deliver(*, transmission_id: int, final: bool = False) -> bool:
    """Hands one queued transmission to the access point; True if it went out now.

    Anything but "queued" is a no-op, so a duplicated or late task never submits twice (and the
    idempotency key protects the access point's side). A retryable error is counted and raised
    for the task to try again; on the `final` attempt, or when the access point refuses, the
    transmission fails with the reason.
    """
    with transaction.atomic():
        transmission = EinvoiceTransmission.objects.select_for_update().get(pk=transmission_id)
        if transmission.status != TransmissionStatus.QUEUED:
            return False
        transmission.attempts += 1
        retry: TransmissionRetryable | None = None
        try:
            transmission.message_id = channel_adapter(transmission.channel).submit(
                bytes(transmission.document),
                sender=transmission.sender_id,
                receiver=transmission.receiver_id,
                key=transmission.idempotency_key,
            )
        except TransmissionRefused as refused:
            transmission.status, transmission.reason = TransmissionStatus.FAILED, str(refused)
        except TransmissionRetryable as error:
            retry, transmission.reason = error, str(error)
            if final:
                transmission.status = TransmissionStatus.FAILED
        else:
            transmission.status, transmission.reason = TransmissionStatus.SENT, ""
            transmission.sent_at = timezone.now()
        transmission.save()
    if retry is not None and not final:
        raise retry
    return transmission.status == TransmissionStatus.SENT


def transmissions_poll() -> int:
    """Asks the access point or DGII what became of sent transmissions; returns how many changed.

    Only "sent" ones are asked, so delivered and rejected ones stay as they are however often it
    runs. A service that cannot answer now is asked again on the next run.
    """
    changed = 0
    for pk in EinvoiceTransmission.objects.filter(status=TransmissionStatus.SENT).values_list("pk", flat=True):
        with transaction.atomic():
            transmission = EinvoiceTransmission.objects.select_for_update().get(pk=pk)
            if transmission.status != TransmissionStatus.SENT:
                continue
            try:
                state = channel_adapter(transmission.channel).status(transmission.message_id)
            except (TransmissionRetryable, TransmissionRefused):
                continue
            if state.status in (TransmissionStatus.DELIVERED, TransmissionStatus.REJECTED):
                transmission.status, transmission.reason = state.status, state.reason
                transmission.save(update_fields=["status", "reason", "updated_at"])
                changed += 1
    return changed
