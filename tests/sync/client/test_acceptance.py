"""The issue's acceptance run: 50 records, the data center killed and restarted 3 times."""

from __future__ import annotations

import time

from fieldkit.records.states import LAST_SYNC_KEY
from fieldkit.workspace import Workspace
from sync.client import config
from sync.client.client import SyncClient
from sync.client.progress import RetryEvent, SyncEvent
from tests.sync.client.syncsupport import (
    FixedPortDataCenter,
    ServerKiller,
    enroll,
    seal_records,
    states,
)
from tests.sync.server.dcsupport import list_records

KILL_AT = (8, 21, 37)  # records stored at the data center when it is killed


def test_fifty_records_through_three_server_kills_exactly_once(
    workspace: Workspace, server: FixedPortDataCenter
) -> None:
    started = time.monotonic()
    enroll(workspace, server)
    ids = seal_records(workspace, 50, size=150_000)
    killer = ServerKiller(server, KILL_AT, deadline_s=50)
    events: list[SyncEvent] = []
    killer.start()
    summary = SyncClient(workspace, workers=3).push(progress=events.append)
    killer.join(30)

    assert summary.ok, summary.as_json()
    assert killer.error is None
    assert killer.kills == list(KILL_AT)
    assert server.starts == 4
    assert any(isinstance(e, RetryEvent) for e in events)
    at_server = list_records(server.data)
    assert len(at_server) == 50
    assert sorted(r["record_id"] for r in at_server) == sorted(ids)  # 0 duplicates
    assert {r["state"] for r in at_server} == {"ACCEPTED"}
    local = states(workspace)
    assert list(local.values()).count("PURGED") == 50
    with workspace.transaction() as session:
        assert config.get(session, LAST_SYNC_KEY) is not None
    assert time.monotonic() - started < 60
