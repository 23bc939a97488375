"""Training never mixes with real work: the training store, training visits, and their guard.

A *training store* (``fieldkit-app --demo``, ``fieldkit init --training``) is
training through and through: it may record before any data center is
enrolled, sealing to the public demo key.  A *real store* may not: a record
sealed to the demo key can never be delivered, so recording waits until the
laptop is enrolled (:func:`require_deliverable`).

Training on a real store (the simulators chosen with ``--sim`` or the
training setting) happens only on *training visits*: visits made for it and
listed here.  Their records are sealed to the demo key (the laptop never
sends them, a real data center refuses them), and the reports, the DTKS
list, the handover and the home screen's counts leave them out.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlalchemy as sa

from fieldkit.errors import KnownError
from fieldkit.store.models import Setting

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sqlalchemy.orm import InstrumentedAttribute, Session

    from fieldkit.workspace import Workspace

#: Settings row set (to "1") when the store was made for training.
TRAINING_STORE = "store.training"
#: Settings row: JSON list of the ids of training visits on a real store.
TRAINING_VISITS = "training.visits"


class NotEnrolledForRecording(KnownError):
    """A real store records only once its laptop is enrolled with a data center."""

    code = "recording_needs_datacenter"


class TrainingRefused(KnownError):
    """Training asked to touch real work (a real visit), or real work a training visit."""

    code = "training_mixes_with_real_work"


def is_training_store(session: Session) -> bool:
    row = session.get(Setting, TRAINING_STORE)
    return row is not None and row.value == "1"


def mark_training_store(session: Session) -> None:
    session.merge(Setting(key=TRAINING_STORE, value="1"))
    session.flush()


def training_visit_ids(session: Session) -> frozenset[str]:
    """Visits whose people and records are training data (every visit of a training store)."""
    row = session.get(Setting, TRAINING_VISITS)
    return frozenset(json.loads(row.value)) if row is not None else frozenset()


def mark_training_visit(session: Session, visit_id: str) -> None:
    ids = sorted(training_visit_ids(session) | {visit_id})
    session.merge(Setting(key=TRAINING_VISITS, value=json.dumps(ids)))
    session.flush()


def is_training_visit(session: Session, visit_id: str | None) -> bool:
    """True for every visit of a training store, and for the training visits of a real one."""
    if is_training_store(session):
        return True
    return visit_id is not None and visit_id in training_visit_ids(session)


def real_only(session: Session, visit_ids: Iterable[str]) -> list[str]:
    """``visit_ids`` without the training visits (order kept): what reports may count.

    A training store's reports are all training, and they show it; so there
    every visit is kept.
    """
    if is_training_store(session):
        return list(visit_ids)
    training = training_visit_ids(session)
    return [v for v in visit_ids if v not in training]


def training_visit_filter(
    session: Session, column: InstrumentedAttribute[str]
) -> sa.ColumnElement[bool]:
    """A WHERE clause keeping rows whose visit (``column``) is not a training visit."""
    training = training_visit_ids(session)
    if is_training_store(session) or not training:
        return sa.true()
    return sa.or_(column.is_(None), column.not_in(sorted(training)))


def require_deliverable(session: Session, visit_id: str) -> None:
    """Refuse to start recording what could never reach the data center.

    On a real store that is not enrolled, every record would be sealed to the
    demo key and refused by the data center, while the reports counted it as
    recorded: the day's work would be lost.
    """
    from fieldkit.records import outbox  # noqa: PLC0415 - outbox imports this module

    if is_training_store(session) or outbox.datacenter_enrolled(session):
        return
    del visit_id  # the rule is the same for every visit of a real store
    raise NotEnrolledForRecording


def require_training_visit(session: Session, visit_id: str) -> None:
    """Training on a real store makes its own visit; it never adds to a real one."""
    if is_training_store(session) or visit_id in training_visit_ids(session):
        return
    raise TrainingRefused


# --- training mode on a real store ----------------------------------------------------------

#: Settings row: "1" while the officer has chosen training (the simulators) on a real store.
TRAINING_MODE = "training.mode"


def training_mode(session: Session) -> bool:
    """Whether the simulators are chosen: always in a training store, by choice in a real one."""
    if is_training_store(session):
        return True
    row = session.get(Setting, TRAINING_MODE)
    return row is not None and row.value == "1"


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


def set_training_mode(ws: Workspace, *, on: bool) -> str | None:
    """Choose (or leave) training on a real store; the training visit's id when turned on.

    Training gets a visit of its own for today (``Desa Latihan``), so nothing
    recorded with the simulators can land on a real visit.
    """
    from fieldkit import audit  # noqa: PLC0415 - audit imports the store's models late
    from fieldkit.enrollment import demo  # noqa: PLC0415 - loads the drivers: only here

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
    from fieldkit.enrollment.models import VisitFieldInfo  # noqa: PLC0415 - no import cycle
    from fieldkit.planning.models import Visit  # noqa: PLC0415

    today = dt.datetime.now(dt.UTC).date()
    for visit_id in sorted(training_visit_ids(session)):
        visit = session.get(Visit, visit_id)
        info = session.get(VisitFieldInfo, visit_id)
        if visit is not None and visit.visit_date == today and (info is None or not info.closed_at):
            return visit_id
    return None


def require_mode_matches(session: Session, visit_id: str) -> None:
    """In training mode, record only on a training visit: made-up captures stay training."""
    if is_training_store(session) or not training_mode(session):
        return
    if visit_id in training_visit_ids(session):
        return
    raise TrainingRefused
