"""What penunggalan found, read back: each DUPLICATE_RECORD's candidates (no image library).

``records list --json`` shows them and :mod:`sync.server.dedup.adjudicate` checks a
decision against them; both run without OpenCV or NBIS.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from sync.server.store.tables import dedup_candidates

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from sync.server.store.database import SqlStore


@dataclass
class Candidate:
    """Another record a search named, its best score, and every part that matched."""

    device_id: str
    record_id: str
    #: Each part ("1".."10", "face", "replay") and its score, best first.
    matches: list[tuple[str, float]] = field(default_factory=list)

    @property
    def score(self) -> float:
        """The best score (a finger's Bozorth3; the face's 0-1 when only it matched)."""
        return max((score for _part, score in self.matches), default=0.0)

    @property
    def replay(self) -> bool:
        return any(part == "replay" for part, _score in self.matches)

    def as_json(self) -> dict[str, Any]:
        return {
            "record_id": self.record_id,
            "device_id": self.device_id,
            "score": self.score,
            "replay": self.replay,
            "matches": [{"part": part, "score": score} for part, score in self.matches],
        }


def _grouped(rows: list[Any]) -> dict[tuple[str, str], list[Candidate]]:
    found: dict[tuple[str, str], dict[tuple[str, str], Candidate]] = {}
    for row in rows:
        of = found.setdefault((row.device_id, row.record_id), {})
        key = (row.candidate_device_id, row.candidate_record_id)
        candidate = of.setdefault(key, Candidate(*key))
        candidate.matches.append((row.part, row.score))
    result: dict[tuple[str, str], list[Candidate]] = {}
    for record, by_other in found.items():
        for candidate in by_other.values():
            candidate.matches.sort(key=lambda m: -m[1])
        result[record] = sorted(by_other.values(), key=lambda c: (-c.score, c.record_id))
    return result


def of_record(conn: Connection, device_id: str, record_id: str) -> list[Candidate]:
    """One record's candidates, best first (in the caller's transaction)."""
    rows = conn.execute(
        sa.select(dedup_candidates)
        .where(dedup_candidates.c.device_id == device_id, dedup_candidates.c.record_id == record_id)
        .order_by(dedup_candidates.c.id)
    ).all()
    return _grouped(list(rows)).get((device_id, record_id), [])


def every(store: SqlStore) -> dict[tuple[str, str], list[Candidate]]:
    """Every record's candidates, keyed by (device, record): one query for a listing."""
    with store.reading() as conn:
        rows = conn.execute(sa.select(dedup_candidates).order_by(dedup_candidates.c.id)).all()
    return _grouped(list(rows))


__all__ = ["Candidate", "every", "of_record"]
