"""Faults of the office network and the data center: a reason each, nothing lost or duplicated."""

from __future__ import annotations

import errno
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from fieldkit.records import outbox
from fieldkit.records.models import SealedRecordRow
from fieldkit.workspace import Workspace
from sync.client import config
from sync.client.client import SyncClient
from sync.client.errors import SyncReason
from sync.client.progress import RetryEvent, SyncEvent
from sync.client.transport import RetryPolicy, classify, parse_retry_after
from tests.support import ADMIN, ADMIN_PASSWORD
from tests.sync.client.syncsupport import (
    IMPATIENT,
    CutProxy,
    FixedPortDataCenter,
    ServerKiller,
    enroll,
    free_port,
    seal_records,
    states,
    stored_blobs,
)
from tests.sync.server.dcsupport import list_records


def _point_at(ws: Workspace, url: str) -> None:
    with ws.transaction() as session:
        config.put(session, config.URL, url)


def _no_duplicates(server: FixedPortDataCenter, ids: list[str]) -> None:
    rows = list_records(server.data)
    assert sorted(r["record_id"] for r in rows) == sorted(ids)  # each exactly once
    assert {r["state"] for r in rows} == {"ACCEPTED"}


def test_server_killed_mid_upload_and_restarted_push_resumes_in_the_same_run(
    workspace: Workspace, server: FixedPortDataCenter
) -> None:
    enroll(workspace, server)
    ids = seal_records(workspace, 12, size=1_000_000)
    killer = ServerKiller(server, (3,), deadline_s=60)
    events: list[SyncEvent] = []
    killer.start()
    summary = SyncClient(workspace, workers=3).push(progress=events.append)
    killer.join(30)
    assert killer.error is None
    assert killer.kills == [3]
    assert summary.ok, summary.as_json()
    assert server.starts == 2
    assert summary.accepted == 12
    assert set(states(workspace).values()) == {"PURGED"}
    _no_duplicates(server, ids)
    retried = {
        e.what.rsplit("/", 1)[-1] for e in events if isinstance(e, RetryEvent) and "PUT" in e.what
    }
    # Only what was in flight at the kill is sent again (at most one per worker).
    assert 1 <= len(retried) <= 3


def test_server_down_gives_a_reason_that_is_not_no_internet_and_a_later_push_finishes(
    workspace: Workspace, server: FixedPortDataCenter
) -> None:
    enroll(workspace, server)
    first = seal_records(workspace, 3)
    assert SyncClient(workspace).push().ok
    more = seal_records(workspace, 4)
    server.stop()
    summary = SyncClient(workspace, retry=IMPATIENT).push()
    assert summary.error is not None
    assert summary.error.reason is SyncReason.CONNECTION_REFUSED
    assert "internet" not in summary.error.message.lower()
    assert "not running" in summary.error.message
    assert summary.pending == 4
    assert {p.reason for p in summary.problems} == {"connection_refused"}
    server.start()
    again = SyncClient(workspace).push()
    assert again.ok
    assert (again.accepted, again.uploaded) == (4, 4)
    _no_duplicates(server, first + more)


def test_connection_dropped_mid_body_is_retried_and_stored_once(
    workspace: Workspace, server: FixedPortDataCenter
) -> None:
    enroll(workspace, server)
    ids = seal_records(workspace, 4, size=400_000)
    proxy = CutProxy(server.port)
    try:
        _point_at(workspace, f"https://127.0.0.1:{proxy.port}")
        proxy.cut_after = 200_000  # inside the first record's body
        events: list[SyncEvent] = []
        summary = SyncClient(workspace, workers=2).push(progress=events.append)
    finally:
        proxy.close()
    assert summary.ok, summary.as_json()
    assert proxy.cuts == 1
    retries = [e for e in events if isinstance(e, RetryEvent)]
    assert retries
    assert {e.reason for e in retries} <= {"connection_lost"}
    _no_duplicates(server, ids)


def test_server_with_another_ca_is_a_pin_mismatch(
    workspace: Workspace, server: FixedPortDataCenter, tmp_path: Path
) -> None:
    enroll(workspace, server)
    seal_records(workspace, 1)
    impostor = FixedPortDataCenter(tmp_path / "impostor", tmp_path / "impostor.log", free_port())
    impostor.start()
    try:
        _point_at(workspace, impostor.url)
        summary = SyncClient(workspace).push()
    finally:
        impostor.stop()
    assert summary.error is not None
    assert summary.error.reason is SyncReason.TLS_PIN_MISMATCH
    assert "enrolled with" in summary.error.message
    assert summary.pending == 1
    assert list_records(impostor.data) == []


def test_unknown_host_is_a_dns_failure(workspace: Workspace, server: FixedPortDataCenter) -> None:
    enroll(workspace, server)
    _point_at(workspace, "https://fieldkit-datacenter.invalid:8443")
    summary = SyncClient(workspace, retry=IMPATIENT).push()
    assert summary.error is not None
    assert summary.error.reason is SyncReason.DNS_FAILED


