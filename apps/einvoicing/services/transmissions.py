"""Writes of e-invoice transmissions: validated documents queued, delivered and followed up over Peppol and DGII."""

from __future__ import annotations

import logging
import uuid

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.errors import ApplicationError
from apps.invoicing.models import Invoice, InvoiceKind, InvoiceStatus

from ..ecf.rfce import rfce_document
from ..ecf.sequences import ecf_type_for
from ..ecf.signing import document_sign, security_code, signing_certificate
from ..findings import finding_field
from ..formats import ECF_FORMAT, PEPPOL_FORMATS, einvoice_document
from ..models import EcfType, EinvoiceTransmission, PurchaseEcf, TransmissionStatus
from ..selectors import transmission_active
from ..transmission import TransmissionRefused, TransmissionRejected, TransmissionRetryable, channel_adapter
from ..validation import ValidationResult, einvoice_validate

logger = logging.getLogger(__name__)

PEPPOL_CHANNEL = "peppol"
DGII_CHANNEL = "dgii"
DGII_SUMMARY_CHANNEL = "dgii_summary"
SUMMARY_FORMAT = "rfce"


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
        # A consumer invoice is always under DOP 250,000 here (above it the buyer must be named, which
        # makes it a 31): DGII takes only its summary.
        return DGII_SUMMARY_CHANNEL if ecf_type_for(invoice) == EcfType.CONSUMO else DGII_CHANNEL
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
    if channel in (DGII_CHANNEL, DGII_SUMMARY_CHANNEL):
        return connection.tenant.tax_id, invoice.customer_tax_id  # type: ignore[attr-defined]
    return _sender_endpoint(document), invoice.customer.peppol_id


INVALID_DOCUMENT = "einvoice_invalid"


class EinvoiceInvalid(ApplicationError):
    """A refusal to send a document the official rules reject; `result` is their verdict on exactly that document."""

    def __init__(self, result: ValidationResult) -> None:
        failed = result.errors()
        rules = ", ".join(sorted({finding.rule_id for finding in failed}))
        super().__init__(
            _("The e-invoice breaks the official rules and was not sent: %(rules)s.") % {"rules": rules},
            code=INVALID_DOCUMENT,
            field="format",
            details=[
                ApplicationError(
                    f"{finding.rule_id}: {finding.text}", code="einvoice_rule", field=finding_field(finding).key or None
                )
                for finding in failed
            ],
        )
        self.result = result


def consumer_summary(signed_ecf: bytes) -> bytes:
    """The signed RFCE that stands for a type-32 e-CF at DGII, carrying that e-CF's security code."""
    return document_sign(rfce_document(signed_ecf, code=security_code(signed_ecf)), signer=signing_certificate())


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
        active = transmission_active(channel=channel, invoice=invoice)
        if active is not None:
            return active
        chosen, document = einvoice_document(invoice=invoice, key=format_key)
        if channel == DGII_SUMMARY_CHANNEL:
            document, format_key = consumer_summary(document), SUMMARY_FORMAT
        result = einvoice_validate(document, profile=chosen.profile)
        if not result.valid:
            raise EinvoiceInvalid(result)
        sender_id, receiver_id = _endpoints(channel=channel, invoice=invoice, document=document)
        return transmission_queue(
            invoice=invoice,
            format_key=format_key,
            channel=channel,
            document=document,
            sender_id=sender_id,
            receiver_id=receiver_id,
        )


def transmission_queue(
    *,
    format_key: str,
    channel: str,
    document: bytes,
    sender_id: str,
    receiver_id: str,
    invoice: Invoice | None = None,
    purchase: PurchaseEcf | None = None,
) -> EinvoiceTransmission:
    """Stores exactly `document` as a queued transmission of the invoice or purchase e-CF and hands it
    to the delivery task once the caller's transaction commits; call it under the owner's row lock."""
    transmission = EinvoiceTransmission.objects.create(
        invoice=invoice,
        purchase=purchase,
        format_key=format_key,
        channel=channel,
        status=TransmissionStatus.QUEUED,
        document=document,
        sender_id=sender_id,
        receiver_id=receiver_id,
        idempotency_key=uuid.uuid4().hex,
    )
    from ..tasks import transmission_deliver_task  # the task module calls back into this one

    transaction.on_commit(lambda: transmission_deliver_task.delay(transmission_id=transmission.pk))
    return transmission


def transmission_deliver(*, transmission_id: int, final: bool = False) -> bool:
    """Hands one queued transmission to the access point; True if it went out now.

    Anything but "queued" is a no-op, so a duplicated or late task never submits twice (and the
    idempotency key protects the access point's side). A retryable error is counted and raised
    for the task to try again; on the `final` attempt, or when the access point refuses, the
    transmission fails with the reason. A service that answers at once (DGII's summaries) leaves
    it delivered or rejected right away.
    """
    with transaction.atomic():
        transmission = EinvoiceTransmission.objects.select_for_update().get(pk=transmission_id)
        if transmission.status != TransmissionStatus.QUEUED:
            return False
        transmission.attempts += 1
        retry: TransmissionRetryable | None = None
        adapter = channel_adapter(transmission.channel)
        try:
            transmission.message_id = adapter.submit(
                bytes(transmission.document),
                sender=transmission.sender_id,
                receiver=transmission.receiver_id,
                key=transmission.idempotency_key,
            )
        except TransmissionRejected as rejected:
            transmission.status, transmission.reason = TransmissionStatus.REJECTED, str(rejected)
        except TransmissionRefused as refused:
            transmission.status, transmission.reason = TransmissionStatus.FAILED, str(refused)
        except TransmissionRetryable as error:
            retry, transmission.reason = error, str(error)
            if final:
                transmission.status = TransmissionStatus.FAILED
        else:
            settled = adapter.answers_on_submit
            transmission.status = TransmissionStatus.DELIVERED if settled else TransmissionStatus.SENT
            transmission.reason, transmission.sent_at = "", timezone.now()
        transmission.save()
    if retry is not None and not final:
        raise retry
    return transmission.sent_at is not None


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


def consumer_summaries_send() -> int:
    """Daily: queues the summary of every consumer e-CF that DGII has not had yet; returns how many.

    DGII wants the summaries of type-32 invoices under DOP 250,000 the day they are issued; "Send to
    DGII" sends one at once, and this run catches the rest. An invoice whose summary is under way,
    delivered or rejected is skipped (a rejected one needs a person, not a repeat); a failed one is
    tried again. A refusal, such as an expired certificate, is logged and the next invoice tried.
    """
    handled = EinvoiceTransmission.objects.filter(channel=DGII_SUMMARY_CHANNEL).exclude(
        status=TransmissionStatus.FAILED
    )
    waiting = (
        Invoice.objects.filter(number__startswith=f"E{EcfType.CONSUMO}", kind=InvoiceKind.INVOICE)
        .exclude(status__in=(InvoiceStatus.DRAFT, InvoiceStatus.CANCELLED))
        .exclude(pk__in=handled.values("invoice_id"))
        .order_by("pk")
    )
    queued = 0
    for invoice in waiting:
        try:
            einvoice_transmit(invoice=invoice, format_key=ECF_FORMAT)
        except ApplicationError as refusal:
            logger.warning("consumer summary of %s not sent: %s", invoice.number, refusal.message)
        else:
            queued += 1
    return queued
