"""The login step: the session opens, then what a crash interrupted is finished."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from fieldkit import login
from fieldkit.enrollment import intake
from fieldkit.enrollment.models import Enrollment
from fieldkit.planning import targets_import
from fieldkit.records import outbox
from fieldkit.workspace import Workspace
from tests.fieldkit.planning.planning_support import person, plan_visit, write_csv
from tests.support import ADMIN, ADMIN_PASSWORD, init_workspace

if TYPE_CHECKING:
    from pathlib import Path


class Crash(Exception):
    """The laptop dying between a seal's file flush and its commit."""


def _sealed_then_crashed(home: Path, tmp_path: Path) -> str:
    """A draft whose sealed file reached the disk while its transaction never committed."""
    with init_workspace(home, training=True) as ws:
        visit = plan_visit(ws)[0]
        targets_import.import_targets(ws, visit.id, write_csv(tmp_path / "s.csv", [person(0)]))
        target = targets_import.list_targets(ws, visit.id)[0].id
        draft = intake.start_enrollment(ws, visit.id, target_ref=target).id
        intake.record_consent(ws, draft, intake.ConsentInput(intake.ConsentGiver.PERSON))
        with ws.transaction() as session:  # the laptop's signing key, made by a first seal
            outbox.seal_record(session, "rec-before", b"sealed earlier")
        with pytest.raises(Crash), ws.transaction() as session:
            outbox.seal_record(session, draft, b"sealed before the crash")
            path = outbox.envelope_path(session, draft)
            survivor = path.read_bytes()
            raise Crash
        path.write_bytes(survivor)
    return draft


def test_logging_in_adopts_a_record_sealed_before_a_crash(home: Path, tmp_path: Path) -> None:
    draft = _sealed_then_crashed(home, tmp_path)
    with login.log_in(home, ADMIN, ADMIN_PASSWORD) as ws, ws.transaction() as session:
        assert [r.record_id for r in outbox.list_records(session)] == ["rec-before", draft]
        assert session.get(Enrollment, draft) is None  # its plaintext is erased


def test_the_session_alone_leaves_the_recovery_to_the_login_step(
    home: Path, tmp_path: Path
) -> None:
    draft = _sealed_then_crashed(home, tmp_path)
    with Workspace.login(home, ADMIN, ADMIN_PASSWORD) as ws:
        with ws.transaction() as session:
            assert [r.record_id for r in outbox.list_records(session)] == ["rec-before"]
            assert session.get(Enrollment, draft) is not None
        assert login.recover_after_crash(ws) == 1
        assert login.recover_after_crash(ws) == 0  # nothing left to adopt
