"""Issue 57 §12: the laptop's revisit line never acts on the data center's escapes.

A recapture's or a duplicate's reason is the office's words, sent through the status
feed; one stored before the data center neutralised them (or sent by another data
center) kept ESC sequences and U+202E, which ``fieldkit revisit list`` printed raw to
the officer's terminal.  The line is now written visibly.
"""

from __future__ import annotations

import datetime as dt

from fieldkit.cli.review_commands import _revisit_line
from fieldkit.review.revisits import RevisitItem, RevisitSource, RevisitState


def test_a_recapture_reason_with_escapes_prints_as_one_visible_line() -> None:
    item = RevisitItem(
        id="0123456789abcdef",
        target_id="target-1",
        visit_id=None,
        record_id="record-1",
        name=None,
        nik_masked=None,
        desa=None,
        source=RevisitSource.DATACENTER_RECAPTURE,
        reason_code="recapture_requested",
        reason="Foto buram\x1b[2J\u202ekembali\nbaris palsu",
        revisit_date=None,
        state=RevisitState.OPEN,
        planned_visit_id=None,
        contact=None,
        contact_note=None,
        created_at=dt.datetime(2026, 11, 29, tzinfo=dt.UTC),
    )
    line = _revisit_line(item)
    assert "\x1b" not in line
    assert "\u202e" not in line
    assert "\n" not in line
    assert line.endswith("Foto buram\\x1b[2J\\u202ekembali\\nbaris palsu")
