"""Issue 57 §13: a candidate is named by its laptop and its record id, never the id alone.

Two laptops may use one record id (``records set-state`` asks for ``--device`` then); a
record's candidates may then hold two records of that id.  ``records adjudicate`` and
the console's pair page had taken the first candidate with the id, so a decision could
close or keep another laptop's record than the one the office looked at.
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
from sync.server.store.tables import dedup_candidates
from tests.sync.server.dcsupport import announce_in_process, dc_cli, enroll_in_process

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

WHY = "Orang yang sama, sidik jari cocok semua"


@pytest.fixture
def center(tmp_path: Path) -> Iterator[DataCenter]:
    datacenter = DataCenter(tmp_path / "dc", None)
    yield datacenter
    datacenter.close()


def _upload(center: DataCenter, record_id: str) -> str:
    device, key, dc_key = enroll_in_process(center)
    payload = json.dumps({"record_id": record_id, "seq": 1, "nik": "3315014107900001"})
    sealed = seal(record_id, 1, payload.encode(), device_key=key, datacenter=dc_key)
    announce_in_process(center, device, sealed)
    answer = center.upload(device, record_id, sealed.envelope, b64encode(sealed.signature))
    assert str(answer.receipt.state) == "ACCEPTED", answer
    return device.device_id


def _state(center: DataCenter, device_id: str, record_id: str) -> RecordState:
    stored = center.store.record(device_id, record_id)
    assert stored is not None
    return RecordState(stored.state)


def test_adjudicate_closes_the_candidate_of_the_laptop_named_not_the_first_of_its_id(
    center: DataCenter,
) -> None:
    shared = str(uuid.uuid4())
    older = _upload(center, shared)  # the oldest record with the id
    decided_id = str(uuid.uuid4())
    decided = _upload(center, decided_id)
    newer = _upload(center, shared)  # another laptop's record, the same id, the newest
    center.store.set_state(decided, decided_id, RecordState.DUPLICATE_RECORD, iso(time.time()))
    with center.store.writing() as conn:
        for holder in (older, newer):  # as a search writes them: both named
            conn.execute(
                dedup_candidates.insert().values(
                    device_id=decided,
                    record_id=decided_id,
                    candidate_device_id=holder,
                    candidate_record_id=shared,
                    part="1",
                    score=120.0,
                    found_at=iso(time.time()),
                )
            )
    data = center.data_dir
    # The id alone names two candidates: refused, asking for the laptop.
    judge = ("records", "adjudicate", decided_id, "--duplicate-of", shared)
    done = dc_cli(data, *judge, "--reason", WHY)
    assert done.returncode == 2
    assert "--duplicate-of-device" in done.stderr
    assert _state(center, decided, decided_id) is RecordState.DUPLICATE_RECORD
    # A laptop that is not a candidate's: refused.
    done = dc_cli(
        data,
        "records",
        "adjudicate",
        decided_id,
        "--duplicate-of",
        shared,
        "--duplicate-of-device",
        decided,
        "--reason",
        WHY,
    )
    assert done.returncode == 2
    # The newer laptop's record named: it is the newer of the pair, so it is closed and
    # the decided record stands; the older laptop's record of that id is untouched.
    done = dc_cli(
        data,
        "records",
        "adjudicate",
        decided_id,
        "--duplicate-of",
        shared,
        "--duplicate-of-device",
        newer,
        "--reason",
        WHY,
    )
    assert done.returncode == 0, done.stderr
    assert _state(center, newer, shared) is RecordState.DUPLICATE_CLOSED
    assert _state(center, decided, decided_id) is RecordState.PRINT_READY_RECORD
    assert _state(center, older, shared) is RecordState.ACCEPTED
    with center.store.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(dedup_candidates)).scalar() == 2
