"""Auto-capture's core: the steady spell, its latch, and a bad still that records nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
import sqlalchemy as sa

from drivers.registry import get_backend
from fieldkit.enrollment import autocapture, capture
from fieldkit.enrollment.autocapture import AutoCaptureRule, SteadySpell
from fieldkit.enrollment.machine import FingerMode
from fieldkit.enrollment.models import CaptureAttempt
from fieldkit.errors import InvalidInput
from tests.fieldkit.enrollment.enrollment_support import consented, open_zfm, walk_in_visit

if TYPE_CHECKING:
    from fieldkit.workspace import Workspace


def _attempts(ws: Workspace, draft: str) -> int:
    with ws.transaction() as session:
        return int(
            session.scalar(
                sa.select(sa.func.count())
                .select_from(CaptureAttempt)
                .where(CaptureAttempt.enrollment_id == draft)
            )
            or 0
        )


def test_the_spell_fires_once_after_good_verdicts_held_long_enough() -> None:
    spell = SteadySpell(AutoCaptureRule(steady_s=0.5))
    spell.start("face")
    assert not spell.feed(good=True, now=10.0)
    assert not spell.feed(good=True, now=10.3)
    assert spell.feed(good=True, now=10.5)
    assert spell.last_spell_s == pytest.approx(0.5)
    # The latch: never twice for one step, however long it stays good.
    assert not spell.feed(good=True, now=11.0)
    assert not spell.feed(good=True, now=20.0)
    assert spell.fired


def test_a_preview_that_reconnected_starts_the_spell_afresh() -> None:
    # Good frames, then the device's service restarts (no frames for 5 s), then good
    # frames again: the gap is not "held still"; the spell counts from the first frame back
    # (issue 47 B4), and the watch is still armed for when the device is back.
    spell = SteadySpell(AutoCaptureRule(steady_s=0.5))
    spell.start("face")
    assert not spell.feed(good=True, now=10.0)
    spell.interrupted()
    assert spell.armed
    assert not spell.feed(good=True, now=15.0)
    assert not spell.feed(good=True, now=15.4)
    assert spell.feed(good=True, now=15.5)
    assert spell.last_spell_s == pytest.approx(0.5)


def test_a_bad_verdict_restarts_the_spell() -> None:
    # A face that drifts out of frame: never steady long enough, never captured.
    spell = SteadySpell(AutoCaptureRule(steady_s=0.5))
    spell.start("face")
    fired = [
        spell.feed(good=(n % 5 != 4), now=n * 0.1)  # good 0.4 s, then out of frame
        for n in range(100)
    ]
    assert not any(fired)
    assert not spell.feed(good=False, now=10.0)
    assert not spell.feed(good=True, now=10.1)
    assert spell.feed(good=True, now=10.6)


def test_a_new_slot_rearms_and_a_device_error_disarms() -> None:
    spell = SteadySpell(AutoCaptureRule(steady_s=0.5))
    spell.start("slap_left")
    assert not spell.feed(good=True, now=0.0)
    spell.stop()  # unplugged mid-step
    assert not spell.feed(good=True, now=1.0)
    assert not spell.feed(good=True, now=5.0)
    spell.start("slap_right")  # the next slot watches afresh, from its own first verdict
    assert not spell.feed(good=True, now=6.0)
    assert spell.feed(good=True, now=6.5)


def test_a_bad_still_lets_the_same_slot_wait_for_another_spell() -> None:
    spell = SteadySpell(AutoCaptureRule(steady_s=0.5))
    spell.start("face")
    spell.feed(good=True, now=0.0)
    assert spell.feed(good=True, now=0.5)
    assert spell.missed()
    assert not spell.feed(good=True, now=0.6)
    assert spell.feed(good=True, now=1.1)
    assert spell.missed()
    assert not spell.feed(good=True, now=1.2)
    assert spell.feed(good=True, now=1.7)
    # The third bad still in a row: the petugas takes over; no endless retakes.
    assert not spell.missed()
    assert not spell.armed
    assert not any(spell.feed(good=True, now=2 + n) for n in range(5))


def test_auto_capture_off_never_fires() -> None:
    spell = SteadySpell(AutoCaptureRule(on=False))
    spell.start("face")
    assert not any(spell.feed(good=True, now=n * 0.1) for n in range(100))
    spell.set_on(on=True)  # the petugas ticks it again for this person
    spell.feed(good=True, now=20.0)
    assert spell.feed(good=True, now=21.0)
    spell.start("iris")
    spell.set_on(on=False)
    assert not any(spell.feed(good=True, now=30 + n) for n in range(5))


def test_the_rule_is_the_offices_with_a_sane_range(workspace: Workspace) -> None:
    assert autocapture.current_rule(workspace) == AutoCaptureRule(on=True, steady_s=0.5)
    with workspace.transaction() as session:
        autocapture.store_rule(session, steady_s=0.8)
    assert autocapture.current_rule(workspace) == AutoCaptureRule(on=True, steady_s=0.8)
    with workspace.transaction() as session:
        autocapture.store_rule(session, on=False)
    assert autocapture.current_rule(workspace) == AutoCaptureRule(on=False, steady_s=0.8)
    for bad in (0.0, 0.1, 6.0):
        with pytest.raises(InvalidInput) as refused, workspace.transaction() as session:
            autocapture.store_rule(session, steady_s=bad)
        assert refused.value.code == "autocapture_steady_range"
    assert autocapture.current_rule(workspace).steady_s == 0.8


def test_a_bad_still_records_nothing_and_a_good_one_records_once(workspace: Workspace) -> None:
    # A finger lifted early leaves a poor print: the auto path keeps no attempt for it,
    # so the person's three attempts are not used up by the device's own timing.
    draft = consented(workspace, walk_in_visit(workspace), 1, finger_mode=FingerMode.SINGLE)
    scanner = open_zfm(quality="low")
    try:
        assert autocapture.capture_when_good(workspace, draft, "finger:2", scanner) is None
    finally:
        scanner.close()
    assert _attempts(workspace, draft) == 0
    scanner = open_zfm(quality="high")
    try:
        outcome = autocapture.capture_when_good(workspace, draft, "finger:2", scanner)
    finally:
        scanner.close()
    assert outcome is not None
    assert outcome.passed
    assert outcome.attempt == 1
    assert _attempts(workspace, draft) == 1


def test_rekam_still_records_a_bad_capture(workspace: Workspace) -> None:
    # Pressing Rekam is the petugas's decision: the attempt is kept, below the threshold.
    draft = consented(workspace, walk_in_visit(workspace), 2, finger_mode=FingerMode.SINGLE)
    scanner = open_zfm(quality="low")
    try:
        outcome = capture.capture(workspace, draft, "finger:2", scanner)
    finally:
        scanner.close()
    assert not outcome.passed
    assert _attempts(workspace, draft) == 1


def test_a_pen_that_keeps_touching_never_finishes_by_itself(workspace: Workspace) -> None:
    # The pad ends a capture on its timeout while the pen is still down: not a signature
    # the signer finished, so auto-capture records nothing (and Rekam would keep it).
    draft = consented(workspace, walk_in_visit(workspace), 3)
    pad = get_backend("signature", "sim", strokes="initials", speed=0.2, lead_in_s=0.0)
    with pad:
        kept = autocapture.capture_when_good(workspace, draft, "signature", pad, timeout_s=0.6)
    assert kept is None
    assert _attempts(workspace, draft) == 0
