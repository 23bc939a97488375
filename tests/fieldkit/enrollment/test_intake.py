"""One list of a person's fields, kept by the draft and by the visit's list alike (issue 39)."""

from __future__ import annotations

import dataclasses

import pytest
import sqlalchemy as sa

from fieldkit.enrollment import flow, intake
from fieldkit.enrollment.models import Enrollment
from fieldkit.planning.models import Target
from fieldkit.planning.targets_import import Category
from fieldkit.workspace import Workspace
from tests.fieldkit.enrollment.enrollment_support import DESA, person, walk_in_visit

#: Every field filled, none at its default, so a field left behind shows.
FULL = person(
    5,
    desa_code=DESA,
    categories=(Category.DISABILITAS, Category.LAINNYA),
    disability_kind="tuna daksa",
    category_note="tinggal sendiri",
)


def _fields() -> set[str]:
    return {item.name for item in dataclasses.fields(intake.PersonInput)}


def test_every_field_of_a_person_has_its_column() -> None:
    # The draft keeps each field under its own name, a target under its column: a new
    # field without a column would be dropped without a word.
    drafts = {column.key for column in sa.inspect(Enrollment).columns}
    targets = {column.key for column in sa.inspect(Target).columns}
    assert _fields() <= drafts
    assert set(intake.target_columns(FULL)) <= targets
    assert set(intake.target_columns(FULL)) == _fields() - {"desa_code", "category_note"} | {"note"}


def _target(ws: Workspace, target_id: str) -> Target:
    with ws.transaction() as session:
        found = session.get(Target, target_id)
        assert found is not None
        return found


def test_a_walk_in_is_listed_and_recorded_with_every_field(workspace: Workspace) -> None:
    visit = walk_in_visit(workspace)
    checked = intake.check_person(FULL).person
    listed = _target(workspace, intake.add_person(workspace, visit, FULL))
    assert listed.note == "tinggal sendiri"
    assert listed.categories == "disabilitas,lainnya"
    # The list has no desa code: the rest comes back as it went in.
    assert intake.person_from_target(listed) == dataclasses.replace(checked, desa_code=None)
    view = intake.start_enrollment(workspace, visit, target_ref=listed.id, person=FULL)
    with workspace.transaction() as session:
        row = session.get(Enrollment, view.id)
        assert row is not None
        kept = {name: getattr(row, name) for name in _fields()}
    assert kept == {
        **{name: getattr(checked, name) for name in _fields()},
        "categories": "disabilitas,lainnya",
    }


def test_a_revisit_lists_the_same_person_again(workspace: Workspace) -> None:
    first = walk_in_visit(workspace)
    view = intake.start_enrollment(workspace, first, person=FULL)
    flow.pause_enrollment(workspace, view.id)
    second = walk_in_visit(workspace)
    moved = flow.resume_enrollment(workspace, view.id, visit_ref=second)
    before, after = _target(workspace, view.target_id), _target(workspace, moved.target_id)
    assert after.id != before.id
    assert after.visit_id == second
    assert intake.person_columns(after) == intake.person_columns(before)
    assert intake.person_from_target(after).category_note == "tinggal sendiri"
    assert after.warnings == before.warnings


def test_a_walk_in_already_on_the_visits_list_is_refused_with_their_name(
    workspace: Workspace,
) -> None:
    # Issue 56.5: added again, one person had two rows, counted twice on Beranda and the BA.
    visit = walk_in_visit(workspace)
    listed = _target(workspace, intake.add_person(workspace, visit, FULL))
    with pytest.raises(intake.AlreadyOnTheList) as added_again:
        intake.add_person(workspace, visit, FULL)
    assert added_again.value.params == {"name": listed.name}
    assert listed.name in added_again.value.message
    with pytest.raises(intake.AlreadyOnTheList):
        intake.start_enrollment(workspace, visit, person=FULL)
    with workspace.transaction() as session:
        on_the_list = session.scalars(sa.select(Target.id).where(Target.visit_id == visit)).all()
        drafts = session.scalars(sa.select(Enrollment.id)).all()
    assert on_the_list == [listed.id]
    assert drafts == []
    # The listed person starts as usual, and another visit may list the same person.
    intake.start_enrollment(workspace, visit, target_ref=listed.id)
    other_visit = walk_in_visit(workspace)
    assert _target(workspace, intake.add_person(workspace, other_visit, FULL)).nik == listed.nik
