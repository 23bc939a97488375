"""Test support for the laptop client: a data center we can kill and restart on the same port."""

from __future__ import annotations

import base64
import contextlib
import json
import os
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from fieldkit import audit
from fieldkit.records import outbox
from fieldkit.store.models import AuditEvent, Setting
from fieldkit.workspace import Workspace
from sync.client.client import SyncClient
from sync.client.enroll import enroll_laptop
from sync.client.transport import RetryPolicy
from tests.support import ADMIN, ADMIN_PASSWORD
from tests.sync.server.dcsupport import DataCenterProcess, new_code

#: Quick to give up, for tests that expect a failure.
IMPATIENT = RetryPolicy(attempts=3, base_s=0.05, cap_s=0.2, budget_s=1.0)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class FixedPortDataCenter(DataCenterProcess):
    """The real service on a port that survives a kill, so the laptop's URL stays valid."""

    def __init__(self, data: Path, log: Path, port: int) -> None:
        super().__init__(data, log)
        self.port = port
        self.starts = 0

    #: First starts tried on another free port when the one chosen was taken meanwhile.
    FIRST_START_TRIES = 5

    def start(self) -> None:
        # A port free a moment ago may be taken by another test's server before this one
        # binds it (seen once in CI, three workers starting servers): the first start tries
        # another.  A restart keeps its port: the laptop's URL names it.
        for _ in range(self.FIRST_START_TRIES - 1 if self.starts == 0 else 0):
            try:
                self._start_on_the_port()
            except pytest.fail.Exception:
                if "cannot listen on" not in self.log.read_text():
                    raise
                self.port = free_port()
            else:
                return
        self._start_on_the_port()

    def _start_on_the_port(self) -> None:
        options = self.extra
        self.extra = ("--port", str(self.port), *options)  # the last --port wins
        try:
            super().start()
        finally:
            self.extra = options
        self.starts += 1


@pytest.fixture
def server(tmp_path: Path) -> Iterator[FixedPortDataCenter]:
    dc = FixedPortDataCenter(tmp_path / "dc", tmp_path / "dc.log", free_port())
    dc.start()
    yield dc
    dc.stop()


def payload(record_id: str, size: int) -> bytes:
    """A synthetic record: a JSON object (what the service's validator wants) of random bytes."""
    blob = base64.b64encode(os.urandom(size)).decode()
    return json.dumps({"record_id": record_id, "blob": blob}).encode()


def seal_records(ws: Workspace, count: int, size: int = 2048) -> list[str]:
    ids = []
    with ws.transaction() as session:
        for _ in range(count):
            record_id = str(uuid.uuid4())
            outbox.seal_record(session, record_id, payload(record_id, size))
            ids.append(record_id)
    return ids


def enroll(ws: Workspace, dc: DataCenterProcess) -> str:
    result = enroll_laptop(ws, dc.url, new_code(dc.data), ca_fingerprint_expected=dc.fingerprint)
    return result.device_id


def client(ws: Workspace, **kwargs: Any) -> SyncClient:
    return SyncClient(ws, **kwargs)


def states(ws: Workspace) -> dict[str, str]:
    with ws.transaction() as session:
        return {r.record_id: r.state.value for r in outbox.list_records(session)}


def cli_env(home: Path) -> dict[str, str]:
    return {
        "FIELDKIT_HOME": str(home),
        "FIELDKIT_OFFICER": ADMIN,
        "FIELDKIT_PASSWORD": ADMIN_PASSWORD,
    }


class CutProxy:
    """A TCP relay in front of the data center that can cut a connection mid-body.

    It relays the TLS bytes untouched (the client still sees the pinned
    certificate); with ``cut_after`` set, the next connection that carries more
    than that many bytes upstream is closed abruptly, once.
    """

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self.listener.getsockname()[1]
        self.cut_after: int | None = None
        self.cuts = 0
        self._lock = threading.Lock()
        self._closing = False
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._closing = True
        self.listener.close()

    def _accept(self) -> None:
        while not self._closing:
            try:
                downstream, _ = self.listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
            threading.Thread(
                target=self._pump, args=(downstream, upstream, True), daemon=True
            ).start()
            threading.Thread(
                target=self._pump, args=(upstream, downstream, False), daemon=True
            ).start()

    def _should_cut(self, sent: int) -> bool:
        with self._lock:
            if self.cut_after is not None and sent > self.cut_after:
                self.cut_after = None
                self.cuts += 1
                return True
        return False

    def _pump(self, source: socket.socket, sink: socket.socket, upstream: bool) -> None:
        sent = 0
        try:
            while data := source.recv(65536):
                sent += len(data)
                if upstream and self._should_cut(sent):
                    # An abrupt reset, as when Wi-Fi drops: no TLS close, no HTTP answer.
                    for sock in (source, sink):
                        sock.setsockopt(
                            socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00"
                        )
                        sock.close()
                    return
                sink.sendall(data)
        except OSError:
            return  # the other direction already closed both sockets
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()


def stored_blobs(data: Path) -> int:
    return sum(1 for p in (data / "blobs").glob("??/??/*") if p.is_file())


class ServerKiller(threading.Thread):
    """Kills the data center (SIGKILL) as soon as it has stored each threshold's count of
    records, mid-push, and starts it again on the same port.

    Polls the blob folder under a deadline: the service offers no event to wait on.
    """

    def __init__(self, dc: FixedPortDataCenter, thresholds: tuple[int, ...], deadline_s: float):
        super().__init__(daemon=True)
        self.dc = dc
        self.thresholds = thresholds
        self.deadline_s = deadline_s
        self.kills: list[int] = []
        self.error: BaseException | None = None

    def run(self) -> None:
        deadline = time.monotonic() + self.deadline_s
        try:
            for threshold in self.thresholds:
                while stored_blobs(self.dc.data) < threshold:
                    if time.monotonic() > deadline:
                        return
                    time.sleep(0.005)
                self.dc.kill()
                self.kills.append(threshold)
                self.dc.start()
        except BaseException as exc:  # noqa: BLE001 - reported by the test's assertion
            self.error = exc


def rewrite_audit_from(ws: Workspace, first: int, *, actor: str | None = None) -> None:
    """What a tamperer with the key does: change event ``first``, re-hash the rest and the head."""
    with ws.transaction() as session:
        events = session.scalars(sa.select(AuditEvent).order_by(AuditEvent.seq)).all()
        prev = audit.GENESIS
        for event in events:
            if event.seq == first and actor is not None:
                event.actor = actor
            if event.seq >= first:
                event.prev_hash = prev
                event.hash = audit._event_hash(  # the tamperer knows the formula
                    seq=event.seq,
                    occurred_at=event.occurred_at,
                    actor=event.actor,
                    action=event.action,
                    record_id=event.record_id,
                    details=event.details,
                    prev_hash=event.prev_hash,
                )
            prev = event.hash
        head = session.get(Setting, audit.HEAD_KEY)
        assert head is not None
        head.value = json.dumps([events[-1].seq, prev])
