"""Access points that carry a Peppol e-invoice to the network, chosen by `settings.PEPPOL_ACCESS_POINT`.

Kontor is not an access point itself: it hands the validated document to one. Two kinds:

- `outbox`: writes `<key>.xml` and a `<key>.json` sidecar into a folder that an access point's own
  client picks up. It cannot know about delivery, so its status stays "sent".
- `http`: a generic access-point REST API (see docs/einvoicing.md, "Peppol transmission").

Errors are split the way the retry policy needs: `TransmissionRetryable` (5xx, timeouts, network)
is tried again later; `TransmissionRefused` (4xx) is final and carries the provider's reason.
"""

from __future__ import annotations

import datetime
import json
import os
import tempfile
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from lxml import etree


class TransmissionRetryable(Exception):
    """The access point could not be reached or failed on its side: worth another attempt."""


class TransmissionRefused(Exception):
    """The access point refused the document for good; the message is its reason."""

    def __init__(self, message: str, *, status_code: int = 0) -> None:
        super().__init__(message)
        self.status_code = status_code


class TransmissionRejected(TransmissionRefused):
    """The receiver examined the document at once and rejected it (DGII's "Rechazado" for a summary)."""


@dataclass(frozen=True)
class TransmissionState:
    status: str  # sent | delivered | rejected
    reason: str = ""


class AccessPoint(Protocol):
    # True when an accepted submission is already the final answer, so there is nothing to poll.
    answers_on_submit: bool

    def submit(self, document: bytes, *, sender: str, receiver: str, key: str) -> str: ...

    def status(self, message_id: str) -> TransmissionState: ...


class OutboxAdapter:
    """Drops documents into a folder; a half-written file is never visible (temp file, then rename)."""

    answers_on_submit = False

    def __init__(self, *, folder: str) -> None:
        self.folder = Path(folder)

    def submit(self, document: bytes, *, sender: str, receiver: str, key: str) -> str:
        self.folder.mkdir(parents=True, exist_ok=True)
        sidecar = json.dumps({"sender": sender, "receiver": receiver, "idempotency_key": key}).encode()
        # The sidecar first: a picker that sees the XML can rely on its metadata being there.
        self._write_atomically(self.folder / f"{key}.json", sidecar)
        self._write_atomically(self.folder / f"{key}.xml", document)
        return key

    def status(self, message_id: str) -> TransmissionState:
        return TransmissionState("sent")

    def _write_atomically(self, target: Path, content: bytes) -> None:
        handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".", suffix=".part")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(content)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


class HttpAdapter:
    """`POST {base}/documents` and `GET {base}/documents/{id}` with a bearer token."""

    answers_on_submit = False

    def __init__(self, *, base_url: str, token: str = "") -> None:
        if not base_url.startswith(("https://", "http://")):
            raise ValueError(f"PEPPOL_AP_URL must be an http(s) URL, not {base_url!r}")
        self.base_url = base_url.rstrip("/")
        self.token = token

    def submit(self, document: bytes, *, sender: str, receiver: str, key: str) -> str:
        headers = {
            "Content-Type": "application/xml",
            "Idempotency-Key": key,
            "X-Peppol-Sender": sender,
            "X-Peppol-Receiver": receiver,
        }
        body = self._call("POST", "/documents", data=document, headers=headers)
        message_id = body.get("id")
        if not message_id:
            raise TransmissionRetryable("The access point answered without a document id.")
        return str(message_id)

    def status(self, message_id: str) -> TransmissionState:
        body = self._call("GET", f"/documents/{message_id}")
        return TransmissionState(str(body.get("status", "sent")), str(body.get("reason") or ""))

    def _call(
        self, method: str, path: str, *, data: bytes | None = None, headers: dict[str, str] | None = None
    ) -> dict[str, Any]:
        url = self.base_url + path  # http(s) only, checked in __init__
        request = urllib.request.Request(url, data=data, method=method, headers=headers or {})  # noqa: S310
        request.add_header("Authorization", f"Bearer {self.token}")
        request.add_header("Accept", "application/json")
        # urllib has one timeout for connecting and for each read; the larger bounds both.
        timeout = max(settings.PEPPOL_CONNECT_TIMEOUT, settings.PEPPOL_READ_TIMEOUT)
        raw = _http_call(request, timeout=timeout)
        try:
            return dict(json.loads(raw or b"{}"))
        except ValueError as error:
            raise TransmissionRetryable(f"{error.__class__.__name__}: {error}") from error


