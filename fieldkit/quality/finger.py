"""Fingerprint quality (NFIQ 2) and the same-finger-twice check, offline through ``nbis-py``.

The score is NIST's NFIQ 2 (0-100), the number MOSIP and the data center's
deduplication use; the pass mark is MOSIP's default of 40 (DESIGN.md §3).
NFIQ 2 alone does not tell the officer what to *do*, so a few cheap image
measures (about 4 ms) pick the instruction: too little ridge area means "place
the finger flat", a pale print means "press harder / moisten a dry finger", a
dark smeared one means "clean and dry the finger and the glass".

"Unscorable" covers what NFIQ 2 refuses (blank, tiny, no ridges) and also what
it scores but should not: pure noise gets an NFIQ 2 of about 33 here, so an
image with no coherent ridge flow is reported unscorable instead of given a
meaningless number.

The duplicate check compares every pair of *different* finger positions of one
person with Bozorth3: the same finger captured twice, or a slap captured for
the wrong hand twice, scores in the hundreds; different fingers stay low.
"""

from __future__ import annotations

import functools
import itertools
import logging
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import cv2
import nbis
import numpy as np

from fieldkit.quality.result import (
    OK_INSTRUCTION,
    PASS_MARKS,
    Check,
    Instruction,
    QualityModality,
    QualityReport,
)

if TYPE_CHECKING:
    from collections.abc import Mapping

    from numpy.typing import NDArray

    from fieldkit.formats.positions import FingerPosition

log = logging.getLogger(__name__)

#: MOSIP's default pass mark for single fingers, slaps and thumbs (DESIGN.md §3).
NFIQ2_THRESHOLD = PASS_MARKS[QualityModality.FINGER]
#: Bozorth3 score from which two different positions are called the same finger.
#: NBIS's guide calls > 40 a true match and the nbis-py docs > 50.  Our synthetic
#: prints (one generator, so more alike than real fingers) reach 43 between
#: distinct fingers (780 pairs), while the same finger re-captured with
#: rotation, shift and noise scores 268-351.  50 keeps distinct fingers quiet
#: with that margin and still catches a re-capture by a wide one.  On real prints
#: (tests/data/fingerprints) two impressions of one finger score 101, different
#: fingers 13-15.
DUPLICATE_THRESHOLD = 50
#: A usable template needs a dozen minutiae; fewer means little ridge detail.
MIN_MINUTIAE = 12
#: Below this mean structure-tensor coherence there is no ridge flow (noise scores ~0.14,
#: a poor but real print ~0.7, a good one ~0.95).
MIN_RIDGE_COHERENCE = 0.35
#: Ridge area at 500 ppi: about 0.3 x 0.4 inch, the least contact that a matcher can use.
MIN_FOREGROUND_PIXELS_500PPI = 30_000
#: Mean grey of the ridge area: above, a pale (dry, light pressure) print; below, a dark
#: (wet, smudged, pressed too hard) one.
MAX_FOREGROUND_MEAN = 190.0
MIN_FOREGROUND_MEAN = 80.0
#: 5th-95th percentile grey range inside the ridge area.
MIN_CONTRAST = 100.0
_MID_GREY = (MIN_FOREGROUND_MEAN + MAX_FOREGROUND_MEAN) / 2
_MIN_SIDE = 64  # smaller than ~3 mm at 500 ppi: nothing to score

_BAND_FINE = 1.2  # difference-of-Gaussians band around the ~9 px ridge period
_BAND_COARSE = 4.0
_ENERGY_WINDOW = 21
_ENERGY_FLOOR = 6.0
_ENERGY_RELATIVE = 0.3
_TENSOR_SIGMA = 6.0
_OPEN_KERNEL = np.ones((15, 15), np.uint8)

#: What to do about a poor print; the words are in the UI's catalogue (context "quality").
PLACE_FLAT = Instruction("finger.place_flat")
PRESS_FIRMER = Instruction("finger.press_firmer")
CLEAN_FINGER = Instruction("finger.clean")
RETRY_FINGER = Instruction("finger.retry")


