"""The data center checks who sent a body before it reads the body (issue 24, item 4).

A device id is no secret (it names the folder of every USB export), so a request that
names a real one and carries a garbage signature must cost the server nothing: with
the body's hash announced and signed in the headers, it is refused before a byte of
the body is read.  An older client that announces nothing has at most two bodies read
at a time per laptop, and none may stall.  Real server processes, raw TLS sockets.
"""

from __future__ import annotations

import base64
import select
import socket
import ssl
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from sync.protocol import (
    HEADER_CONTENT_SHA256,
    HEADER_DEVICE,
    HEADER_SIGNATURE,
    HEADER_TIMESTAMP,
    sign_request,
)
from tests.sync.server.dcsupport import DataCenterProcess, Laptop, laptop, new_code

__all__ = ["laptop"]

TOTAL = 64 * 1024 * 1024
CHUNK = b"\0" * (1 << 20)
GARBAGE = base64.b64encode(b"\0" * 64).decode()


@contextmanager
def _connection(server: DataCenterProcess) -> Iterator[ssl.SSLSocket]:
    url = urlsplit(server.url)
    assert url.hostname is not None
    assert url.port is not None
    context = ssl.create_default_context(cafile=str(server.data / "keys" / "ca.pem"))
    raw = socket.create_connection((url.hostname, url.port), timeout=60)
    with context.wrap_socket(raw, server_hostname=url.hostname) as sock:
        yield sock


def _start_put(sock: ssl.SSLSocket, server: DataCenterProcess, headers: dict[str, str]) -> None:
    """A 64 MiB PUT of which only the headers and the first MiB go out."""
    host = urlsplit(server.url).hostname
    lines = [f"PUT /v1/records/{uuid.uuid4()} HTTP/1.1", f"Host: {host}"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    lines += ["Content-Type: application/octet-stream", f"Content-Length: {TOTAL}", "", ""]
    sock.sendall("\r\n".join(lines).encode())
    sock.sendall(CHUNK)


def _answer(sock: ssl.SSLSocket, timeout: float) -> tuple[int, dict[str, str]]:
    """The status and headers the server answers, waiting at most ``timeout`` seconds."""
    answer = b""
    deadline = time.monotonic() + timeout
    while b"\r\n\r\n" not in answer:
        left = deadline - time.monotonic()
        assert left > 0, f"no answer within {timeout} s: {answer[:200]!r}"
        if not sock.pending():
            select.select([sock], [], [], left)
        more = sock.recv(4096)
        if not more:
            break
        answer += more
    head = answer.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
    assert head[0].startswith("HTTP/1.1 "), head
    fields = dict(line.split(": ", 1) for line in head[1:] if ": " in line)
    return int(head[0].split(" ")[1]), {k.lower(): v for k, v in fields.items()}


def _forged(laptop: Laptop, *, announced: bool) -> dict[str, str]:
    """A real device id, the time of day, and a signature nobody made."""
    headers = {
        HEADER_DEVICE: laptop.device_id,
        HEADER_TIMESTAMP: str(int(time.time())),
        HEADER_SIGNATURE: GARBAGE,
    }
    if announced:
        headers[HEADER_CONTENT_SHA256] = "0" * 64
    return headers


def _manifest_auth(laptop: Laptop, body: bytes) -> dict[str, str]:
    """The headers FieldKit signs for a manifest of ``body``, hash announced."""
    return sign_request(
        laptop.device_id,
        laptop.key,
        method="POST",
        path="/v1/manifest",
        body=body,
        timestamp=int(time.time()),
    )


def test_a_forged_upload_with_an_announced_hash_is_refused_before_its_body(
    datacenter: DataCenterProcess, laptop: Laptop
) -> None:
    """63 of the 64 MiB are never sent: the 401 comes while the server has one MiB."""
    with _connection(datacenter) as sock:
        _start_put(sock, datacenter, _forged(laptop, announced=True))
        status, _headers = _answer(sock, timeout=20)
    assert status == 401


def test_a_body_that_is_not_the_one_signed_is_refused(laptop: Laptop) -> None:
    auth = _manifest_auth(laptop, b'{"entries": []}')
    sent = laptop.client.post(
        "/v1/manifest",
        content=b'{"entries": [] }',
        headers={**auth, "content-type": "application/json"},
    )
    assert sent.status_code == 400, sent.text
    assert sent.json()["reason"] == "sha256_mismatch"


def test_an_older_client_that_announces_nothing_still_syncs(laptop: Laptop) -> None:
    record = laptop.seal()
    body = b'{"entries": []}'
    auth = _manifest_auth(laptop, body)
    del auth[HEADER_CONTENT_SHA256]
    answer = laptop.client.post(
        "/v1/manifest", content=body, headers={**auth, "content-type": "application/json"}
    )
    assert answer.status_code == 200, answer.text
    assert laptop.sync(record)[0].record_id == record.record_id


def test_an_older_client_s_bodies_are_read_two_at_a_time_and_none_may_stall(
    start_datacenter: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Three unannounced forged bodies at once: one is told to come back, two stall out."""
    monkeypatch.setenv("FIELDKIT_DATACENTER_BODY_IDLE_S", "3")
    server: DataCenterProcess = start_datacenter()
    with server.client() as client:
        device = Laptop(client)
        device.enroll(new_code(server))
        with (
            _connection(server) as first,
            _connection(server) as second,
            _connection(server) as third,
        ):
            for sock in (first, second, third):
                _start_put(sock, server, _forged(device, announced=False))
            answers = [_answer(sock, timeout=30) for sock in (first, second, third)]
        statuses = sorted(status for status, _headers in answers)
        assert statuses == [408, 408, 429], answers
        busy = next(headers for status, headers in answers if status == 429)
        assert busy["retry-after"] == "2"
        # The laptop itself, signing as FieldKit does, is not held up by any of it.
        assert client.get("/v1/health").status_code == httpx.codes.OK
        record = device.seal()
        assert device.sync(record)[0].record_id == record.record_id
