"""Access points that carry a Peppol e-invoice to the network, chosen by `settings.PEPPOL_ACCESS_POINT`.

Kontor is not an access point itself: it hands the validated document to one. Two kinds:

- `outbox`: writes `<key>.xml` and a `<key>.json` sidecar into a folder that an access point's own
  client picks up. It cannot know about delivery, so its status stays "sent".
- `http`: a generic access-point REST API (see docs/einvoicing.md, "Peppol transmission").

Errors are split the way the retry policy needs: `TransmissionRetryable` (5xx, timeouts, network)
is tried again later; `TransmissionRefused` (4xx) is final and carries the provider's reason.
"""

from __future__ import annotations

import json
import os
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from django.conf import settings


class TransmissionRetryable(Exception):
    """The access point could not be reached or failed on its side: worth another attempt."""


class TransmissionRefused(Exception):
    """The access point refused the document for good; the message is its reason."""


@dataclass(frozen=True)
class TransmissionState:
    status: str  # sent | delivered | rejected
    reason: str = ""


class AccessPoint(Protocol):
    def submit(self, document: bytes, *, sender: str, receiver: str, key: str) -> str: ...

    def status(self, message_id: str) -> TransmissionState: ...


class OutboxAdapter:
    """Drops documents into a folder; a half-written file is never visible (temp file, then rename)."""

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
        try:
            # urllib has one timeout for connecting and for each read; the larger bounds both.
            timeout = max(settings.PEPPOL_CONNECT_TIMEOUT, settings.PEPPOL_READ_TIMEOUT)
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - configured https URL
                return dict(json.loads(response.read() or b"{}"))
        except urllib.error.HTTPError as error:
            reason = _reason(error)
            if 400 <= error.code < 500:
                raise TransmissionRefused(f"{error.code}: {reason}") from error
            raise TransmissionRetryable(f"{error.code}: {reason}") from error
        except (urllib.error.URLError, TimeoutError, ConnectionError, ValueError) as error:
            raise TransmissionRetryable(f"{error.__class__.__name__}: {error}") from error


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
