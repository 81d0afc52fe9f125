"""Peppol transmission: validated bytes queued, submitted once by the task, retried, failed with the reason, polled.

The HTTP adapter talks to a real HTTP server on 127.0.0.1 that follows the documented access-point
protocol; tasks run through `run_queued_work` as a worker would run them after the commit.
"""

from __future__ import annotations

import dataclasses
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django_tenants.utils import tenant_context
from lxml import etree

from apps.einvoicing.formats import FORMATS
from apps.einvoicing.models import EinvoiceTransmission, TransmissionStatus
from apps.einvoicing.services import einvoice_transmit, transmissions_poll
from apps.einvoicing.tasks import transmission_deliver_task, transmissions_poll_task
from apps.einvoicing.ubl import ubl_render
from apps.invoicing.models import Invoice
from apps.parties.models import Party
from apps.tenants.models import Role, Tenant
from apps.tenants.services import membership_grant
from apps.tenants.tests.factories import UserFactory

from .cases import case_intra_community

pytestmark = pytest.mark.django_db
TOKEN = "ap-secret"


class AccessPointServer:
    """A scripted access point: POST answers are taken from `answers` in order (then 201), GETs from `states`."""

    def __init__(self) -> None:
        self.answers: list[tuple[int, dict[str, Any]] | str] = []
        self.states: dict[str, dict[str, str]] = {}
        self.received: list[dict[str, Any]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _answer(self, code: int, body: dict[str, Any]) -> None:
                raw = json.dumps(body).encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                server.received.append({"path": self.path, "headers": dict(self.headers), "body": body})
                answer = server.answers.pop(0) if server.answers else (201, {"id": f"ap-{len(server.received)}"})
                if answer == "hang":
                    time.sleep(1.0)
                    answer = (201, {"id": "too-late"})
                assert isinstance(answer, tuple)
                self._answer(*answer)

            def do_GET(self) -> None:
                message_id = self.path.rsplit("/", 1)[-1]
                self._answer(200, server.states.get(message_id, {"status": "sent"}))

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"

    def posts(self) -> list[dict[str, Any]]:
        return [request for request in self.received if request["path"] == "/v1/documents"]


@pytest.fixture
def access_point(settings) -> Iterator[AccessPointServer]:  # type: ignore[no-untyped-def]
    server = AccessPointServer()
    thread = threading.Thread(target=server.httpd.serve_forever, daemon=True)
    thread.start()
    settings.PEPPOL_ACCESS_POINT = {"adapter": "http", "base_url": server.url, "token": TOKEN}
    settings.PEPPOL_CONNECT_TIMEOUT = settings.PEPPOL_READ_TIMEOUT = 0.3
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()


@pytest.fixture
def invoice(tenant_a) -> Invoice:  # type: ignore[no-untyped-def]
    """Goods to an Austrian business reachable on Peppol (9914:ATU13585627)."""
    with tenant_context(tenant_a):
        return case_intra_community()


def _send(client: Any, invoice: Invoice, key: str = "peppol") -> Any:
    return client.post(f"/api/v1/invoices/{invoice.pk}/einvoice/{key}/send/")


def _transmission(tenant: Tenant, pk: int) -> EinvoiceTransmission:
    with tenant_context(tenant):
        return EinvoiceTransmission.objects.get(pk=pk)


def test_sending_submits_exactly_the_validated_document_once(  # type: ignore[no-untyped-def]
    tenant_a, owner_a, token_for, run_queued_work, access_point, invoice
):
    client = token_for(tenant_a, owner_a)

    with run_queued_work():
        response = _send(client, invoice)
        again = _send(client, invoice)

    assert response.status_code == 202, response.content
    assert (response.json()["status"], response.json()["receiver_id"]) == ("queued", "9914:ATU13585627")
    assert again.status_code == 202 and again.json()["id"] == response.json()["id"]
    sent = _transmission(tenant_a, response.json()["id"])
    assert (sent.status, sent.message_id, sent.attempts, sent.reason) == (TransmissionStatus.SENT, "ap-1", 1, "")
    assert sent.sent_at is not None
    [post] = access_point.posts()
    assert post["body"] == bytes(sent.document)
    assert etree.fromstring(post["body"]).findtext("{*}ID") == invoice.number
    headers = post["headers"]
    assert headers["Authorization"] == f"Bearer {TOKEN}"
    assert headers["Idempotency-Key"] == sent.idempotency_key and len(sent.idempotency_key) == 32
    assert (headers["X-Peppol-Sender"], headers["X-Peppol-Receiver"]) == (sent.sender_id, "9914:ATU13585627")
    assert sent.sender_id.startswith("9930:DE")
    history = client.get(f"/api/v1/invoices/{invoice.pk}/einvoice-transmissions/").json()
    assert [(row["id"], row["status"], row["message_id"]) for row in history] == [(sent.pk, "sent", "ap-1")]


def test_a_duplicated_task_submits_once(tenant_a, run_queued_work, access_point, invoice):  # type: ignore[no-untyped-def]
    with tenant_context(tenant_a):
        with run_queued_work():
            transmission = einvoice_transmit(invoice=invoice)
        again = transmission_deliver_task.apply(kwargs={"transmission_id": transmission.pk})

        assert again.get() is False
    assert len(access_point.posts()) == 1


def test_a_server_error_is_retried_with_the_same_idempotency_key(  # type: ignore[no-untyped-def]
    tenant_a, run_queued_work, access_point, invoice
):
    access_point.answers = [(500, {"message": "database down"})]

    with tenant_context(tenant_a), run_queued_work():
        transmission = einvoice_transmit(invoice=invoice)

    transmission = _transmission(tenant_a, transmission.pk)
    assert (transmission.status, transmission.attempts, transmission.message_id) == ("sent", 2, "ap-2")
    keys = {post["headers"]["Idempotency-Key"] for post in access_point.posts()}
    assert keys == {transmission.idempotency_key}


def test_a_timeout_is_retried(tenant_a, run_queued_work, access_point, invoice):  # type: ignore[no-untyped-def]
    access_point.answers = ["hang"]

    with tenant_context(tenant_a), run_queued_work():
        transmission = einvoice_transmit(invoice=invoice)

    transmission = _transmission(tenant_a, transmission.pk)
    assert (transmission.status, transmission.attempts, transmission.message_id) == ("sent", 2, "ap-2")


def test_lasting_server_errors_back_off_and_then_fail_with_the_reason(  # type: ignore[no-untyped-def]
    tenant_a, run_queued_work, access_point, invoice, monkeypatch
):
    access_point.answers = [(503, {"message": "maintenance"})] * 6
    countdowns = []
    retry = transmission_deliver_task.retry

    def recorded_retry(*args: Any, **kwargs: Any) -> Any:
        countdowns.append(kwargs["countdown"])
        return retry(*args, **kwargs)

    monkeypatch.setattr(transmission_deliver_task, "retry", recorded_retry)

    with tenant_context(tenant_a), run_queued_work():
        transmission = einvoice_transmit(invoice=invoice)

    transmission = _transmission(tenant_a, transmission.pk)
    assert countdowns == [2, 4, 8, 16, 32]
    assert (transmission.status, transmission.attempts, transmission.reason) == ("failed", 6, "503: maintenance")


def test_a_refusal_fails_at_once_with_the_providers_reason_and_may_be_sent_again(  # type: ignore[no-untyped-def]
    tenant_a, owner_a, token_for, run_queued_work, access_point, invoice
):
    access_point.answers = [(422, {"reason": "Receiver 9914:ATU13585627 not registered in SMP"})]
    client = token_for(tenant_a, owner_a)

    with run_queued_work():
        first = _send(client, invoice).json()
    with run_queued_work():
        second = _send(client, invoice).json()

    refused = _transmission(tenant_a, first["id"])
    assert (refused.status, refused.attempts) == ("failed", 1)
    assert refused.reason == "422: Receiver 9914:ATU13585627 not registered in SMP"
    assert second["id"] != first["id"]
    assert _transmission(tenant_a, second["id"]).status == "sent"


def test_polling_records_delivery_and_rejection_once(tenant_a, run_queued_work, access_point):  # type: ignore[no-untyped-def]
    with tenant_context(tenant_a):
        with run_queued_work():
            delivered = einvoice_transmit(invoice=case_intra_community())
            rejected = einvoice_transmit(invoice=case_intra_community())
        access_point.states = {
            "ap-1": {"status": "delivered"},
            "ap-2": {"status": "rejected", "reason": "BR-DE-15 buyer reference missing"},
        }

        changed = transmissions_poll_task.apply(kwargs={"on": "2031-03-10"}).get()
        again = transmissions_poll()

        delivered.refresh_from_db()
        rejected.refresh_from_db()
    assert (changed, again) == (2, 0)
    assert delivered.status == "delivered"
    assert (rejected.status, rejected.reason) == ("rejected", "BR-DE-15 buyer reference missing")


def test_the_outbox_gets_the_document_and_a_sidecar_and_no_partial_files(  # type: ignore[no-untyped-def]
    tenant_a, run_queued_work, settings, tmp_path: Path, invoice
):
    settings.PEPPOL_ACCESS_POINT = {"adapter": "outbox", "folder": str(tmp_path / "outbox")}

    with tenant_context(tenant_a):
        with run_queued_work():
            transmission = einvoice_transmit(invoice=invoice)
        transmission.refresh_from_db()
        polled = transmissions_poll()

    key = transmission.idempotency_key
    assert sorted(path.name for path in (tmp_path / "outbox").iterdir()) == [f"{key}.json", f"{key}.xml"]
    assert (tmp_path / "outbox" / f"{key}.xml").read_bytes() == bytes(transmission.document)
    sidecar = json.loads((tmp_path / "outbox" / f"{key}.json").read_text())
    assert sidecar == {"sender": transmission.sender_id, "receiver": "9914:ATU13585627", "idempotency_key": key}
    assert (transmission.status, transmission.message_id, polled) == ("sent", key, 0)


def broken_render(invoice: Invoice, *, profile: str) -> bytes:
    """The real Peppol document with a type code no code list knows: the Schematron must catch it."""
    return ubl_render(invoice, profile=profile).replace(b">380</cbc:InvoiceTypeCode>", b">999</cbc:InvoiceTypeCode>")


def test_an_invalid_document_is_not_sent_and_nothing_is_stored(  # type: ignore[no-untyped-def]
    tenant_a, owner_a, token_for, run_queued_work, access_point, invoice, monkeypatch
):
    monkeypatch.setitem(FORMATS, "peppol", dataclasses.replace(FORMATS["peppol"], renderer=f"{__name__}:broken_render"))

    with run_queued_work():
        response = _send(token_for(tenant_a, owner_a), invoice)

    assert response.status_code == 400, response.content
    error = response.json()["errors"][0]
    assert (error["code"], error["field"]) == ("einvoice_invalid", "format")
    assert "BR-CL-01" in error["message"]
    assert access_point.received == []
    with tenant_context(tenant_a):
        assert not EinvoiceTransmission.objects.exists()


def test_a_customer_without_peppol_id_is_refused_naming_the_field(  # type: ignore[no-untyped-def]
    tenant_a, owner_a, token_for, run_queued_work, access_point, invoice
):
    with tenant_context(tenant_a):
        Party.objects.filter(pk=invoice.customer_id).update(peppol_id="")

    with run_queued_work():
        response = _send(token_for(tenant_a, owner_a), invoice)

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "customer.peppol_id"
    assert access_point.received == []
    with tenant_context(tenant_a):
        assert not EinvoiceTransmission.objects.exists()


def test_a_member_without_the_edit_right_cannot_send(tenant_a, token_for, run_queued_work, access_point, invoice):  # type: ignore[no-untyped-def]
    viewer = UserFactory()
    membership_grant(tenant=tenant_a, user=viewer, role=Role.VIEWER)

    with run_queued_work():
        response = _send(token_for(tenant_a, viewer), invoice)

    assert response.status_code == 403
    assert access_point.received == []
    with tenant_context(tenant_a):
        assert not EinvoiceTransmission.objects.exists()


def test_the_card_sends_via_peppol_and_shows_the_history(  # type: ignore[no-untyped-def]
    tenant_a, browser: Client, run_queued_work, access_point, invoice
):
    card = browser.get(f"/invoices/{invoice.pk}/einvoice/", HTTP_HX_REQUEST="true").content.decode()
    assert f'action="/invoices/{invoice.pk}/einvoice/peppol/send/"' in card
    assert "Send via Peppol" in card

    with run_queued_work():
        response = browser.post(f"/invoices/{invoice.pk}/einvoice/peppol/send/", HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert 'id="einvoice-transmissions"' in response.content.decode()
    assert "Validated and queued for Peppol receiver 9914:ATU13585627." in response.content.decode()
    assert "rule failed" not in response.content.decode()
    history = browser.get(f"/invoices/{invoice.pk}/einvoice/", HTTP_HX_REQUEST="true").content.decode()
    assert "<td>Sent</td>" in history
    assert len(access_point.posts()) == 1


def test_accountants_see_transmissions_in_the_admin_read_only(  # type: ignore[no-untyped-def]
    tenant_a, login_as, run_queued_work, access_point, invoice
):
    access_point.answers = [(422, {"reason": "Unknown receiver"})]
    with tenant_context(tenant_a), run_queued_work():
        transmission = einvoice_transmit(invoice=invoice)
    accountant = UserFactory()
    membership_grant(tenant=tenant_a, user=accountant, role=Role.ACCOUNTANT)
    client = login_as(tenant_a, accountant)

    listing = client.get("/admin/einvoicing/einvoicetransmission/")
    detail = client.get(f"/admin/einvoicing/einvoicetransmission/{transmission.pk}/change/")

    assert listing.status_code == 200
    assert "422: Unknown receiver" in listing.content.decode()
    assert invoice.number in listing.content.decode()
    assert detail.status_code == 200
    assert 'name="_save"' not in detail.content.decode()
    assert client.get("/admin/einvoicing/einvoicetransmission/add/").status_code == 403


def test_the_card_shows_why_a_document_was_not_sent(  # type: ignore[no-untyped-def]
    tenant_a, browser: Client, run_queued_work, access_point, invoice, monkeypatch
):
    monkeypatch.setitem(FORMATS, "peppol", dataclasses.replace(FORMATS["peppol"], renderer=f"{__name__}:broken_render"))

    with run_queued_work():
        response = browser.post(f"/invoices/{invoice.pk}/einvoice/peppol/send/", HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    page = response.content.decode()
    assert "The e-invoice breaks the official rules and was not sent" in page
    assert "BR-CL-01" in page
    assert 'id="einvoice-transmissions"' not in page
    assert access_point.received == []
    with tenant_context(tenant_a):
        assert not EinvoiceTransmission.objects.exists()