@pytest.fixture
def silent_port() -> Iterator[int]:
    """Accepts TCP connections and never says a word."""
    with socket.create_server(("127.0.0.1", 0)) as listener:
        yield listener.getsockname()[1]


def test_server_that_never_answers_is_a_timeout(
    workspace: Workspace, server: FixedPortDataCenter, silent_port: int
) -> None:
    enroll(workspace, server)
    _point_at(workspace, f"https://127.0.0.1:{silent_port}")
    summary = SyncClient(workspace, retry=IMPATIENT, timeout=httpx.Timeout(0.3)).push()
    assert summary.error is not None
    assert summary.error.reason is SyncReason.TIMEOUT


def test_nothing_listening_is_connection_refused(
    workspace: Workspace, server: FixedPortDataCenter
) -> None:
    enroll(workspace, server)
    _point_at(workspace, f"https://127.0.0.1:{free_port()}")
    summary = SyncClient(workspace, retry=IMPATIENT).push()
    assert summary.error is not None
    assert summary.error.reason is SyncReason.CONNECTION_REFUSED


def test_only_an_unreachable_network_is_called_no_network() -> None:
    unreachable = httpx.ConnectError("connect failed")
    unreachable.__cause__ = OSError(errno.ENETUNREACH, "Network is unreachable")
    error = classify(unreachable)
    assert error.reason is SyncReason.NO_NETWORK
    assert "network" in error.message.lower()
    assert "Wi-Fi" in (error.hint or "")  # the catalogue's hint, in English for the CLI
    refused = httpx.ConnectError("connect failed")
    refused.__cause__ = ConnectionRefusedError(errno.ECONNREFUSED, "Connection refused")
    assert classify(refused).reason is SyncReason.CONNECTION_REFUSED


def test_backoff_grows_is_capped_jittered_and_honours_retry_after() -> None:
    policy = RetryPolicy(base_s=0.5, cap_s=4.0, budget_s=30.0)
    for attempt, full in enumerate([0.5, 1.0, 2.0, 4.0, 4.0, 4.0]):
        delays = [policy.delay(attempt) for _ in range(50)]
        assert all(full / 2 <= d <= full for d in delays)
        assert len(set(delays)) > 1  # jitter
    assert policy.delay(0, retry_after=7.0) == 7.0
    assert policy.delay(0, retry_after=300.0) == 30.0  # never beyond the budget
    assert parse_retry_after("3", 0.0) == 3.0
    assert parse_retry_after("Thu, 01 Jan 1970 00:00:10 GMT", 4.0) == 6.0
    assert parse_retry_after("soon", 0.0) is None


#: A laptop pushing with its outcome commits held back until every upload is done, so the
#: test can kill it after the data center stored records but before any receipt was committed.
_HELD_BACK_PUSH = """
import os, sys
from pathlib import Path
from fieldkit.workspace import Workspace
from sync.client.client import SyncClient
ws = Workspace.login(Path(sys.argv[1]), sys.argv[2], os.environ["FIELDKIT_PASSWORD"])
SyncClient(ws, workers=2, commit_every_s=3600, commit_group=1_000_000).push()
"""


def test_laptop_killed_between_receipts_and_their_group_commit_resends_nothing_stored(
    home: Path, workspace: Workspace, server: FixedPortDataCenter
) -> None:
    """The receipts of a group that never committed come back as ``already_have``: same receipt,
    no second upload, no duplicate, and the ciphertext is purged only then."""
    enroll(workspace, server)
    ids = seal_records(workspace, 12, size=1_000_000)
    workspace.close()
    laptop = subprocess.Popen(
        [sys.executable, "-c", _HELD_BACK_PUSH, str(home), ADMIN],
        env={**os.environ, "FIELDKIT_PASSWORD": ADMIN_PASSWORD},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while stored_blobs(server.data) < 3 and time.monotonic() < deadline:
            time.sleep(0.005)  # the service offers no event to wait on
        os.kill(laptop.pid, signal.SIGKILL)
    finally:
        laptop.wait(30)
    delivered = {r["record_id"]: r["received_at"] for r in list_records(server.data)}
    assert 3 <= len(delivered) < len(ids), "the laptop was not killed mid-push"

    ws = Workspace.login(home, ADMIN, ADMIN_PASSWORD)
    try:
        assert set(states(ws).values()) == {"SEALED"}  # nothing of that push committed
        summary = SyncClient(ws).push()
        assert summary.ok, summary.as_json()
        assert (summary.accepted, summary.purged) == (12, 12)
        assert summary.uploaded == len(ids) - len(delivered)
        assert set(states(ws).values()) == {"PURGED"}
        with ws.transaction() as session:
            receipts = {
                i.record_id: json.loads(session.get(SealedRecordRow, i.record_id).receipt or "{}")
                for i in outbox.list_records(session)
            }
            assert not any(outbox.envelope_path(session, i).exists() for i in ids)
    finally:
        ws.close()
    for record_id, received_at in delivered.items():
        assert receipts[record_id]["received_at"] == received_at  # the same receipt, not a new one
    _no_duplicates(server, ids)
