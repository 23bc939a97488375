"""A disabilitas person listed with no kind: imported with a warning on the row, refused
at the start of recording, then completed in place (issue 59 §2)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from fieldkit.enrollment import intake
from fieldkit.errors import InvalidInput
from fieldkit.planning import target_edit
from fieldkit.planning import targets_import as ti
from fieldkit.store.models import AuditEvent
from fieldkit.workspace import Workspace
from tests.fieldkit.planning.planning_support import person, plan_visit, write_csv
from tests.support import init_workspace

KATEGORI = 12  # HEADER's "Kategori"


@pytest.fixture
def workspace(home: Path) -> Iterator[Workspace]:
    """A training store: it records without a data center (the refusal is the subject)."""
    ws = init_workspace(home, training=True)
    yield ws
    ws.close()


@pytest.fixture
def visit_id(workspace: Workspace) -> str:
    return plan_visit(workspace)[0].id


def _list_with_bare_disabilitas(tmp_path: Path) -> Path:
    rows = [person(i) for i in range(4)]
    rows[2][KATEGORI] = "disabilitas"  # no kind: the village did not say which
    return write_csv(tmp_path / "sasaran.csv", rows)


def test_the_import_names_the_row_that_lacks_the_kind(
    workspace: Workspace, visit_id: str, tmp_path: Path
) -> None:
    report = ti.import_targets(workspace, visit_id, _list_with_bare_disabilitas(tmp_path))
    assert report.imported == 4
    warned = [(r.row, [m.code for m in r.messages]) for r in report.rows if r.messages]
    # Row 4 of the file (the header is row 1): its own row, and the column in its words.
    assert warned == [(4, ["jenis_disabilitas.missing"])]
    said = report.rows[2].messages[0].message
    assert "Jenis disabilitas" in said, said


def test_the_kind_completed_in_place_lets_recording_start(
    workspace: Workspace, visit_id: str, tmp_path: Path
) -> None:
    ti.import_targets(workspace, visit_id, _list_with_bare_disabilitas(tmp_path))
    bare = ti.list_targets(workspace, visit_id)[2]
    assert target_edit.needs_disability_kind(bare)
    with pytest.raises(InvalidInput) as refused:
        intake.start_enrollment(workspace, visit_id, target_ref=bare.id)
    assert refused.value.code == "disability_kind_required"
    with pytest.raises(InvalidInput):
        target_edit.complete_disability_kind(workspace, bare.id, "   ")
    done = target_edit.complete_disability_kind(workspace, bare.id, "  tuna  netra ")
    assert done.disability_kind == "tuna netra"
    assert not target_edit.needs_disability_kind(done)
    view = intake.start_enrollment(workspace, visit_id, target_ref=bare.id)
    assert view.target_id == bare.id
    with workspace.transaction() as session:
        event = session.execute(
            sa.select(AuditEvent).where(AuditEvent.action == "planning.target_completed")
        ).scalar_one()
    assert event.record_id == bare.id
    assert "netra" not in (event.details or "")  # the audit names the target, not its data