def _http_call(request: urllib.request.Request, *, timeout: float) -> bytes:
    """The response body; 4xx is final (`TransmissionRefused`), 5xx/timeouts/network worth retrying."""
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - configured http(s) URL
            return bytes(response.read())
    except urllib.error.HTTPError as error:
        reason = _reason(error)
        if 400 <= error.code < 500:
            raise TransmissionRefused(f"{error.code}: {reason}", status_code=error.code) from error
        raise TransmissionRetryable(f"{error.code}: {reason}") from error
    except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
        raise TransmissionRetryable(f"{error.__class__.__name__}: {error}") from error


def _multipart(*, field: str, filename: str, content: bytes) -> tuple[bytes, str]:
    """One file as multipart/form-data, the way DGII's services take the seed and the e-CF."""
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="{filename}"\r\n'
            f"Content-Type: text/xml\r\n\r\n"
        ).encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, f"multipart/form-data; boundary={boundary}"


# DGII's answer `estado` → our status; "En Proceso" stays sent and is asked again on the next poll.
DGII_STATES = {"Aceptado": "delivered", "Aceptado Condicional": "delivered", "Rechazado": "rejected"}
# The summary service may answer with the numeric code instead: 1 accepted, 2 rejected, 4 accepted with remarks.
DGII_SUMMARY_CODES = {"1": "delivered", "2": "rejected", "4": "delivered"}
DGII_TOKEN_MARGIN = datetime.timedelta(minutes=5)


class DgiiAdapter:
    """DGII's e-CF web services under `settings.DGII_ECF_BASE_URL` (TesteCF, CerteCF or eCF).

    Authentication: the seed XML is fetched, signed like an e-CF with the company certificate and
    exchanged for a bearer token, which is cached per company until shortly before it expires.
    Reception answers a `trackId`; the result is asked for by that id.
    """

    answers_on_submit = False

    def __init__(self, *, base_url: str) -> None:
        if not base_url.startswith(("https://", "http://")):
            raise ValueError(f"DGII_ECF_BASE_URL must be an http(s) URL, not {base_url!r}")
        self.base_url = base_url.rstrip("/")

    def submit(self, document: bytes, *, sender: str, receiver: str, key: str) -> str:
        body, content_type = _multipart(field="xml", filename=f"{sender}{key}.xml", content=document)
        request = self._request("POST", "/recepcion/api/FacturasElectronicas", data=body)
        request.add_header("Content-Type", content_type)
        answer = self._authorised_json(request)
        track_id = answer.get("trackId")
        if not track_id:
            raise TransmissionRefused(str(answer.get("mensaje") or answer.get("error") or "DGII returned no trackId"))
        return str(track_id)

    def status(self, message_id: str) -> TransmissionState:
        query = urllib.parse.urlencode({"trackid": message_id})
        answer = self._authorised_json(self._request("GET", f"/consultaresultado/api/Consultas/Estado?{query}"))
        status = DGII_STATES.get(str(answer.get("estado", "")), "sent")
        return TransmissionState(status, _dgii_messages(answer) if status == "rejected" else "")

    def _token_key(self) -> str:
        return f"{connection.schema_name}:dgii-ecf-token:{self.base_url}"  # type: ignore[attr-defined]

    def token(self) -> str:
        """The cached bearer token of this company, or a fresh one from the signed seed."""
        key = self._token_key()
        cached = cache.get(key)
        if cached:
            return str(cached)
        from .ecf.signing import document_sign, signing_certificate  # signing reads the certificate model

        seed = _http_call(self._request("GET", "/autenticacion/api/Autenticacion/Semilla"), timeout=self._timeout())
        try:
            signed = document_sign(etree.fromstring(seed), signer=signing_certificate())
        except etree.XMLSyntaxError as error:
            raise TransmissionRetryable(f"DGII sent an unreadable seed: {error}") from error
        body, content_type = _multipart(field="xml", filename="semilla.xml", content=signed)
        request = self._request("POST", "/autenticacion/api/Autenticacion/ValidarSemilla", data=body)
        request.add_header("Content-Type", content_type)
        answer = self._json(request)
        token = str(answer.get("token") or "")
        if not token:
            raise TransmissionRefused(str(answer.get("mensaje") or "DGII did not accept the signed seed"))
        expires = parse_datetime(str(answer.get("expira") or ""))
        lifetime = (expires - timezone.now() - DGII_TOKEN_MARGIN).total_seconds() if expires else 0
        if lifetime > 0:
            cache.set(key, token, timeout=int(lifetime))
        return token

    def _request(self, method: str, path: str, *, data: bytes | None = None) -> urllib.request.Request:
        request = urllib.request.Request(self.base_url + path, data=data, method=method)  # noqa: S310
        request.add_header("Accept", "application/json")
        return request

    def _authorised_json(self, request: urllib.request.Request) -> dict[str, Any]:
        """The call with the bearer token; a token DGII no longer accepts is dropped and the call retried later."""
        request.add_header("Authorization", f"Bearer {self.token()}")
        try:
            return self._json(request)
        except TransmissionRefused as refused:
            if refused.status_code != 401:
                raise
            cache.delete(self._token_key())
            raise TransmissionRetryable(f"DGII no longer accepts the token: {refused}") from refused

    def _json(self, request: urllib.request.Request) -> dict[str, Any]:
        try:
            return dict(json.loads(_http_call(request, timeout=self._timeout()) or b"{}"))
        except ValueError as error:
            raise TransmissionRetryable(f"DGII answered with unreadable JSON: {error}") from error

    def _timeout(self) -> float:
        return max(settings.PEPPOL_CONNECT_TIMEOUT, settings.PEPPOL_READ_TIMEOUT)


