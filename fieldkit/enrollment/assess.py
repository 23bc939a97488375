"""One quality verdict per captured part, whatever the modality, against the office's policy.

Each modality's own analyser in ``fieldkit.quality`` judges the image (or the
pen samples); the office's policy supplies the pass mark.  The device's own
score is never trusted in its place: the simulators and cheap scanners report
whatever they like.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from fieldkit.quality import finger, iris
from fieldkit.quality.face import FACE_THRESHOLD, FaceAnalyzer
from fieldkit.quality.finger import assess_finger
from fieldkit.quality.iris import IrisAnalyzer, assess_iris
from fieldkit.quality.result import OK_INSTRUCTION, Instruction, QualityModality, QualityReport
from fieldkit.quality.signature import assess_signature as signature_report

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping, Sequence

    import numpy as np
    from numpy.typing import NDArray

    from drivers.base import PenSample
    from fieldkit.quality.policy import QualityPolicy

log = logging.getLogger(__name__)

#: Said when a part scored under the office's threshold with no more specific problem.
LOW_SCORE = Instruction("low_score")


@dataclass(frozen=True)
class PartVerdict:
    part: str
    score: float | None
    passed: bool
    scorer: str
    report: dict[str, object]

    def as_json(self) -> dict[str, object]:
        return {"score": self.score, "passed": self.passed, "scorer": self.scorer} | {
            "problems": self.report.get("problems", [])
        }


def warm_up() -> None:
    """Build what a person's first capture would: NFIQ 2's model, the face and iris analyzers.

    The app runs it on its warm-up thread after the main window's first paint, so the
    petugas does not wait for it in front of the family (``ui.app``).
    """
    finger.warm_up()
    _face_analyzer(FACE_THRESHOLD)
    iris.warm_up()


@functools.lru_cache(maxsize=4)
def _face_analyzer(threshold: float) -> FaceAnalyzer:
    return FaceAnalyzer(threshold=threshold)


def _report_verdict(
    part: str, report: QualityReport, policy: QualityPolicy, scorer: str
) -> PartVerdict:
    return PartVerdict(
        part,
        report.score,
        policy.passes(report.modality, report.score),
        scorer,
        report.as_json(),
    )


def assess_face(
    image: NDArray[np.uint8], policy: QualityPolicy, birth_year: int | None
) -> PartVerdict:
    threshold = policy.threshold(QualityModality.FACE)
    report = _face_analyzer(threshold).assess(image, birth_year=birth_year).report
    # A face report can fail on a hard problem (no face, two faces) whatever its score.
    verdict = _report_verdict("face", report, policy, "fieldkit.quality.face")
    return PartVerdict(
        "face", report.score, verdict.passed and report.passed, verdict.scorer, verdict.report
    )


def live_judge(
    modality: QualityModality,
    threshold: float,
    birth_year: int | None,
    *,
    several_in_frame: bool = False,
) -> Callable[[NDArray[np.uint8]], QualityReport] | None:
    """The preview's verdict on each frame, by the same checks as the capture's.

    The face preview used to skip the birth-year backdrop rule that the capture applies,
    so the meter said "good, 80" over a red cloth for a person born in an even year
    while every capture scored 0 (issue 14).  Same analysers, same threshold, same
    birth year; only the eye search is coarser, to keep the preview's frame rate.
    ``threshold`` is the slot's (``SlotProgress.threshold``), read with the draft's view.
    None for a signature, which is judged on its pen samples after the capture, and when
    the frame holds several parts (``several_in_frame``): a slap's preview comes at half
    resolution with four fingers in one frame, where NFIQ 2 says nothing true, and a
    binocular iris camera previews both eyes side by side, where the one-eye analyser
    said "too far" while each eye's capture passed; no score is better than a wrong one.
    """
    if modality is QualityModality.FACE:
        analyzer = _face_analyzer(threshold)
        return lambda frame: analyzer.live(frame, birth_year=birth_year)
    if several_in_frame:
        return None
    if modality is QualityModality.IRIS:
        return IrisAnalyzer(threshold=threshold).live
    if modality is QualityModality.FINGER:
        return lambda image: assess_finger(image, threshold=threshold)
    return None


def failure_reasons(verdicts: Iterable[PartVerdict]) -> list[Instruction]:
    """What to do about each part that failed, once per distinct instruction."""
    reasons: list[Instruction] = []
    for verdict in verdicts:
        if verdict.passed:
            continue
        raw = verdict.report.get("instruction")
        if isinstance(raw, dict) and isinstance(raw.get("code"), str):
            params = raw.get("params")
            reason = Instruction(
                str(raw["code"]),
                {str(k): str(v) for k, v in params.items()} if isinstance(params, dict) else {},
            )
        else:
            reason = LOW_SCORE
        if reason == OK_INSTRUCTION:  # a passing report, but under the office's threshold
            reason = LOW_SCORE
        if reason not in reasons:
            reasons.append(reason)
    return reasons


def assess_fingers(
    images: Mapping[str, NDArray[np.uint8]], policy: QualityPolicy
) -> list[PartVerdict]:
    threshold = policy.threshold(QualityModality.FINGER)
    return [
        _report_verdict(part, assess_finger(image, threshold=threshold), policy, "nfiq2")
        for part, image in images.items()
    ]


def assess_irises(
    images: Mapping[str, NDArray[np.uint8]],
    policy: QualityPolicy,
) -> list[PartVerdict]:
    threshold = policy.threshold(QualityModality.IRIS)
    return [
        _report_verdict(part, assess_iris(image, threshold=threshold), policy, "iris29794")
        for part, image in images.items()
    ]


def assess_signature(samples: Sequence[PenSample], policy: QualityPolicy) -> PartVerdict:
    threshold = policy.threshold(QualityModality.SIGNATURE)
    report = signature_report(samples, threshold=threshold)
    return _report_verdict("signature", report, policy, "signature")
