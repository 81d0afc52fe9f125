"""Sending e-CF to DGII: signed seed for a token, reception with the bearer token, the result by TrackId.

A real HTTP server on 127.0.0.1 plays DGII's services with their documented shapes (the
consumer-summary reception too, see test_ecf_summary.py): it
verifies the signed seed with the company's certificate (signxml), refuses reception without
the token (401) and answers states in order; tasks run through `run_queued_work`.
"""

from __future__ import annotations

import datetime
import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from cryptography.hazmat.primitives.serialization import Encoding
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from lxml import etree
from signxml import XMLVerifier

from apps.core.errors import ApplicationError
from apps.einvoicing.ecf import security_code
from apps.einvoicing.ecf.signing import secret_encrypt, signing_certificate
from apps.einvoicing.models import EcfCertificate, EinvoiceTransmission, EncfRange, TransmissionStatus
from apps.einvoicing.services import einvoice_transmit, transmissions_poll
from apps.einvoicing.tests.factories import p12_make
from apps.einvoicing.transmission import DgiiAdapter
from apps.invoicing.models import Invoice
from apps.tenants.models import Tenant, User

from .test_ecf import RNC, _customer, _issue, certificate, in_do, ranges, tenant_c  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db
BASE = "/TesteCF"


def _uploaded_file(body: bytes) -> bytes:
    """The file of a one-part multipart/form-data body."""
    part = body.split(b"\r\n\r\n", 1)[1]
    return part.rsplit(b"\r\n--", 1)[0]


class DgiiServer:
    """DGII's test environment in miniature; `answers` script reception, `states` the Estado answers per trackId."""

    def __init__(self, certificate_pem: str) -> None:
        self.seeds: list[str] = []
        self.tokens: set[str] = set()
        self.received: list[bytes] = []
        self.answers: list[tuple[int, dict[str, Any]] | str] = []
        self.states: dict[str, list[dict[str, Any]]] = {}
        self.summaries: list[bytes] = []
        self.summary_answers: list[dict[str, Any]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _send(self, code: int, body: bytes, content_type: str = "application/json") -> None:
                self.send_response(code)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def _json(self, code: int, body: dict[str, Any]) -> None:
                self._send(code, json.dumps(body).encode())

            def _authorised(self) -> bool:
                token = (self.headers.get("Authorization") or "").removeprefix("Bearer ")
                if token not in server.tokens:
                    self._json(401, {"message": "Unauthorized"})
                    return False
                return True

            def do_GET(self) -> None:
                url = urllib.parse.urlsplit(self.path)
                if url.path == f"{BASE}/autenticacion/api/Autenticacion/Semilla":
                    value = uuid.uuid4().hex
                    server.seeds.append(value)
                    seed = (
                        f"<SemillaModel><valor>{value}</valor><fecha>{timezone.now():%Y-%m-%d}</fecha></SemillaModel>"
                    )
                    self._send(200, seed.encode(), "text/xml")
                elif url.path == f"{BASE}/consultaresultado/api/Consultas/Estado" and self._authorised():
                    track_id = urllib.parse.parse_qs(url.query)["trackid"][0]
                    queue = server.states.get(track_id) or [{"estado": "En Proceso", "mensajes": []}]
                    state = queue.pop(0) if len(queue) > 1 else queue[0]
                    self._json(200, {"trackId": track_id, "codigo": 1, **state})

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                if self.path == f"{BASE}/autenticacion/api/Autenticacion/ValidarSemilla":
                    verified = XMLVerifier().verify(_uploaded_file(body), x509_cert=certificate_pem)
                    assert not isinstance(verified, list) and verified.signed_xml is not None
                    assert verified.signed_xml.findtext("valor") in server.seeds
                    token = uuid.uuid4().hex
                    server.tokens.add(token)
                    expires = timezone.now() + datetime.timedelta(hours=1)
                    self._json(200, {"token": token, "expira": expires.isoformat(), "expedido": "now"})
                elif self.path == f"{BASE}/recepcion/api/FacturasElectronicas" and self._authorised():
                    answer = server.answers.pop(0) if server.answers else (200, {"trackId": ""})
                    if answer == "hang":
                        time.sleep(1.0)
                        answer = (200, {"trackId": "too-late"})
                    assert isinstance(answer, tuple)
                    code, reply = answer
                    if code == 200:
                        server.received.append(_uploaded_file(body))
                        reply = {"trackId": reply["trackId"] or f"track-{len(server.received)}", "error": None}
                    self._json(code, reply)
                elif self.path == f"{BASE}/recepcionfc/api/recepcion/ecf" and self._authorised():
                    summary = _uploaded_file(body)
                    server.summaries.append(summary)
                    encf = etree.fromstring(summary).findtext("Encabezado/IdDoc/eNCF")
                    verdict = server.summary_answers.pop(0) if server.summary_answers else {"estado": "Aceptado"}
                    self._json(200, {"rnc": RNC, "encf": encf, "secuenciaUtilizada": True, "mensajes": [], **verdict})

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}{BASE}"


