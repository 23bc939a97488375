"""Time spent per step and per person, against SOP 004's 30 minutes.

SOP 004 gives 30 minutes for one cooperative person, including walking in,
consent and waiting; the software's share should be small.  The clock runs
on the step the officer is on and stops while a draft is paused, so a draft
resumed after lunch does not count lunch.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fieldkit.enrollment.models import Enrollment

#: SOP 004 step 10: "30 menit" for one recording.
SOP_SECONDS = 30 * 60


def now() -> dt.datetime:
    """The one clock of enrollment (tests replace it to make time pass)."""
    return dt.datetime.now(dt.UTC)


def step_seconds(row: Enrollment) -> dict[str, float]:
    data: dict[str, float] = json.loads(row.timing)
    return data


def account(row: Enrollment, at: dt.datetime, next_step: str | None) -> None:
    """Charge the time since the last change to the active step, then switch to ``next_step``."""
    timing = step_seconds(row)
    if row.active_step is not None and row.active_since is not None:
        spent = max(0.0, (at - row.active_since).total_seconds())
        timing[row.active_step] = round(timing.get(row.active_step, 0.0) + spent, 3)
    row.timing = json.dumps(timing, sort_keys=True)
    row.active_step = next_step
    row.active_since = at if next_step is not None else None


@dataclass(frozen=True)
class Timing:
    per_step: dict[str, float]

    @property
    def total_seconds(self) -> float:
        return round(sum(self.per_step.values()), 3)

    @property
    def over_sop(self) -> bool:
        return self.total_seconds > SOP_SECONDS

    def as_json(self) -> dict[str, object]:
        return {
            "per_step_seconds": dict(sorted(self.per_step.items())),
            "total_seconds": self.total_seconds,
            "sop_seconds": SOP_SECONDS,
            "over_sop": self.over_sop,
        }


def timing_of(row: Enrollment, at: dt.datetime | None = None) -> Timing:
    """The timing so far, including the running step, without changing the row."""
    timing = step_seconds(row)
    if row.active_step is not None and row.active_since is not None:
        spent = max(0.0, ((at or now()) - row.active_since).total_seconds())
        timing[row.active_step] = round(timing.get(row.active_step, 0.0) + spent, 3)
    return Timing(timing)
