"""A listed person recorded as the app's demo records one, and the status feed's news on it.

The demo's way (one finger at a time, the person's backdrop hung) rather than the slap
scanner's: on a loaded machine the slap simulator's answer came late once, and these
tests are about what the data center says afterwards, not about the capture.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fieldkit import demo, finish
from fieldkit.delivery import flow
from fieldkit.enrollment import intake, outcomes
from fieldkit.enrollment.machine import FingerMode
from fieldkit.records import outbox

if TYPE_CHECKING:
    from fieldkit.records.outbox import RecordInfo
    from fieldkit.workspace import Workspace

#: A receipt as the flow keeps it (``sync/`` checks signatures before the flow sees one).
RECEIPT = '{"state": "ACCEPTED", "signature": "c2lnbmVk"}'


def record_listed(ws: Workspace, kit: demo.SimKit, visit_id: str, target_id: str) -> str:
    """A whole simulated recording of a listed person, sealed; its record's id."""
    draft = intake.start_enrollment(
        ws, visit_id, target_ref=target_id, finger_mode=FingerMode.SINGLE
    ).id
    intake.record_consent(ws, draft, intake.ConsentInput(intake.ConsentGiver.PERSON))
    demo.capture_rest(ws, kit, draft)
    return finish.finish_enrollment(ws, draft).record_id


def news(ws: Workspace, record_id: str, state: str, message: str | None = None) -> RecordInfo:
    """A status entry as the sync client applies it: the record's receipt, then its news."""
    with ws.transaction() as session:
        info = outbox.record_info(session, record_id)
        assert info is not None
        verdict = flow.Verdict(info, "ACCEPTED", RECEIPT, None, message, state)
        flow.apply_verdicts(session, [verdict], actor=ws.officer.username, word=lambda *_: None)
        after = outbox.record_info(session, record_id)
    assert after is not None
    return after


def sealed_for(ws: Workspace, visit_id: str, target_id: str, record_id: str) -> str:
    """A listed person's record as ``finish_enrollment`` leaves it, without the captures.

    The same two core calls it ends with: the record sealed into the outbox, and the
    person's outcome "recorded" naming it.  For the screens' tests, which look at what
    the data center says of a record and not at how it was captured (a real recording
    costs seconds of CPU, and four of them a minute on CI's loaded machine).
    """
    with ws.transaction() as session:
        outbox.seal_record(session, record_id, b'{"person": "synthetic"}', visit_id=visit_id)
        outcomes.put_outcome(
            session,
            target_id=target_id,
            visit_id=visit_id,
            outcome=outcomes.Outcome.RECORDED,
            officer=ws.officer.username,
            record_id=record_id,
        )
    return record_id
