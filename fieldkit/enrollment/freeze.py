"""The freeze rule: no new enrollments on a laptop that has not synced for too long.

MOSIP blocks registration after N days without a sync; a laptop that keeps
recording without ever handing its records over is a laptop whose theft or
failure loses weeks of people's visits.  New enrollments are blocked when

* the last successful sync (setting :data:`~fieldkit.records.states.LAST_SYNC_KEY`,
  ISO UTC, written by :func:`~fieldkit.records.states.mark_sync_done` when a push or
  a USB receipts import leaves nothing waiting) is more than
  ``enrollment.freeze_days`` (7) days ago; if this laptop never synced, the days
  count from its first sealed record (a laptop with no records and no sync is not
  frozen: there is nothing to lose);
* or more than ``enrollment.freeze_max_waiting`` (500) sealed records wait
  for the data center (``states.undelivered_count``).

Drafts already started can still be finished: freezing must never cost a
capture already taken.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from fieldkit import laptop_defaults, office_sent, sentences
from fieldkit.enrollment.errors import EnrollmentFrozen
from fieldkit.errors import InvalidInput
from fieldkit.records import states
from fieldkit.records.models import SealedRecordRow
from fieldkit.store.models import Setting

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

DAYS_KEY = "enrollment.freeze_days"
WAITING_KEY = "enrollment.freeze_max_waiting"
DEFAULT_DAYS = laptop_defaults.FREEZE_DAYS
DEFAULT_MAX_WAITING = laptop_defaults.FREEZE_MAX_WAITING


#: The catalogue context of the freeze reasons' sentences (``ui/freeze_catalogue.py``).
CONTEXT = "freeze"


@dataclass(frozen=True)
class FreezeReason:
    """Why new enrollments are blocked: a code and the numbers its sentence names.

    ``days_without_sync`` and ``days_since_first_record`` name ``age`` and ``days``;
    ``records_waiting`` names ``waiting`` and ``limit``.  The screen words it from the
    catalogue; ``message`` is the catalogue's English, for the CLI and logs.
    """

    code: str
    params: dict[str, str] = field(default_factory=dict)

    @property
    def message(self) -> str:
        return sentences.english(CONTEXT, self.code, self.params)


@dataclass(frozen=True)
class FreezeStatus:
    frozen: bool
    reasons: tuple[FreezeReason, ...]
    last_sync_at: dt.datetime | None
    counted_from: dt.datetime | None
    days_limit: int
    waiting: int
    waiting_limit: int

    def as_json(self) -> dict[str, object]:
        return {
            "frozen": self.frozen,
            "reasons": [r.message for r in self.reasons],
            "reason_codes": [r.code for r in self.reasons],
            "last_sync_at": self.last_sync_at.isoformat() if self.last_sync_at else None,
            "counted_from": self.counted_from.isoformat() if self.counted_from else None,
            "days_limit": self.days_limit,
            "waiting": self.waiting,
            "waiting_limit": self.waiting_limit,
        }


def _int_setting(session: Session, key: str, default: int) -> int:
    row = session.get(Setting, key)
    return int(row.value) if row is not None else default


def last_sync(session: Session) -> dt.datetime | None:
    row = session.get(Setting, states.LAST_SYNC_KEY)
    if row is None or not row.value.strip():
        return None
    try:
        moment = dt.datetime.fromisoformat(row.value.strip())
    except ValueError:
        return None  # an unreadable value counts as never synced, which is the safe side
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def limits(session: Session) -> tuple[int, int]:
    """The freeze limits in force: days without a sync, and sealed records waiting."""
    return (
        _int_setting(session, DAYS_KEY, DEFAULT_DAYS),
        _int_setting(session, WAITING_KEY, DEFAULT_MAX_WAITING),
    )


def freeze_status(session: Session, at: dt.datetime | None = None) -> FreezeStatus:
    now = at or dt.datetime.now(dt.UTC)
    days, limit = limits(session)
    synced = last_sync(session)
    since = synced or session.scalar(select(func.min(SealedRecordRow.sealed_at)))
    waiting = states.undelivered_count(session)
    reasons: list[FreezeReason] = []
    if since is not None and now - since > dt.timedelta(days=days):
        code = "days_without_sync" if synced else "days_since_first_record"
        reasons.append(FreezeReason(code, {"age": str((now - since).days), "days": str(days)}))
    if waiting > limit:
        reasons.append(
            FreezeReason("records_waiting", {"waiting": str(waiting), "limit": str(limit)})
        )
    return FreezeStatus(bool(reasons), tuple(reasons), synced, since, days, waiting, limit)


def check_not_frozen(session: Session) -> None:
    status = freeze_status(session)
    if status.frozen:
        raise EnrollmentFrozen(params={"reasons": " ".join(r.message for r in status.reasons)})


def set_limits(
    session: Session, *, days: int | None = None, max_waiting: int | None = None
) -> None:
    """Change the freeze limits (the caller checks the role and audits)."""
    if days is not None:
        if days < 1:
            raise InvalidInput(code="freeze_days_too_small")
        office_sent.refuse_above(session, DAYS_KEY, days)
        session.merge(Setting(key=DAYS_KEY, value=str(days)))
    if max_waiting is not None:
        if max_waiting < 1:
            raise InvalidInput(code="freeze_waiting_too_small")
        office_sent.refuse_above(session, WAITING_KEY, max_waiting)
        session.merge(Setting(key=WAITING_KEY, value=str(max_waiting)))
    session.flush()
