# ruff: noqa: F811 - pytest fixtures imported from the DGII and e-CF tests are redefined as arguments
"""The signed e-CF kept once, its QR on the printed invoice, and consumer summaries (RFCE) sent to DGII.

The DGII server of test_dgii.py plays the consumer-summary reception too; the kit's own
validator checks the summaries and computes the QR URL the printed invoice must carry.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from django.utils.html import escape
from lxml import etree

from apps.einvoicing.ecf import security_code
from apps.einvoicing.ecf.timbre import ecf_facts, timbre_qr, timbre_url
from apps.einvoicing.models import EcfCertificate, EinvoiceTransmission, EncfRange, SignedEcf, TransmissionStatus
from apps.einvoicing.services import consumer_summaries_send, einvoice_transmit
from apps.einvoicing.tasks import consumer_summaries_send_task
from apps.einvoicing.validation import einvoice_validate
from apps.invoicing.models import Invoice
from apps.invoicing.pdf import invoice_html
from apps.tenants.models import Tenant, User

from .kit import ecf_kit_report
from .test_dgii import DgiiServer, dgii, owner  # noqa: F401 - fixtures
from .test_ecf import RNC, _customer, _issue, certificate, in_do, ranges, tenant_c  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


@pytest.fixture
def consumer_invoice(ranges: dict[int, EncfRange]) -> Invoice:
    return _issue(_customer(tax_id="", name="Farmacia Carol"))


def test_an_ecf_is_signed_once_for_every_download(
    consumer_invoice: Invoice, certificate: EcfCertificate, owner: tuple[Tenant, User], token_for
) -> None:  # type: ignore[no-untyped-def]
    api = token_for(*owner)

    first = api.get(f"/api/v1/invoices/{consumer_invoice.pk}/einvoice/ecf/")
    second = api.get(f"/api/v1/invoices/{consumer_invoice.pk}/einvoice/ecf/")

    assert first.status_code == 200 and first.content == second.content
    stored = SignedEcf.objects.get(invoice=consumer_invoice)
    assert bytes(stored.document) == first.content
    assert (stored.encf, stored.ecf_type, stored.total) == (consumer_invoice.number, 32, consumer_invoice.total_gross)
    assert stored.security_code == security_code(first.content)


def test_the_printed_ecf_carries_dgii_qr_and_security_code(
    consumer_invoice: Invoice, certificate: EcfCertificate, tmp_path: Path
) -> None:
    html = invoice_html(consumer_invoice)

    signed = SignedEcf.objects.get(invoice=consumer_invoice)
    assert f"Security code: {signed.security_code}" in html
    kit = ecf_kit_report(bytes(signed.document), tmp_path, env="testecf")
    assert timbre_url(ecf_facts(bytes(signed.document)), code=signed.security_code) == kit["info"]["timbre_url"]
    # The printed QR encodes exactly the URL DGII's kit computes for this document.
    assert f'class="stamp-qr" src="{escape(timbre_qr(kit["info"]["timbre_url"]))}"' in html


def test_a_tax_credit_qr_names_the_buyer_and_the_signing_time(
    ranges: dict[int, EncfRange], certificate: EcfCertificate, tmp_path: Path
) -> None:
    invoice = _issue(_customer())
    invoice_html(invoice)
    signed = SignedEcf.objects.get(invoice=invoice)
    url = timbre_url(ecf_facts(bytes(signed.document)), code=signed.security_code)
    assert url == ecf_kit_report(bytes(signed.document), tmp_path, env="testecf")["info"]["timbre_url"]
    assert (
        url.startswith("https://ecf.dgii.gov.do/testecf/ConsultaTimbre?RncEmisor=") and "RncComprador=101014334" in url
    )


def test_without_a_certificate_the_pdf_says_the_ecf_is_not_signed(consumer_invoice: Invoice) -> None:
    html = invoice_html(consumer_invoice)

    assert "e-CF not signed yet: Upload the company&#x27;s e-CF certificate" in html
    assert not SignedEcf.objects.exists()


def test_send_sends_a_consumer_invoice_as_its_summary(
    dgii: DgiiServer, consumer_invoice: Invoice, run_queued_work, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    with run_queued_work():
        transmission = einvoice_transmit(invoice=consumer_invoice, format_key="ecf")

    transmission.refresh_from_db()
    assert (transmission.channel, transmission.format_key, transmission.status) == ("dgii_summary", "rfce", "delivered")
    assert dgii.received == []  # never the e-CF itself
    [summary] = dgii.summaries
    assert summary == bytes(transmission.document)
    assert einvoice_validate(summary, profile="ecf").findings == ()
    kit = ecf_kit_report(summary, tmp_path, env="testecf")
    assert (kit["valid"], kit["errors"], kit["document"]) == (True, [], "RFCE")
    root = etree.fromstring(summary)
    signed = SignedEcf.objects.get(invoice=consumer_invoice)
    assert root.findtext("Encabezado/CodigoSeguridadeCF") == signed.security_code == transmission.security_code
    assert root.findtext("Encabezado/IdDoc/eNCF") == consumer_invoice.number
    assert root.findtext("Encabezado/Totales/MontoTotal") == f"{consumer_invoice.total_gross:.2f}"
    assert root.findtext("Encabezado/Comprador/RazonSocialComprador") == "Farmacia Carol"


def test_a_rejected_summary_keeps_dgii_messages(dgii: DgiiServer, consumer_invoice: Invoice, run_queued_work) -> None:  # type: ignore[no-untyped-def]
    dgii.summary_answers.append({"estado": "Rechazado", "mensajes": [{"codigo": 613, "valor": "Monto no coincide"}]})

    with run_queued_work():
        transmission = einvoice_transmit(invoice=consumer_invoice, format_key="ecf")

    transmission.refresh_from_db()
    assert (transmission.status, transmission.reason) == (TransmissionStatus.REJECTED, "613: Monto no coincide")


def test_the_daily_run_summarises_each_consumer_invoice_once(
    dgii: DgiiServer, ranges: dict[int, EncfRange], run_queued_work
) -> None:  # type: ignore[no-untyped-def]
    consumers = [_issue(_customer(tax_id="", name=name)) for name in ("Farmacia Carol", "Colmado Juan")]
    tax_credit = _issue(_customer())

    with run_queued_work():
        assert consumer_summaries_send_task.delay().get() == 2
        assert consumer_summaries_send() == 0

    rows = EinvoiceTransmission.objects.order_by("invoice_id")
    assert [(row.invoice_id, row.channel, row.status) for row in rows] == [
        (invoice.pk, "dgii_summary", "delivered") for invoice in consumers
    ]
    assert len(dgii.summaries) == 2 and not EinvoiceTransmission.objects.filter(invoice=tax_credit).exists()


def test_a_failed_summary_is_tried_again_the_next_day(
    dgii: DgiiServer, consumer_invoice: Invoice, run_queued_work
) -> None:  # type: ignore[no-untyped-def]
    EinvoiceTransmission.objects.create(
        invoice=consumer_invoice,
        format_key="rfce",
        channel="dgii_summary",
        status=TransmissionStatus.FAILED,
        document=b"<RFCE/>",
        sender_id=RNC,
        receiver_id="",
        idempotency_key="failed-once",
    )

    with run_queued_work():
        assert consumer_summaries_send() == 1

    assert EinvoiceTransmission.objects.filter(status=TransmissionStatus.DELIVERED).count() == 1


def test_the_card_offers_dgii_for_a_consumer_invoice(
    dgii: DgiiServer, consumer_invoice: Invoice, owner: tuple[Tenant, User], run_queued_work, login_as
) -> None:  # type: ignore[no-untyped-def]
    client: Client = login_as(*owner)

    with run_queued_work():
        response = client.post(f"/invoices/{consumer_invoice.pk}/einvoice/ecf/send/")

    assert response.status_code == 200
    transmission = EinvoiceTransmission.objects.get()
    assert transmission.status == TransmissionStatus.DELIVERED
    assert f"security code {transmission.security_code}" in response.content.decode()
