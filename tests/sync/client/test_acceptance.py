"""The issue's acceptance run: 50 records, the data center killed and restarted 3 times."""

from __future__ import annotations

from fieldkit.records.states import LAST_SYNC_KEY
from fieldkit.workspace import Workspace
from sync.client import config
from sync.client.client import SyncClient
from sync.client.progress import RetryEvent, SyncEvent
from sync.client.transport import RetryPolicy
from tests.sync.client.syncsupport import (
    FixedPortDataCenter,
    ServerKiller,
    enroll,
    seal_records,
    states,
)
from tests.sync.server.dcsupport import list_records

KILL_AT = (8, 21, 37)  # records stored at the data center when it is killed
#: The laptop waits out each restart however long the machine takes to start the service
#: again.  The default policy gives up after 12 tries (20-30 s); where CI ran this beside
#: Wine and two other workers on two cores, one restart took longer, and the push ended
#: with 31 records still pending: kept, not lost, but not the run this test is about.
PATIENT = RetryPolicy(attempts=100, cap_s=2.0, budget_s=240.0)


def test_fifty_records_through_three_server_kills_exactly_once(
    workspace: Workspace, server: FixedPortDataCenter
) -> None:
    enroll(workspace, server)
    ids = seal_records(workspace, 50, size=150_000)
    killer = ServerKiller(server, KILL_AT, deadline_s=240)
    events: list[SyncEvent] = []
    killer.start()
    summary = SyncClient(workspace, workers=3, retry=PATIENT).push(progress=events.append)
    killer.join(60)

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
