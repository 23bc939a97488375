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

from fieldkit.quality.face import FaceAnalyzer
from fieldkit.quality.finger import assess_finger
from fieldkit.quality.iris import assess_iris
from fieldkit.quality.result import QualityModality, QualityReport
from fieldkit.quality.signature import assess_signature as signature_report

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    import numpy as np
    from numpy.typing import NDArray

    from drivers.base import PenSample
    from fieldkit.quality.policy import QualityPolicy

log = logging.getLogger(__name__)


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