@pytest.fixture
def dgii(settings, certificate: EcfCertificate) -> Iterator[DgiiServer]:  # type: ignore[no-untyped-def]  # noqa: F811
    pem = signing_certificate().certificate.public_bytes(Encoding.PEM).decode()
    server = DgiiServer(pem)
    thread = threading.Thread(target=server.httpd.serve_forever, daemon=True)
    thread.start()
    settings.DGII_ECF_BASE_URL = settings.DGII_FC_BASE_URL = server.url  # one server plays both hosts
    settings.PEPPOL_CONNECT_TIMEOUT = settings.PEPPOL_READ_TIMEOUT = 0.3
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()


@pytest.fixture
def invoice(ranges: dict[int, EncfRange]) -> Invoice:  # noqa: F811
    return _issue(_customer())


def test_an_ecf_is_signed_once_sent_with_a_token_and_its_result_polled(
    dgii: DgiiServer, invoice: Invoice, run_queued_work
) -> None:  # type: ignore[no-untyped-def]
    with run_queued_work():
        transmission = einvoice_transmit(invoice=invoice, format_key="ecf")
        again = einvoice_transmit(invoice=invoice, format_key="ecf")

    assert again.pk == transmission.pk
    transmission.refresh_from_db()
    assert (transmission.channel, transmission.status, transmission.message_id) == ("dgii", "sent", "track-1")
    assert (transmission.sender_id, transmission.receiver_id) == (RNC, "101014334")
    [received] = dgii.received
    assert received == bytes(transmission.document)
    assert etree.fromstring(received).findtext("Encabezado/IdDoc/eNCF") == invoice.number
    assert transmission.security_code == security_code(received) and len(transmission.security_code) == 6

    dgii.states["track-1"] = [{"estado": "En Proceso", "mensajes": []}, {"estado": "Aceptado", "mensajes": []}]
    assert transmissions_poll() == 0
    transmission.refresh_from_db()
    assert transmission.status == TransmissionStatus.SENT
    assert transmissions_poll() == 1
    assert transmissions_poll() == 0
    transmission.refresh_from_db()
    assert (transmission.status, transmission.reason) == (TransmissionStatus.DELIVERED, "")
    assert len(dgii.seeds) == 1  # the token from the first seed served reception and every status request


@pytest.fixture
def owner(in_do: Tenant) -> tuple[Tenant, User]:  # noqa: F811
    """The Dominican company and its owner, for signing in."""
    return in_do, User.objects.get(email="owner@caribe.test")


def test_a_rejection_carries_dgii_messages(dgii: DgiiServer, invoice: Invoice, run_queued_work) -> None:  # type: ignore[no-untyped-def]
    with run_queued_work():
        transmission = einvoice_transmit(invoice=invoice, format_key="ecf")
    dgii.states["track-1"] = [
        {"estado": "Rechazado", "mensajes": [{"valor": "El eNCF ya fue utilizado", "codigo": 145}]}
    ]

    assert transmissions_poll() == 1

    transmission.refresh_from_db()
    assert (transmission.status, transmission.reason) == ("rejected", "145: El eNCF ya fue utilizado")


