"""How good a capture must be, how often it may be retried, and how it may be forced.

One number per modality (MOSIP's model), read from the settings table of the
encrypted store so an office can tune it without a new release:

* the analysers' pass marks by default (``result.PASS_MARKS``): finger 40
  (NFIQ 2, MOSIP's default), iris 60, face 50 and signature 50 (our 0-100 scales);
* up to ``max_attempts`` (3) captures per slot; the best one is kept;
* a capture below the threshold, or a capture beyond the last attempt, goes
  through only with a reason (a code from a fixed list *and* words), and is
  then flagged for the ketua tim's review.

The field reality (SOP 004) is an elderly farmer with worn prints: refusing
him outright would send him home without a card, so forcing is allowed, but
never silently.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import sqlalchemy as sa

from fieldkit import office_sent
from fieldkit.errors import InvalidInput
from fieldkit.quality.result import PASS_MARKS, QualityModality
from fieldkit.store.models import Setting

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from sqlalchemy.orm import Session

DEFAULT_MAX_ATTEMPTS = 3
_MAX_ATTEMPTS_LIMIT = 10
THRESHOLD_KEY = "quality.threshold.{}"
ATTEMPTS_KEY = "quality.max_attempts"


class ForceReasonCode(enum.StrEnum):
    """Why a below-threshold capture (or an extra attempt) was kept anyway."""

    WORN_PRINTS = "worn_prints"  # age, farm or factory work
    SKIN_CONDITION = "skin_condition"  # dry, wet, scarred, bandaged in part
    CANNOT_COOPERATE = "cannot_cooperate"  # tremor, agitation, cannot hold still
    EYE_CONDITION = "eye_condition"  # cataract, drooping lid
    DEVICE_LIMIT = "device_limit"  # the device cannot do better here (light, space)
    TIME_LIMIT = "time_limit"  # the person is exhausted; SOP 004 puts them first
    OTHER = "other"


_ANY = (ForceReasonCode.CANNOT_COOPERATE, ForceReasonCode.DEVICE_LIMIT, ForceReasonCode.TIME_LIMIT)
_REASONS_FOR: dict[QualityModality, tuple[ForceReasonCode, ...]] = {
    QualityModality.FINGER: (ForceReasonCode.WORN_PRINTS, ForceReasonCode.SKIN_CONDITION, *_ANY),
    QualityModality.IRIS: (ForceReasonCode.EYE_CONDITION, *_ANY),
    QualityModality.FACE: (ForceReasonCode.EYE_CONDITION, *_ANY),
    QualityModality.SIGNATURE: _ANY,
}


def force_reasons_for(modality: QualityModality) -> tuple[ForceReasonCode, ...]:
    """The reasons that can explain a weak capture of this modality, "other" last.

    Offering "worn prints" for a face photo made it the default on the face step.
    """
    return (*_REASONS_FOR.get(modality, _ANY), ForceReasonCode.OTHER)


class ReasonRequired(InvalidInput):
    code = "reason_required"


class AttemptLimitReached(InvalidInput):
    code = "attempt_limit_reached"


@dataclass(frozen=True)
class ForceReason:
    """A reason code and the officer's own words; both are required."""

    code: ForceReasonCode
    text: str

    @classmethod
    def parse(cls, code: str | ForceReasonCode | None, text: str | None) -> ForceReason:
        """Refuse a force without both parts, with a message saying which one is missing."""
        if code is None or not str(code).strip():
            raise ReasonRequired(params={"missing": "code"})
        try:
            parsed = ForceReasonCode(str(code).strip())
        except ValueError:
            raise ReasonRequired(
                code="reason_code_unknown",
                params={
                    "missing": "known_code",
                    "given": code,
                    "choices": ", ".join(c.value for c in ForceReasonCode),
                },
            ) from None
        words = (text or "").strip()
        if not words:
            raise ReasonRequired(params={"missing": "words"})
        return cls(parsed, words)

    def as_json(self) -> dict[str, str]:
        return {"code": self.code.value, "text": self.text}


@dataclass(frozen=True)
class QualityPolicy:
    thresholds: Mapping[QualityModality, float] = field(default_factory=lambda: dict(PASS_MARKS))
    max_attempts: int = DEFAULT_MAX_ATTEMPTS

    def threshold(self, modality: QualityModality) -> float:
        return self.thresholds.get(modality, PASS_MARKS[modality])

    def passes(self, modality: QualityModality, score: float | None) -> bool:
        """An unscorable capture (None) never passes."""
        return score is not None and score >= self.threshold(modality)

    def check_attempt(self, attempts_so_far: int, force: ForceReason | None) -> None:
        """Attempts beyond ``max_attempts`` need a force reason (the officer decided to go on)."""
        if attempts_so_far >= self.max_attempts and force is None:
            raise AttemptLimitReached(
                params={"attempts": attempts_so_far, "max": self.max_attempts}
            )

    @staticmethod
    def best(scores: Iterable[float | None]) -> int | None:
        """Index of the highest score (the earliest on a tie); None scores rank last."""
        best_index: int | None = None
        best_score = -1.0
        for index, score in enumerate(scores):
            value = -0.5 if score is None else score
            if best_index is None or value > best_score:
                best_index, best_score = index, value
        return best_index

    def as_json(self) -> dict[str, object]:
        return {
            "thresholds": {m.value: self.threshold(m) for m in QualityModality},
            "max_attempts": self.max_attempts,
        }


def load_policy(session: Session) -> QualityPolicy:
    """The office's policy from the settings table, defaults for anything not set.

    One statement for every key: a policy read is one read, not one per modality
    (issue 35 counts them per press of Rekam).
    """
    keys = {THRESHOLD_KEY.format(m.value): m for m in QualityModality}
    wanted = sa.select(Setting.key, Setting.value).where(Setting.key.in_([*keys, ATTEMPTS_KEY]))
    found = {str(key): str(value) for key, value in session.execute(wanted).all()}
    thresholds = dict(PASS_MARKS)
    for key, modality in keys.items():
        if key in found:
            thresholds[modality] = float(found[key])
    attempts = int(found[ATTEMPTS_KEY]) if ATTEMPTS_KEY in found else DEFAULT_MAX_ATTEMPTS
    return QualityPolicy(thresholds, attempts)


def store_policy(
    session: Session,
    *,
    thresholds: Mapping[QualityModality, float] | None = None,
    max_attempts: int | None = None,
) -> QualityPolicy:
    """Change thresholds or the attempt limit (the caller checks the role and audits)."""
    for modality, value in (thresholds or {}).items():
        if not 0 <= value <= 100:  # noqa: PLR2004 - every scale here is 0-100
            raise InvalidInput(
                code="threshold_range",
                params={"modality": modality.value},
            )
        office_sent.refuse_below(session, THRESHOLD_KEY.format(modality.value), value)
        session.merge(Setting(key=THRESHOLD_KEY.format(modality.value), value=f"{value:g}"))
    if max_attempts is not None:
        if not 1 <= max_attempts <= _MAX_ATTEMPTS_LIMIT:
            raise InvalidInput(
                code="attempts_range",
                params={"max": _MAX_ATTEMPTS_LIMIT},
            )
        office_sent.refuse_above(session, ATTEMPTS_KEY, max_attempts)
        session.merge(Setting(key=ATTEMPTS_KEY, value=str(max_attempts)))
    session.flush()
    return load_policy(session)
