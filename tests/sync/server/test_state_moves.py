"""Issue 57 §3: one table of the moves a person may make by hand, every pair of states walked.

``records set-state`` went round penunggalan and adjudication: DUPLICATE_RECORD →
RECAPTURE → PRINTED in two steps, ACCEPTED → DEDUPLICATED or PRINTED without the search
(such a record never enters the gallery, so its replay later came out print-ready),
ENROLL_FAILURE → PRINTED, PRINTED → DEDUPLICATED.  The real command, in this process, on
a real data center (SQLite; the move's one UPDATE is the same SQL on PostgreSQL, whose
races ``test_dedup_at_once.py`` covers): a record is put in each state by the store's own
primitive (as a search or an ingest would), then asked to move to every state.
"""

from __future__ import annotations

import json
import time
import uuid
from typing import TYPE_CHECKING

import pytest
import sqlalchemy as sa

from fieldkit.sealing import seal
from sync.protocol import RecordState, b64encode
from sync.server.intake.service import DataCenter
from sync.server.store.stamps import iso
from sync.server.store.tables import console_audit
from tests.sync.server.dcsupport import announce_in_process, dc_cli, enroll_in_process

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

S = RecordState
#: The office's rule, written out here on its own: every pair not listed is refused.
ALLOWED = {
    (S.ACCEPTED, S.RECAPTURE),
    (S.DEDUPLICATED, S.PRINTED),
    (S.DEDUPLICATED, S.RECAPTURE),
    (S.PRINT_READY_RECORD, S.PRINTED),
    (S.PRINT_READY_RECORD, S.RECAPTURE),
    (S.DUPLICATE_RECORD, S.RECAPTURE),
    (S.PRINTED, S.READY_FOR_HANDOVER),
}
WHY = "Kartu dicetak ulang di kantor"


@pytest.fixture
def center(tmp_path: Path) -> Iterator[DataCenter]:
    datacenter = DataCenter(tmp_path / "dc", None)
    yield datacenter
    datacenter.close()


def _accepted(center: DataCenter) -> tuple[str, str]:
    device, key, dc_key = enroll_in_process(center)
    record_id = str(uuid.uuid4())
    payload = json.dumps({"record_id": record_id, "seq": 1, "nik": "3315014107900001"})
    sealed = seal(record_id, 1, payload.encode(), device_key=key, datacenter=dc_key)
    announce_in_process(center, device, sealed)
    answer = center.upload(device, record_id, sealed.envelope, b64encode(sealed.signature))
    assert str(answer.receipt.state) == "ACCEPTED", answer
    return device.device_id, record_id


def _audit(center: DataCenter) -> list[sa.Row[tuple[object, ...]]]:
    with center.store.engine.connect() as conn:
        return list(conn.execute(sa.select(console_audit).order_by(console_audit.c.id)))


def test_every_pair_of_states_moves_by_the_one_table_each_move_audited_with_who_and_why(
    center: DataCenter,
) -> None:
    device_id, record_id = _accepted(center)
    for start in RecordState:
        for goal in RecordState:
            center.store.set_state(device_id, record_id, start, iso(time.time()))
            before = len(_audit(center))
            done = dc_cli(center.data_dir, "records", "set-state", record_id, goal, "--reason", WHY)
            stored = center.store.record(device_id, record_id)
            assert stored is not None
            if (start, goal) in ALLOWED:
                assert done.returncode == 0, (start, goal, done.stderr)
                assert stored.state is goal, (start, goal)
                [line] = _audit(center)[before:]
                assert line.actor.startswith("cli:")
                assert line.action == "record_state_set"
                assert line.detail == f"{device_id} {record_id} {start} -> {goal}: {WHY}"
            else:
                assert done.returncode == 2, (start, goal, done.stdout)
                assert stored.state is start, (start, goal)
                assert len(_audit(center)) == before, (start, goal)


def test_the_two_step_detour_round_adjudication_is_closed_and_a_move_needs_its_reason(
    center: DataCenter,
) -> None:
    device_id, record_id = _accepted(center)
    center.store.set_state(device_id, record_id, S.DUPLICATE_RECORD, iso(time.time()))
    done = dc_cli(center.data_dir, "records", "set-state", record_id, "PRINTED", "--reason", WHY)
    assert done.returncode == 2
    assert "records adjudicate" in done.stderr
    done = dc_cli(center.data_dir, "records", "set-state", record_id, "RECAPTURE", "--reason", WHY)
    assert done.returncode == 0, done.stderr
    done = dc_cli(center.data_dir, "records", "set-state", record_id, "PRINTED", "--reason", WHY)
    assert done.returncode == 2
    assert "RECAPTURE cannot be moved to PRINTED by hand" in done.stderr
    center.store.set_state(device_id, record_id, S.PRINT_READY_RECORD, iso(time.time()))
    done = dc_cli(center.data_dir, "records", "set-state", record_id, "PRINTED")
    assert done.returncode == 2
    assert "--reason" in done.stderr
    assert center.store.record(device_id, record_id).state is S.PRINT_READY_RECORD  # type: ignore[union-attr]
