"""Training's plain flags: which store, visits and mode are training, read from settings.

A *training store* (``fieldkit-app --demo``, ``fieldkit init --training``) is
training through and through; on a real store, training happens only on
*training visits*, made for it and listed here, and while the officer has
chosen *training mode* (the simulators).  Reports, the DTKS list, the handover
and the home screen's counts leave training visits out.

This module reads and writes those settings rows, and holds the guards that need
nothing else, so every layer may ask "is this training?" without importing
enrollment.  What training *does* (training mode's visit, the simulated
enrollments) is :mod:`fieldkit.training_mode`, high above.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import sqlalchemy as sa

from fieldkit.errors import KnownError
from fieldkit.store.models import Setting

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sqlalchemy.orm import InstrumentedAttribute, Session

#: Settings row set (to "1") when the store was made for training.
TRAINING_STORE = "store.training"
#: Settings row: JSON list of the ids of training visits on a real store.
TRAINING_VISITS = "training.visits"
#: Settings row: "1" while the officer has chosen training (the simulators) on a real store.
TRAINING_MODE = "training.mode"


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


def require_training_visit(session: Session, visit_id: str) -> None:
    """Training on a real store makes its own visit; it never adds to a real one."""
    if is_training_store(session) or visit_id in training_visit_ids(session):
        return
    raise TrainingRefused


def training_mode(session: Session) -> bool:
    """Whether the simulators are chosen: always in a training store, by choice in a real one."""
    if is_training_store(session):
        return True
    row = session.get(Setting, TRAINING_MODE)
    return row is not None and row.value == "1"


def require_mode_matches(session: Session, visit_id: str) -> None:
    """In training mode, record only on a training visit: made-up captures stay training."""
    if is_training_store(session) or not training_mode(session):
        return
    if visit_id in training_visit_ids(session):
        return
    raise TrainingRefused
