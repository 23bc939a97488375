"""``drivers.discover`` finds MOSIP SBI services by itself, fast, and only real ones (issue 47 B4).

Real SBI simulators and real "other programs" (HTTP servers answering HTML or wrong
JSON, a raw socket answering bytes that are not HTTP, one that never answers) on
127.0.0.1 ports in MOSIP's range 4501-4600.  Other runs on this machine may hold
SBI services of their own in the range: the tests look for their own ports.
"""

from __future__ import annotations

import contextlib
import http.server
import json
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator

import pytest

from drivers import Modality, discover
from drivers.discovery import FoundDevice
from drivers.sbi.client import SBI_PORTS, b64url_encode
from drivers.sbi.sim import SbiSimulator

#: The discovery the app runs on every look for a missing device: it must stay well
#: inside ``discover``'s own deadline (2 s) even with every port in the range busy.
DISCOVER_BUDGET_S = 2.0


def _bind_in_range() -> socket.socket:
    """A listening socket on a free port in 4501-4600 (from the top, away from vendors' 4501)."""
    for port in sorted(SBI_PORTS, reverse=True):
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            sock.close()
            continue
        sock.listen(16)
        return sock
    raise AssertionError("no free port in 4501-4600")


def _free_port_in_range() -> int:
    sock = _bind_in_range()
    port = int(sock.getsockname()[1])
    sock.close()
    return port


@pytest.fixture
def in_range() -> Iterator[Callable[[str], SbiSimulator]]:
    """SBI simulators on free ports in the range, each with a serial no other run shares."""
    sims: list[SbiSimulator] = []

    def start(device_type: str) -> SbiSimulator:
        seed = os.getpid() % 1_000_000 * 10 + len(sims)
        sim = SbiSimulator(device_type, port=_free_port_in_range(), seed=seed, port_fallback=True)
        sim.start()
        sims.append(sim)
        return sim

    yield start
    for sim in sims:
        sim.stop()


def _ours(found: tuple[FoundDevice, ...] | list[FoundDevice], *sims: SbiSimulator) -> set[tuple]:
    ports = {str(sim.port) for sim in sims}
    return {(d.modality, d.backend, d.address) for d in found if d.address in ports}


def test_discover_finds_sbi_devices_by_themselves_and_fast(
    in_range: Callable[[str], SbiSimulator],
) -> None:
    finger, face, iris = in_range("Finger"), in_range("Face"), in_range("Iris")
    started = time.perf_counter()
    found = discover()
    took = time.perf_counter() - started
    assert _ours(found.devices, finger, face, iris) == {
        (Modality.FINGERPRINT, "sbi", str(finger.port)),
        (Modality.FACE, "sbi", str(face.port)),
        (Modality.IRIS, "sbi", str(iris.port)),
    }
    assert took < DISCOVER_BUDGET_S
    mine = next(d for d in found.devices if d.address == str(finger.port))
    assert "MOSIP SBI Finger" in mine.description
    assert f"127.0.0.1:{finger.port}" in mine.description
    # An SBI service answering for its device comes before a bridge that may hide a scanner.
    assert found.for_modality(Modality.FINGERPRINT)[0].backend == "sbi"


def test_the_sweep_of_all_100_ports_costs_milliseconds_when_nothing_listens() -> None:
    """Closed local ports refuse at once: the sweep is cheap enough to run on every look."""
    from drivers.discovery import SBI_SWEEP_TIMEOUT_S, probe_sbi

    probe_sbi()  # first use imports the SBI client and starts the pool's threads
    durations = []
    for _ in range(3):
        started = time.perf_counter()
        probe_sbi()
        durations.append(time.perf_counter() - started)
    assert min(durations) < SBI_SWEEP_TIMEOUT_S / 3


# --- other programs in the range ------------------------------------------------------


def _digital_id(device_type: str) -> str:
    payload = json.dumps({"type": device_type, "make": "X", "model": "Y", "serialNo": "1"})
    return f"e30.{b64url_encode(payload.encode())}."


#: What some other program in the range answers MOSIPDISC with (status, content type, body).
ANSWERS: dict[str, tuple[int, str, bytes]] = {
    "html": (200, "text/html", b"<!doctype html><html><body><h1>Router login</h1></body></html>"),
    "html_404": (404, "text/html", b"<html><body>Not Found</body></html>"),
    "json_object": (200, "application/json", b'{"status": "ok", "version": 3}'),
    "json_numbers": (200, "application/json", b"[1, 2, 3]"),
    "json_string": (200, "application/json", b'"MOSIPDISC"'),
    "empty_objects": (200, "application/json", b"[{}, {}]"),
    "bad_digital_id": (
        200,
        "application/json",
        json.dumps(
            [{"deviceId": "1", "deviceStatus": "Ready", "digitalId": "@@@not.jws@@@"}]
        ).encode(),
    ),
    "unknown_type": (
        200,
        "application/json",
        json.dumps(
            [{"deviceId": "1", "deviceStatus": "Ready", "digitalId": _digital_id("Toaster")}]
        ).encode(),
    ),
    "truncated_json": (200, "application/json", b'[{"deviceId": "1", "digitalId": "ey'),
    "binary": (200, "application/octet-stream", bytes(range(256)) * 4),
}


def _http_server(status: int, content_type: str, body: bytes) -> http.server.ThreadingHTTPServer:
    class Answer(http.server.BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            self.rfile.read(length)
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = do_MOSIPDISC = do_MOSIPDINFO = _answer  # noqa: N815  HTTP verbs

        def log_message(self, *_args: object) -> None:
            pass

    sock = _bind_in_range()
    server = http.server.ThreadingHTTPServer(sock.getsockname(), Answer, bind_and_activate=False)
    server.socket.close()
    server.socket = sock
    threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    ).start()
    return server


class _RawServer:
    """A TCP service that is not HTTP: answers bytes at once, or never answers at all."""

    def __init__(self, reply: bytes | None) -> None:
        self.sock = _bind_in_range()
        self.port = int(self.sock.getsockname()[1])
        self.reply = reply
        self.stop = threading.Event()
        self.held: list[socket.socket] = []
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        self.sock.settimeout(0.05)
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            if self.reply is None:
                self.held.append(conn)  # accepts, reads nothing, answers nothing
                continue
            with contextlib.suppress(OSError):
                conn.sendall(self.reply)
            conn.close()

    def close(self) -> None:
        self.stop.set()
        self.thread.join(5)
        for conn in self.held:
            conn.close()
        self.sock.close()


def test_ports_answering_anything_but_mosipdisc_are_ignored_not_fatal(
    in_range: Callable[[str], SbiSimulator],
) -> None:
    servers = [_http_server(*answer) for answer in ANSWERS.values()]
    raw = [_RawServer(b"\x00\xff\xfeSSH-2.0-garbage\r\n\r\n\x01\x02"), _RawServer(None)]
    finger = in_range("Finger")
    try:
        other_ports = {str(s.server_address[1]) for s in servers} | {str(r.port) for r in raw}
        assert len(other_ports) == len(ANSWERS) + 2
        started = time.perf_counter()
        found = discover()
        took = time.perf_counter() - started
        assert not [d for d in found.devices if d.address in other_ports]
        # The real service among them is still found, within the deadline, silent one or not.
        assert _ours(found.devices, finger) == {(Modality.FINGERPRINT, "sbi", str(finger.port))}
        assert took < DISCOVER_BUDGET_S
        assert not [p for p in found.problems if p.startswith("sbi")]
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()
        for server in raw:
            server.close()