class DgiiSummaryAdapter(DgiiAdapter):
    """DGII's reception of consumer-invoice summaries (RFCE) under `settings.DGII_FC_BASE_URL`.

    Same seed authentication as the e-CF services, but the answer comes at once: "Aceptado"
    (or "Aceptado Condicional") settles the transmission, "Rechazado" rejects it with DGII's messages.
    """

    answers_on_submit = True

    def submit(self, document: bytes, *, sender: str, receiver: str, key: str) -> str:
        root = etree.fromstring(document)
        encf = root.findtext("Encabezado/IdDoc/eNCF") or key
        body, content_type = _multipart(field="xml", filename=f"{sender}{encf}.xml", content=document)
        request = self._request("POST", "/recepcionfc/api/recepcion/ecf", data=body)
        request.add_header("Content-Type", content_type)
        answer = self._authorised_json(request)
        state = DGII_STATES.get(str(answer.get("estado", "")), DGII_SUMMARY_CODES.get(str(answer.get("codigo")), ""))
        if state != "delivered":
            raise TransmissionRejected(_dgii_messages(answer) or f"DGII did not accept the summary: {answer}")
        return str(answer.get("encf") or encf)


def _dgii_messages(answer: dict[str, Any]) -> str:
    """DGII's `mensajes` as one line: "code: text; …"."""
    return "; ".join(
        f"{message.get('codigo')}: {message.get('valor')}" if message.get("codigo") else str(message.get("valor"))
        for message in answer.get("mensajes") or []
        if isinstance(message, dict) and message.get("valor")
    )


def _reason(error: urllib.error.HTTPError) -> str:
    """The provider's own words: `reason`, `message` or `detail` of a JSON body, else the body itself."""
    raw = error.read().decode("utf-8", errors="replace")
    try:
        body = json.loads(raw)
    except ValueError:
        return raw[:500] or str(error.reason)
    if isinstance(body, dict):
        for name in ("reason", "message", "detail"):
            if body.get(name):
                return str(body[name])[:500]
    return raw[:500]


def access_point() -> AccessPoint:
    """The configured access point; an unknown adapter name is a deployment error, raised loudly."""
    config = dict(settings.PEPPOL_ACCESS_POINT)
    kind = config.pop("adapter")
    if kind == "outbox":
        return OutboxAdapter(folder=config["folder"])
    if kind == "http":
        return HttpAdapter(base_url=config["base_url"], token=config.get("token", ""))
    raise ValueError(f"unknown PEPPOL_ACCESS_POINT adapter: {kind}")


def channel_adapter(channel: str) -> AccessPoint:
    """Who carries a transmission of this channel: DGII for e-CF and summaries, else the Peppol access point."""
    if channel == "dgii":
        return DgiiAdapter(base_url=settings.DGII_ECF_BASE_URL)
    if channel == "dgii_summary":
        return DgiiSummaryAdapter(base_url=settings.DGII_FC_BASE_URL)
    return access_point()
