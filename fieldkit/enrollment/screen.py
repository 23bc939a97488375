"""What the enrollment screen reads from the store, one typed function each.

The screen opens no database session itself: every fact it shows (the freeze,
whether recording waits for the data center, which records the data center
refused) comes from here, so the CLI and the screen cannot disagree.  The quality
policy is not among them: each slot of a draft's view carries its threshold and
attempt limit (``SlotProgress``), read with the draft, so the screen keeps no copy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fieldkit import training
from fieldkit.enrollment import freeze
from fieldkit.records import outbox

if TYPE_CHECKING:
    from collections.abc import Iterable

    from fieldkit.workspace import Workspace


def freeze_status(ws: Workspace) -> freeze.FreezeStatus:
    """Whether new enrollments are blocked until the laptop syncs, and why."""
    with ws.transaction() as session:
        return freeze.freeze_status(session)


def waits_for_datacenter(ws: Workspace) -> bool:
    """A real store not enrolled with a data center: nothing recorded could be delivered."""
    with ws.transaction() as session:
        return not training.is_training_store(session) and not outbox.datacenter_enrolled(session)


def rejected_records(ws: Workspace, record_ids: Iterable[str]) -> set[str]:
    """Which of these records the data center rejected (their people must be recorded again)."""
    wanted = set(record_ids)
    if not wanted:
        return set()
    with ws.transaction() as session:
        infos = [outbox.record_info(session, record_id) for record_id in wanted]
    return {
        info.record_id
        for info in infos
        if info is not None and info.state is outbox.RecordStatus.REJECTED
    }
