"""How each person on a visit counts, decided once for every screen and report (issue 47).

Beranda's "Selesai", Tinjauan's day, the berita acara and the rekap harian
each used to count a visit's people their own way: Beranda counted records (so
a person the ketua tim returned for recapture was "done", and a person recorded
again after it was done twice), the reports counted outcomes.  A team reading
the screen in the evening and the signed paper next morning saw two numbers for
one day.  Now each person of a visit has one key (:func:`counted_as`), read by
one query (:func:`people_of`), and every count is a count of those keys.

A person is counted once, by their target's outcome; a recorded person whose
record the data center refused, or the ketua tim returned for recapture, is
not "recorded": the record will never reach the office as it is.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

import sqlalchemy as sa

from fieldkit.enrollment.models import TargetOutcome
from fieldkit.enrollment.outcomes import Outcome
from fieldkit.planning.models import Target
from fieldkit.records.models import RecordReview, ReviewState, SealedRecordRow
from fieldkit.records.outbox import RecordStatus

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sqlalchemy.orm import Session

#: The person has no outcome yet (not met, or still being recorded).
NO_OUTCOME_KEY = "none"
#: Recorded in the field, refused by the data center: to be recorded again.
REJECTED_KEY = "rejected_by_datacenter"
#: Recorded, then returned by the ketua tim for recapture: held on the laptop, never sent.
RETURNED_KEY = "returned_by_ketua"
#: The category a person listed (or met as a walk-in) without any is counted under.
NO_CATEGORY = "none"
#: Every key a person may be counted under, in the reports' order.
KEYS = (*(o.value for o in Outcome), REJECTED_KEY, RETURNED_KEY, NO_OUTCOME_KEY)


def counted_as(outcome: str | None, record_state: str | None, review_state: str | None) -> str:
    """The one key a person counts under: their outcome, unless their record will not arrive.

    ``record_state`` is the sealed record's outbox state, ``review_state`` the ketua
    tim's review of it (``ReviewState``), both None for a person with no record.
    """
    if outcome is None:
        return NO_OUTCOME_KEY
    if outcome == Outcome.RECORDED.value:
        if record_state == RecordStatus.REJECTED.value:
            return REJECTED_KEY
        if review_state == ReviewState.RETURNED.value:
            return RETURNED_KEY
    return outcome


@dataclass(frozen=True)
class CountedPerson:
    """One target of a visit, as every count reads it."""

    target_id: str
    visit_id: str
    #: The category codes as listed (comma-separated in the store), or typed for a walk-in.
    categories: tuple[str, ...]
    key: str

    @property
    def recorded(self) -> bool:
        return self.key == Outcome.RECORDED.value


def categories_of(joined: str | None) -> tuple[str, ...]:
    """The category codes of a target as stored (``"lansia,odgj"``), in their order."""
    return tuple(c for c in (joined or "").split(",") if c)


def people_of(session: Session, visit_ids: Iterable[str] | None = None) -> list[CountedPerson]:
    """Every target of these visits (of all, with None) with the key it counts under.

    One query, for the screens that count after every seal as for the reports.
    """
    query = (
        sa.select(
            Target.id,
            Target.visit_id,
            Target.categories,
            TargetOutcome.outcome,
            SealedRecordRow.state,
            RecordReview.state,
        )
        .outerjoin(TargetOutcome, TargetOutcome.target_id == Target.id)
        .outerjoin(SealedRecordRow, SealedRecordRow.record_id == TargetOutcome.record_id)
        .outerjoin(RecordReview, RecordReview.record_id == TargetOutcome.record_id)
    )
    if visit_ids is not None:
        query = query.where(Target.visit_id.in_(list(visit_ids)))
    return [
        CountedPerson(target, visit, categories_of(joined), counted_as(outcome, state, review))
        for target, visit, joined, outcome, state, review in session.execute(query)
    ]


def counts_per_visit(
    session: Session, visit_ids: Iterable[str] | None = None
) -> dict[str, Counter[str]]:
    """Per visit, how many of its people count under each key (a missing key is 0)."""
    wanted = None if visit_ids is None else list(visit_ids)
    found: dict[str, Counter[str]] = {v: Counter() for v in wanted or ()}
    for person in people_of(session, wanted):
        found.setdefault(person.visit_id, Counter())[person.key] += 1
    return found


class Categorised(Protocol):
    """A person as the table by category reads them (a :class:`CountedPerson`, a report line)."""

    @property
    def categories(self) -> tuple[str, ...]: ...

    @property
    def recorded(self) -> bool: ...


def by_category(
    people: Iterable[Categorised], listed: Iterable[str] = ()
) -> dict[str, dict[str, int]]:
    """Per category: people, and how many of them were recorded.

    A person without a category counts under :data:`NO_CATEGORY`, so the table adds
    up to everyone (a person of two categories is in both rows).  ``listed``: the
    categories that get a row even with nobody in them, in their order.
    """
    out: dict[str, dict[str, int]] = {code: {"targets": 0, "recorded": 0} for code in listed}
    for person in people:
        for code in person.categories or (NO_CATEGORY,):
            row = out.setdefault(code, {"targets": 0, "recorded": 0})
            row["targets"] += 1
            row["recorded"] += person.recorded
    return out