def test_server_errors_and_timeouts_are_retried(dgii: DgiiServer, invoice: Invoice, run_queued_work) -> None:  # type: ignore[no-untyped-def]
    dgii.answers = [(503, {"message": "mantenimiento"}), "hang"]

    with run_queued_work():
        transmission = einvoice_transmit(invoice=invoice, format_key="ecf")

    transmission.refresh_from_db()
    assert (transmission.status, transmission.attempts) == ("sent", 3)
    assert len(dgii.received) == 1 and len(dgii.seeds) == 1


def test_a_token_dgii_no_longer_accepts_is_replaced(dgii: DgiiServer, invoice: Invoice, run_queued_work) -> None:  # type: ignore[no-untyped-def]
    cache.set(DgiiAdapter(base_url=dgii.url)._token_key(), "revoked-token")

    with run_queued_work():
        transmission = einvoice_transmit(invoice=invoice, format_key="ecf")

    transmission.refresh_from_db()
    assert (transmission.status, transmission.attempts) == ("sent", 2)
    assert len(dgii.seeds) == 1
    assert cache.get(DgiiAdapter(base_url=dgii.url)._token_key()) in dgii.tokens


@pytest.mark.parametrize(
    ("rnc", "days_left", "code"),
    [(RNC, -1, "ecf_certificate_expired"), ("130000099", 300, "ecf_certificate_rnc_mismatch")],
)
def test_no_transmission_with_a_certificate_that_cannot_sign(
    invoice: Invoice,
    certificate: EcfCertificate,  # noqa: F811
    rnc: str,
    days_left: int,
    code: str,
) -> None:
    now = timezone.now()
    unusable = p12_make(
        rnc=rnc, not_before=now - datetime.timedelta(days=400), not_after=now + datetime.timedelta(days=days_left)
    )
    EcfCertificate.objects.update(encrypted_p12=secret_encrypt(unusable))

    with pytest.raises(ApplicationError) as refused:
        einvoice_transmit(invoice=invoice, format_key="ecf")

    assert (refused.value.code, refused.value.field) == (code, "certificate")
    assert not EinvoiceTransmission.objects.exists()


def test_the_api_sends_to_dgii_and_shows_the_security_code(dgii, invoice, owner, run_queued_work, token_for) -> None:  # type: ignore[no-untyped-def]
    client = token_for(*owner)

    with run_queued_work():
        response = client.post(f"/api/v1/invoices/{invoice.pk}/einvoice/ecf/send/")

    assert response.status_code == 202, response.content
    body = response.json()
    transmission = EinvoiceTransmission.objects.get()
    assert (body["channel"], body["status"], body["security_code"]) == ("dgii", "queued", transmission.security_code)
    history = client.get(f"/api/v1/invoices/{invoice.pk}/einvoice-transmissions/").json()
    assert [(row["status"], row["message_id"]) for row in history] == [("sent", "track-1")]


def test_an_invoice_numbered_outside_any_range_is_not_sent(in_do: Tenant, certificate: EcfCertificate) -> None:  # noqa: F811
    invoice = _issue(_customer())  # no e-NCF range yet: a series number, not an e-NCF

    with pytest.raises(ApplicationError) as refused:
        einvoice_transmit(invoice=invoice, format_key="ecf")

    assert refused.value.field == "number"
    assert not EinvoiceTransmission.objects.exists()


def test_the_card_sends_to_dgii_and_shows_the_track_id(dgii, invoice, owner, run_queued_work, login_as) -> None:  # type: ignore[no-untyped-def]
    client: Client = login_as(*owner)
    page = client.get(f"/invoices/{invoice.pk}/einvoice/")
    assert "Send to DGII" in page.content.decode()

    with run_queued_work():
        response = client.post(f"/invoices/{invoice.pk}/einvoice/ecf/send/")

    assert response.status_code == 200, response.content
    transmission = EinvoiceTransmission.objects.get()
    assert f"security code {transmission.security_code}" in response.content.decode()
    history = client.get(f"/invoices/{invoice.pk}/einvoice/").content.decode()
    assert "track-1" in history
