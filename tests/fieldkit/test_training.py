"""A real store records only what it can deliver; training is chosen, marked, and kept apart."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import x25519

from fieldkit import training, training_mode
from fieldkit.enrollment import intake
from fieldkit.records import outbox
from fieldkit.records import states as delivery
from fieldkit.sealing import DataCenterKey
from fieldkit.workspace import Workspace
from tests.fieldkit.enrollment.enrollment_support import person, walk_in_visit
from tests.support import init_workspace


def _enroll_keys(ws: Workspace) -> None:
    """What ``sync enroll`` leaves in the store: the data center's key, active."""
    public = x25519.X25519PrivateKey.generate().public_key().public_bytes_raw()
    with ws.transaction() as session:
        outbox.install_datacenter_keys(session, [DataCenterKey("dc-test-1", public)], "dc-test-1")


def test_a_real_store_refuses_to_start_recording_before_it_is_enrolled(
    workspace: Workspace,
) -> None:
    """Observation 3: records sealed to the demo key before enrolling could never be sent."""
    visit = walk_in_visit(workspace)
    with pytest.raises(intake.NotEnrolledForRecording) as refused:
        intake.start_enrollment(workspace, visit, person=person(1))
    assert "sync enroll" in (refused.value.hint or "")
    with workspace.transaction() as session:
        assert outbox.list_records(session) == []
    _enroll_keys(workspace)
    view = intake.start_enrollment(workspace, visit, person=person(1))
    assert view.id


def test_a_training_store_records_before_enrolling(home: Path) -> None:
    with init_workspace(home, training=True) as ws:
        visit = walk_in_visit(ws)
        assert intake.start_enrollment(ws, visit, person=person(1)).id
        with ws.transaction() as session:
            assert training.is_training_store(session)
            assert outbox.sealing_key(session, visit).demo
        assert training_mode.training_state(ws) == training_mode.TrainingState(
            training_store=True, training_mode=True
        )


def test_training_mode_records_only_on_its_own_visit_sealed_to_the_demo_key(
    workspace: Workspace,
) -> None:
    _enroll_keys(workspace)
    real_visit = walk_in_visit(workspace)
    assert training_mode.training_state(workspace) == training_mode.TrainingState(
        training_store=False, training_mode=False
    )
    training_visit = training_mode.set_training_mode(workspace, on=True)
    assert training_mode.training_state(workspace) == training_mode.TrainingState(
        training_store=False, training_mode=True
    )
    assert training_visit is not None
    assert training_mode.set_training_mode(workspace, on=True) == training_visit  # one a day
    with pytest.raises(training.TrainingRefused):
        intake.start_enrollment(workspace, real_visit, person=person(1))
    assert intake.start_enrollment(workspace, training_visit, person=person(2)).id
    with workspace.transaction() as session:
        assert training.training_mode(session)
        assert outbox.sealing_key(session, training_visit).demo
        assert not outbox.sealing_key(session, real_visit).demo
        assert training.real_only(session, [real_visit, training_visit]) == [real_visit]
    training_mode.set_training_mode(workspace, on=False)
    assert intake.start_enrollment(workspace, real_visit, person=person(3)).id


def test_training_records_count_nowhere_on_a_real_store(workspace: Workspace) -> None:
    """Beranda said "Menunggu data center: 3" for records that could never be sent."""
    _enroll_keys(workspace)
    training_visit = training_mode.set_training_mode(workspace, on=True)
    with workspace.transaction() as session:
        sealed = outbox.seal_record(session, "rec-training-1", b"{}", visit_id=training_visit)
        assert sealed.demo
        assert delivery.undelivered_count(session) == 0
        outbox.seal_record(session, "rec-real-1", b"{}", visit_id=None)
        assert delivery.undelivered_count(session) == 1


def test_the_simulators_are_chosen_exactly_in_the_demo_or_in_training_mode(
    workspace: Workspace, tmp_path: Path
) -> None:
    """One rule for the app's start, Settings' switch and the banner; never by themselves."""
    assert not training_mode.simulators_chosen(workspace, demo=False)
    assert training_mode.simulators_chosen(workspace, demo=True)
    training_mode.set_training_mode(workspace, on=True)
    assert training_mode.simulators_chosen(workspace, demo=False)
    training_mode.set_training_mode(workspace, on=False)
    assert not training_mode.simulators_chosen(workspace, demo=False)
    with init_workspace(tmp_path / "training", training=True) as ws:
        assert training_mode.simulators_chosen(ws, demo=False)
