"""The quality policy: thresholds from settings, best of N attempts, forcing with a reason.

Captures come from the real ZFM emulator over a pty; the store is a real SQLCipher store.
"""

from __future__ import annotations

import pytest

from drivers.fingerprint.synth import ImageQuality
from fieldkit import finish
from fieldkit.enrollment import capture
from fieldkit.enrollment.machine import FingerMode, SlotState
from fieldkit.quality import face, finger, iris, signature
from fieldkit.quality.policy import (
    AttemptLimitReached,
    ForceReason,
    ForceReasonCode,
    QualityPolicy,
    ReasonRequired,
    load_policy,
    store_policy,
)
from fieldkit.quality.result import PASS_MARKS, QualityModality
from fieldkit.workspace import Workspace
from tests.fieldkit.enrollment.enrollment_support import consented, open_zfm, walk_in_visit

SLOT = "finger:2"


def test_defaults_follow_mosip_and_the_face_scale(workspace: Workspace) -> None:
    with workspace.transaction() as session:
        policy = load_policy(session)
    assert policy.threshold(QualityModality.FINGER) == 40
    assert policy.threshold(QualityModality.IRIS) == 60
    assert policy.threshold(QualityModality.FACE) == 50
    assert policy.max_attempts == 3
    assert not policy.passes(QualityModality.FINGER, None)  # unscorable never passes


def test_the_policy_starts_from_the_marks_the_analysers_score_against() -> None:
    # Issue 39: the policy repeated each analyser's pass mark as a second number, so
    # one could change without the other.  Both now read the one table.
    analysers = {
        QualityModality.FACE: face.FACE_THRESHOLD,
        QualityModality.FINGER: finger.NFIQ2_THRESHOLD,
        QualityModality.IRIS: iris.IRIS_THRESHOLD,
        QualityModality.SIGNATURE: signature.SIGNATURE_THRESHOLD,
    }
    assert analysers == dict(PASS_MARKS)
    assert {m: QualityPolicy().threshold(m) for m in QualityModality} == dict(PASS_MARKS)
    assert QualityPolicy(thresholds={}).threshold(QualityModality.IRIS) == iris.IRIS_THRESHOLD


def test_the_best_of_three_attempts_is_kept(workspace: Workspace) -> None:
    visit = walk_in_visit(workspace)
    draft = consented(workspace, visit, 1, finger_mode=FingerMode.SINGLE)
    scanner = open_zfm()
    try:
        with workspace.transaction() as session:  # nothing passes: every attempt is kept
            store_policy(session, thresholds={QualityModality.FINGER: 100})
        qualities = [ImageQuality.LOW, ImageQuality.HIGH, ImageQuality.LOW]
        outcomes = []
        for quality in qualities:
            scanner.emulator.quality = quality
            outcomes.append(capture.capture(workspace, draft, SLOT, scanner))
    finally:
        scanner.close()
    scores = [o.score or 0.0 for o in outcomes]
    assert scores[1] > max(scores[0], scores[2]), scores
    assert [o.attempts_left for o in outcomes] == [2, 1, 0]
    last = outcomes[-1].slot_state
    assert last.best_attempt == 2
    assert last.best_score == scores[1]
    assert last.state.value == "below_threshold"


def test_a_fourth_attempt_is_refused_unless_forced_with_a_reason(workspace: Workspace) -> None:
    visit = walk_in_visit(workspace)
    draft = consented(workspace, visit, 2, finger_mode=FingerMode.SINGLE)
    scanner = open_zfm()
    try:
        for _ in range(3):
            capture.capture(workspace, draft, SLOT, scanner)
        with pytest.raises(AttemptLimitReached) as refused:
            capture.capture(workspace, draft, SLOT, scanner)
        assert refused.value.params["attempts"] == "3"
        reason = ForceReason(ForceReasonCode.WORN_PRINTS, "petani, sidik jari aus")
        fourth = capture.capture(workspace, draft, SLOT, scanner, force=reason)
    finally:
        scanner.close()
    assert fourth.attempt == 4
    assert fourth.attempts_left == 0


def test_forcing_needs_a_code_and_words() -> None:
    for code, text, missing in (
        (None, "tangan gemetar", "code"),
        ("because", "tangan gemetar", "known_code"),
        ("cannot_cooperate", "   ", "words"),
    ):
        with pytest.raises(ReasonRequired) as refused:
            ForceReason.parse(code, text)
        assert refused.value.params["missing"] == missing
    reason = ForceReason.parse("cannot_cooperate", "tangan gemetar")
    assert reason.code is ForceReasonCode.CANNOT_COOPERATE


def test_a_below_threshold_slot_blocks_finishing_until_forced_and_is_flagged(
    workspace: Workspace,
) -> None:
    visit = walk_in_visit(workspace)
    draft = consented(workspace, visit, 3, finger_mode=FingerMode.SINGLE)
    with workspace.transaction() as session:
        store_policy(session, thresholds={QualityModality.FINGER: 99})
    scanner = open_zfm()
    try:
        outcome = capture.capture(workspace, draft, SLOT, scanner)
    finally:
        scanner.close()
    assert not outcome.passed
    view = finish.review(workspace, draft)
    assert SLOT in view.progress.missing()
    assert any(
        s.slot.name == SLOT and s.state is SlotState.BELOW_THRESHOLD for s in view.progress.slots
    )
    state = capture.force_accept(
        workspace, draft, SLOT, ForceReason(ForceReasonCode.TIME_LIMIT, "lelah")
    )
    assert state.state.value == "forced"
    assert state.flagged


def test_the_configured_threshold_is_honoured(workspace: Workspace) -> None:
    visit = walk_in_visit(workspace)
    strict = consented(workspace, visit, 4, finger_mode=FingerMode.SINGLE)
    lenient = consented(workspace, visit, 5, finger_mode=FingerMode.SINGLE)
    scanner = open_zfm()
    try:
        with workspace.transaction() as session:
            store_policy(session, thresholds={QualityModality.FINGER: 95})
        refused = capture.capture(workspace, strict, SLOT, scanner)
        with workspace.transaction() as session:
            store_policy(session, thresholds={QualityModality.FINGER: 5})
        accepted = capture.capture(workspace, lenient, SLOT, scanner)
    finally:
        scanner.close()
    assert refused.score is not None
    assert refused.score < 95
    assert not refused.passed
    assert accepted.score is not None
    assert accepted.score >= 5
    assert accepted.passed
    assert accepted.parts["2"].scorer == "nfiq2"


def test_bad_policy_values_are_refused(workspace: Workspace) -> None:
    with workspace.transaction() as session, pytest.raises(Exception, match="between 0 and 100"):
        store_policy(session, thresholds={QualityModality.IRIS: 140})
    assert QualityPolicy.best([None, 30.0, 55.0, 55.0]) == 2
