"""What a countersign on the spot leaves in a draft's review flags and in its sealed record.

Apart from :mod:`fieldkit.enrollment.cosign` (the act, with the staff card), so the
record builder reads it without importing the card's login code.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlalchemy as sa

from fieldkit.enrollment.models import BiometricException, CaptureAttempt, EnrollmentCosign
from fieldkit.store.models import Officer

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable

    from sqlalchemy.orm import Session


@dataclass(frozen=True)
class Cosign:
    """One countersigned flag: which, by which ketua tim, when."""

    flag: str
    ketua: str
    ketua_name: str
    signed_at: dt.datetime

    def as_json(self) -> dict[str, object]:
        return {
            "flag": self.flag,
            "ketua": self.ketua,
            "ketua_name": self.ketua_name,
            "signed_at": self.signed_at.isoformat(),
        }


def forced_flag(attempt: CaptureAttempt) -> str:
    """The review flag of a capture kept below the threshold (``canonical_record``'s)."""
    return f"forced:{attempt.slot}:{attempt.attempt}:{attempt.forced_code}"


def exception_flag(entry: BiometricException) -> str:
    """The review flag of an exception (``canonical_record``'s)."""
    return f"exception:{entry.part}:{entry.reason}:{entry.permanence}"


def flagged(session: Session, enrollment_id: str) -> dict[str, tuple[str, str]]:
    """Every forced capture and exception of a draft: subject id -> (flag, who recorded it)."""
    out: dict[str, tuple[str, str]] = {}
    for attempt in session.scalars(
        sa.select(CaptureAttempt).where(
            CaptureAttempt.enrollment_id == enrollment_id, CaptureAttempt.forced_code.is_not(None)
        )
    ):
        out[attempt.id] = (forced_flag(attempt), "")
    for entry in session.scalars(
        sa.select(BiometricException).where(BiometricException.enrollment_id == enrollment_id)
    ):
        out[entry.id] = (exception_flag(entry), entry.recorded_by)
    return out


def valid_cosigns(session: Session, enrollment_id: str) -> list[EnrollmentCosign]:
    """The draft's countersigns whose subject still carries the flag that was signed.

    A forced capture forced again with another reason, or an exception removed and
    recorded again, is a new flag the ketua has not seen: its old countersign lapses.
    """
    current = flagged(session, enrollment_id)
    rows = session.scalars(
        sa.select(EnrollmentCosign)
        .where(EnrollmentCosign.enrollment_id == enrollment_id)
        .order_by(EnrollmentCosign.signed_at, EnrollmentCosign.flag)
    )
    return [row for row in rows if current.get(row.subject_id, ("",))[0] == row.flag]


def signed_off(session: Session, enrollment_id: str, flags: Iterable[str]) -> list[str]:
    """``flags`` without those the ketua tim countersigned on the spot (record and review)."""
    signed = {row.flag for row in valid_cosigns(session, enrollment_id)}
    return [flag for flag in flags if flag not in signed]


def cosigns_of(session: Session, enrollment_id: str) -> list[Cosign]:
    """The draft's valid countersigns, oldest first, with each ketua's full name."""
    rows = valid_cosigns(session, enrollment_id)
    wanted = {row.ketua for row in rows}
    names: dict[str, str] = {}
    for officer in session.scalars(sa.select(Officer).where(Officer.username.in_(wanted))):
        names[officer.username] = officer.full_name
    return [
        Cosign(row.flag, row.ketua, names.get(row.ketua, row.ketua), row.signed_at) for row in rows
    ]


def record_entries(session: Session, enrollment_id: str) -> list[dict[str, object]]:
    """The sealed record's ``cosigns``: the trace of each flag countersigned on the spot."""
    return [c.as_json() | {"role": "ketua_tim"} for c in cosigns_of(session, enrollment_id)]