@dataclass(frozen=True)
class RidgeMeasures:
    """Cheap image measures that say *why* a print is poor."""

    foreground_pixels: int
    foreground_fraction: float
    coherence: float
    contrast: float
    mean: float


@dataclass(frozen=True)
class DuplicateFinding:
    """Two different positions whose prints match: the same finger twice, or swapped hands."""

    first: FingerPosition
    second: FingerPosition
    score: int

    def describe(self) -> str:
        return (
            f"{self.first.en} and {self.second.en} look like the same finger "
            f"(Bozorth3 {self.score})"
        )


class _Extractor:
    """One nbis extractor per (ppi, nfiq2) setting; creating one loads NFIQ 2's model."""

    def __init__(self, ppi: int, *, nfiq2: bool) -> None:
        settings = nbis.NbisExtractorSettings(
            min_quality=0.0,
            get_center=False,
            check_fingerprint=False,
            compute_nfiq2=nfiq2,
            ppi=float(ppi),
        )
        self._inner = nbis.new_nbis_extractor(settings)
        # The binding does not promise thread safety; the preview worker and a
        # capture may call at once.
        self._lock = threading.Lock()

    def extract(self, image: NDArray[np.uint8]) -> Any:
        with self._lock:
            return self._inner.extract_minutiae(_pgm(image))


@functools.lru_cache(maxsize=4)
def _extractor(ppi: int, *, nfiq2: bool) -> _Extractor:
    return _Extractor(ppi, nfiq2=nfiq2)


def _pgm(image: NDArray[np.uint8]) -> bytes:
    """Binary PGM: the cheapest container nbis-py decodes (no compression to pay for)."""
    height, width = image.shape
    return b"P5\n%d %d\n255\n" % (width, height) + np.ascontiguousarray(image).tobytes()


def as_grey(image: NDArray[Any]) -> NDArray[np.uint8]:
    """Accept (H, W) grey or (H, W, 3) BGR 8-bit images; anything else is a caller bug."""
    if image.dtype != np.uint8:
        raise ValueError(f"expected an 8-bit image, got {image.dtype}")
    if image.ndim == 2:  # noqa: PLR2004
        same: NDArray[np.uint8] = image
        return same
    if image.ndim == 3 and image.shape[2] in (1, 3):  # noqa: PLR2004
        if image.shape[2] == 1:
            return np.ascontiguousarray(image[:, :, 0])
        return np.asarray(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY), dtype=np.uint8)
    raise ValueError(f"expected a grey or BGR image, got shape {image.shape}")


def ridge_area(image: NDArray[np.uint8]) -> NDArray[np.bool_]:
    """Where the image has ridge-frequency energy: the finger's contact area."""
    band = _band(image)
    return _foreground(band)


def _band(image: NDArray[np.uint8]) -> NDArray[np.float32]:
    f = image.astype(np.float32)
    fine = cv2.GaussianBlur(f, (0, 0), _BAND_FINE)
    coarse = cv2.GaussianBlur(f, (0, 0), _BAND_COARSE)
    band: NDArray[np.float32] = fine - coarse
    return band


def _foreground(band: NDArray[np.float32]) -> NDArray[np.bool_]:
    energy = np.sqrt(cv2.blur(band * band, (_ENERGY_WINDOW, _ENERGY_WINDOW)))
    threshold = max(_ENERGY_FLOOR, _ENERGY_RELATIVE * float(np.percentile(energy, 98)))
    mask = (energy > threshold).astype(np.uint8)
    opened = cv2.morphologyEx(mask, cv2.MORPH_OPEN, _OPEN_KERNEL)
    result: NDArray[np.bool_] = opened.astype(bool)
    return result


