"""Training at work: training mode, its training visit, and the simulated enrollments.

A *training store* (``fieldkit-app --demo``, ``fieldkit init --training``) is
training through and through: it may record before any data center is
enrolled, sealing to the public demo key.  A *real store* may not: a record
sealed to the demo key can never be delivered, so recording waits until the
laptop is enrolled (:func:`fieldkit.enrollment.intake.require_deliverable`).

Training on a real store (the simulators chosen with ``--sim`` or the
training setting) happens only on *training visits*: visits made for it.
Their records are sealed to the demo key (the laptop never sends them, a real
data center refuses them), and the reports, the DTKS list, the handover and
the home screen's counts leave them out.

This module is the top of that story: it makes training visits and walks
simulated people through enrollment, so it sits above enrollment, planning and
sarpras.  The flags every layer reads ("is this visit training?") are
:mod:`fieldkit.training`, low down.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from fieldkit import audit, demo
from fieldkit.enrollment import freeze, intake, visits
from fieldkit.enrollment.models import VisitFieldInfo
from fieldkit.planning.models import Visit
from fieldkit.records import outbox
from fieldkit.sarpras import checklist
from fieldkit.store.models import Setting
from fieldkit.training import (
    TRAINING_MODE,
    is_training_store,
    require_training_visit,
    training_mode,
    training_visit_ids,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sqlalchemy.orm import Session

    from fieldkit.finish import FinishedRecord
    from fieldkit.workspace import Workspace


@dataclass(frozen=True)
class TrainingState:
    """Whether this is a training store (the demo), and whether training is on at all."""

    training_store: bool
    #: The simulators are chosen: always in a training store, by choice on a real one.
    training_mode: bool


def training_state(ws: Workspace) -> TrainingState:
    """Both training flags from one read, for screens that must not open the store themselves."""
    with ws.transaction() as session:
        return TrainingState(is_training_store(session), training_mode(session))


def simulators_chosen(ws: Workspace, *, demo: bool) -> bool:
    """Whether the devices are the simulators: exactly in the demo or in training mode.

    Never by themselves (a laptop with no scanner attached records nothing rather
    than made-up captures): the app's start, Settings' switch and the LATIHAN
    banner all ask this one rule.  The demo is answered without opening the store.
    """
    return demo or training_state(ws).training_mode


def set_training_mode(ws: Workspace, *, on: bool) -> str | None:
    """Choose (or leave) training on a real store; the training visit's id when turned on.

    Training gets a visit of its own for today (``Desa Latihan``), so nothing
    recorded with the simulators can land on a real visit.
    """
    with ws.transaction() as session:
        if is_training_store(session):
            return None if not on else _open_training_visit(session)
        session.merge(Setting(key=TRAINING_MODE, value="1" if on else "0"))
        audit.append(session, ws.officer.username, "training.mode", None, {"on": on})
        visit_id = _open_training_visit(session) if on else None
    if on and visit_id is None:
        visit_id = demo.demo_visit(ws)
    return visit_id


def _open_training_visit(session: Session) -> str | None:
    """Today's training visit, if one was made and is still open."""
    today = dt.datetime.now(dt.UTC).date()
    for visit_id in sorted(training_visit_ids(session)):
        visit = session.get(Visit, visit_id)
        info = session.get(VisitFieldInfo, visit_id)
        if visit is not None and visit.visit_date == today and (info is None or not info.closed_at):
            return visit_id
    return None


# --- simulated enrollments (``fieldkit demo enroll``) ---------------------------------------


def prepare_demo_visit(ws: Workspace, visit_ref: str | None) -> str:
    """The visit simulated people may be recorded on; refused before anything is made.

    Given a visit, it must be a training one; without one, a new training visit
    is made and its pre-trip checklist done with the simulators.  Either way the
    freeze, deliverability and the visit's checklist are checked as for a real
    recording, so a refused demo stores nothing.
    """
    with ws.transaction() as session:
        freeze.check_not_frozen(session)
        intake.require_deliverable(session, visit_ref or "")
        if visit_ref:
            visit_id = visits.resolve_visit(session, visit_ref).id
            require_training_visit(session, visit_id)
    if not visit_ref:
        visit_id = demo.demo_visit(ws)
        demo.prepare_sarpras(ws, visit_id)
    checklist.ensure_recording_allowed(ws, visit_id)  # the real store's rule
    return visit_id


def demo_enrollments(
    ws: Workspace,
    visit_id: str,
    count: int,
    *,
    with_exception: int = 0,
    slaps: bool = False,
    plant_duplicate: bool = False,
) -> Iterator[tuple[FinishedRecord, int]]:
    """Record ``count`` simulated people on ``visit_id``, yielding each sealed record.

    Each comes with its simulators' subject: every person is their own (their own
    fingers, irises and face).  The first ``with_exception`` of them have an amputated
    finger (flagged for review).  ``plant_duplicate`` records one more: the first
    person again under a new NIK, the Duplicate Record a second recording becomes at
    the office (so a team sees what one costs).  The simulators start once for the
    whole run; demo people continue numbering across runs, so their NIKs rarely repeat.
    """
    region = demo.demo_region(ws)
    with ws.transaction() as session:
        start = len(outbox.list_records(session))
    with demo.SimKit(slaps=slaps) as kit:
        for n in range(count):
            subject = demo.subject_for(start + n)
            record = demo.enroll_one(
                ws, kit, visit_id, start + n, region, with_exception=n < with_exception
            )
            yield record, subject
        if plant_duplicate:
            subject = demo.subject_for(start)
            yield (
                demo.enroll_one(ws, kit, visit_id, start + count, region, subject=subject),
                subject,
            )