def measure_ridges(image: NDArray[np.uint8]) -> RidgeMeasures:
    """Foreground, ridge-flow coherence, contrast and brightness of a grey print."""
    band = _band(image)
    mask = _foreground(band)
    count = int(mask.sum())
    if count == 0:
        return RidgeMeasures(0, 0.0, 0.0, 0.0, float(image.mean()))
    gx = cv2.Sobel(band, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(band, cv2.CV_32F, 0, 1, ksize=3)
    gxx = cv2.GaussianBlur(gx * gx, (0, 0), _TENSOR_SIGMA)
    gyy = cv2.GaussianBlur(gy * gy, (0, 0), _TENSOR_SIGMA)
    gxy = cv2.GaussianBlur(gx * gy, (0, 0), _TENSOR_SIGMA)
    coherence = np.sqrt((gxx - gyy) ** 2 + 4 * gxy**2) / (gxx + gyy + 1e-6)
    values = image[mask]
    low, high = np.percentile(values, (5, 95))
    return RidgeMeasures(
        foreground_pixels=count,
        foreground_fraction=count / image.size,
        coherence=float(coherence[mask].mean()),
        contrast=float(high - low),
        mean=float(values.mean()),
    )


def warm_up(ppi: int = 500) -> None:
    """Load NFIQ 2's model now (~0.5 s) so the first live preview frame is not slow."""
    _extractor(ppi, nfiq2=True)
    _extractor(ppi, nfiq2=False)


def nfiq2(image: NDArray[Any], *, ppi: int = 500) -> int | None:
    """NFIQ 2 of a grey print, or None when NFIQ 2 cannot score it."""
    grey = as_grey(image)
    if min(grey.shape) < _MIN_SIDE:
        return None
    try:
        minutiae = _extractor(ppi, nfiq2=True).extract(grey)
        return int(minutiae.quality().score)
    except nbis.NbisError as error:
        log.debug("NFIQ 2 could not score the image: %s", type(error).__name__)
        return None


def assess_finger(
    image: NDArray[Any], *, ppi: int = 500, threshold: float = NFIQ2_THRESHOLD
) -> QualityReport:
    """Judge one single-finger image (or a segmented slap finger) against NFIQ 2."""
    started = time.perf_counter()
    grey = as_grey(image)
    scale = (ppi / 500.0) ** 2
    min_foreground = MIN_FOREGROUND_PIXELS_500PPI * scale
    measures = measure_ridges(grey) if min(grey.shape) >= _MIN_SIDE else None
    score: int | None = None
    minutiae_count: int | None = None
    if measures is not None and measures.foreground_pixels > 0:
        try:
            minutiae = _extractor(ppi, nfiq2=True).extract(grey)
            score = int(minutiae.quality().score)
            minutiae_count = len(minutiae.get())
        except nbis.NbisError as error:
            log.debug("NFIQ 2 could not score the image: %s", type(error).__name__)
    if measures is not None and measures.coherence < MIN_RIDGE_COHERENCE:
        score = None  # noise or texture: NFIQ 2's number would mean nothing

    checks: dict[str, Check] = {
        "nfiq2": Check(score, score is not None and score >= threshold),
        "minutiae": Check(minutiae_count, (minutiae_count or 0) >= MIN_MINUTIAE),
    }
    if measures is not None:
        checks["foreground"] = Check(
            round(measures.foreground_fraction, 3),
            measures.foreground_pixels >= min_foreground,
        )
        checks["ridge_coherence"] = Check(
            round(measures.coherence, 3), measures.coherence >= MIN_RIDGE_COHERENCE
        )
        checks["contrast"] = Check(round(measures.contrast, 1), measures.contrast >= MIN_CONTRAST)
        checks["brightness"] = Check(
            round(measures.mean, 1),
            MIN_FOREGROUND_MEAN <= measures.mean <= MAX_FOREGROUND_MEAN,
        )
    else:
        checks["foreground"] = Check(0.0, ok=False)

    problems, instruction = _diagnose(score, threshold, measures, min_foreground)
    elapsed_ms = (time.perf_counter() - started) * 1000
    log.debug("finger assessed in %.1f ms: score=%s problems=%s", elapsed_ms, score, problems)
    return QualityReport(
        modality=QualityModality.FINGER,
        score=None if score is None else float(score),
        passed=score is not None and score >= threshold,
        checks=checks,
        problems=problems,
        instruction=instruction,
    )


def _diagnose(
    score: int | None,
    threshold: float,
    measures: RidgeMeasures | None,
    min_foreground: float,
) -> tuple[tuple[str, ...], Instruction]:
    """Problem codes (score first, then the image cause) and the one instruction to give."""
    problems: list[str] = []
    if score is None:
        problems.append("unscorable")
    elif score < threshold:
        problems.append("low_quality")
    cause = _image_cause(measures, min_foreground)
    if cause is not None:
        problems.append(cause)
    if not problems or problems[0] == cause:
        # NFIQ 2 passed the print: the failed image check stays visible in
        # ``checks`` but is no reason to retake, so it is not a problem.
        return (), OK_INSTRUCTION
    if cause == "too_small":
        return tuple(problems), PLACE_FLAT
    if cause == "too_bright":
        return tuple(problems), PRESS_FIRMER
    if cause in {"too_dark", "low_contrast"}:
        pale = measures is not None and measures.mean > _MID_GREY
        return tuple(problems), PRESS_FIRMER if pale else CLEAN_FINGER
    return tuple(problems), RETRY_FINGER


def _image_cause(measures: RidgeMeasures | None, min_foreground: float) -> str | None:
    """The image property most likely behind a poor score, as a problem code."""
    if measures is None or measures.foreground_pixels < min_foreground:
        return "too_small"
    if measures.mean > MAX_FOREGROUND_MEAN:
        return "too_bright"
    if measures.mean < MIN_FOREGROUND_MEAN:
        return "too_dark"
    if measures.contrast < MIN_CONTRAST:
        return "low_contrast"
    return None


def find_duplicates(
    images: Mapping[FingerPosition, NDArray[Any]],
    *,
    ppi: int = 500,
    threshold: int = DUPLICATE_THRESHOLD,
) -> tuple[DuplicateFinding, ...]:
    """Pairs of different positions of one person whose prints match (Bozorth3 >= threshold).

    Images NBIS cannot extract from are skipped (their own quality check
    already failed them).  Ten fingers: ten extractions and 45 comparisons, ~0.4 s.
    """
    extractor = _extractor(ppi, nfiq2=False)
    templates: dict[FingerPosition, Any] = {}
    for position, image in images.items():
        if not position.is_single_finger:
            raise ValueError(f"{position!r} is not a single finger; segment slaps first")
        grey = as_grey(image)
        if min(grey.shape) < _MIN_SIDE:
            continue
        try:
            templates[position] = extractor.extract(grey)
        except nbis.NbisError as error:
            log.debug("no template for %s: %s", position.name, type(error).__name__)
    findings = []
    for (first, a), (second, b) in itertools.combinations(sorted(templates.items()), 2):
        score = int(a.compare(b))
        if score >= threshold:
            findings.append(DuplicateFinding(first, second, score))
    return tuple(sorted(findings, key=lambda finding: -finding.score))


def duplicate_report(findings: tuple[DuplicateFinding, ...]) -> QualityReport:
    """The duplicate check as a report: problem ``duplicate_finger``, one check per pair."""
    checks = {
        f"duplicate_{f.first.value}_{f.second.value}": Check(f.score, ok=False) for f in findings
    }
    if not findings:
        return QualityReport(QualityModality.FINGER, score=None, passed=True, checks=checks)
    first = findings[0]
    instruction = Instruction(
        "finger.duplicate",
        {"first_finger": str(first.first.value), "second_finger": str(first.second.value)},
    )
    return QualityReport(
        QualityModality.FINGER,
        score=None,
        passed=False,
        checks=checks,
        problems=("duplicate_finger",),
        instruction=instruction,
    )
