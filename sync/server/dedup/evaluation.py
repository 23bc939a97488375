"""How well penunggalan tells people apart, measured on sets of real prints.

A *set* is a folder of images named ``<finger>_<impression>.<ext>`` (the FVC naming:
``101_1.tif`` is finger 101's first impression; a name with more underscores keeps all
but the last part as the finger).  The protocol is FVC's, widened for the small error
rates a gallery needs: every pair of impressions of one finger is a *genuine* pair; every
pair of two different fingers' first ``impostor_impressions`` impressions, within a set
and across sets, is an *impostor* pair; except two fingers with the same label in two
sets, which are never paired as strangers: FVC's B sets of one year label the same
volunteers' fingers alike across sensors (FVC2000 DB1 finger 107 and DB2 finger 107 are
one finger on two scanners, and MCC scores them as the genuine pairs they are).

From the two score lists come the figures an office can act on: the false non-match rate
(a duplicate let through) at a chosen false match rate (a stranger called a duplicate), the
equal error rate, and the DET curve.  The benchmark (``benchmarks/bench_real_prints.py``)
and the test on the real prints in the repository both use this; the threshold in
``sync.server.dedup.matcher`` is chosen from its figures.
"""

from __future__ import annotations

import itertools
import logging
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

import numpy as np
from PIL import Image

from drivers.image_size import check_size

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping
    from pathlib import Path

    from numpy.typing import NDArray

log = logging.getLogger(__name__)

#: Sets whose images are not at 500 ppi (FVC's own reports), by folder name.
KNOWN_PPI = {"FVC2002_DB2_B": 569.0, "FVC2004_DB3_B": 512.0}
#: The office's held-aside acceptance set: never read for measuring or tuning.
HELD_ASIDE = ("FVC2004_DB1",)

#: One image of a set: (set, finger, impression).
Key = tuple[str, str, int]
Template = TypeVar("Template")

_NAME = re.compile(r"^(?P<finger>.+)_(?P<impression>\d+)$")
_IMAGE_SUFFIXES = frozenset({".tif", ".tiff", ".png", ".bmp", ".pgm", ".jp2", ".jpg"})


@dataclass
class PrintSet:
    """One set's images: (finger, impression) → file, and the resolution they were taken at."""

    name: str
    ppi: float
    images: dict[tuple[str, int], Path] = field(default_factory=dict)

    def fingers(self) -> list[str]:
        return sorted({finger for finger, _ in self.images})

    def impressions(self, finger: str) -> list[int]:
        return sorted(i for f, i in self.images if f == finger)


def read_set(folder: Path, ppi: float | None = None) -> PrintSet:
    """A folder of ``<finger>_<impression>`` images; other files are ignored.

    ``ppi``: the images' resolution; by default the set's known one (:data:`KNOWN_PPI`)
    or 500.  The held-aside set is refused (ValueError).
    """
    if folder.name.upper().startswith(HELD_ASIDE):
        raise ValueError(f"{folder.name} is the office's held-aside acceptance set")
    found = PrintSet(folder.name, KNOWN_PPI.get(folder.name, 500.0) if ppi is None else ppi)
    for path in sorted(folder.iterdir()):
        match = _NAME.match(path.stem)
        if path.suffix.lower() in _IMAGE_SUFFIXES and match:
            found.images[match["finger"], int(match["impression"])] = path
    return found


def templates_of_sets(sets: Iterable[PrintSet]) -> dict[Key, bytes]:
    """Every image's template at the data center's resolution; unusable prints left out."""
    from sync.server.dedup import matcher  # noqa: PLC0415 - NBIS loads only when measuring

    found: dict[Key, bytes] = {}
    for print_set in sets:
        for (finger, impression), path in print_set.images.items():
            template = matcher.finger_template(grey(path), print_set.ppi)
            if template is not None:
                found[print_set.name, finger, impression] = template
    return found


def grey(path: Path) -> NDArray[np.uint8]:
    """An image file as 8-bit grey (its declared size checked first, as every decode's)."""
    with Image.open(path) as picture:
        check_size(*picture.size)
        return np.asarray(picture.convert("L"), dtype=np.uint8)


@dataclass
class Scores:
    """Genuine and impostor scores of one matcher on the same pairs (higher: more alike)."""

    genuine: NDArray[np.float64]
    impostor: NDArray[np.float64]

    def fnmr_at_fmr(self, fmr: float) -> tuple[float, float]:
        """(FNMR, threshold): the lowest threshold whose FMR is at most ``fmr``.

        A pair matches at or above the threshold.  With fewer impostor pairs than 1/fmr
        the figure rests on the highest impostor score alone (reported as such by
        :meth:`fmr_resolution`).
        """
        impostor = np.sort(self.impostor)
        allowed = int(np.floor(fmr * len(impostor)))
        # Every impostor above the threshold counts; at most ``allowed`` may be.
        highest_kept = impostor[len(impostor) - allowed - 1] if allowed < len(impostor) else -np.inf
        threshold = float(np.nextafter(highest_kept, np.inf))
        return float(np.mean(self.genuine < threshold)), threshold

    def fmr_resolution(self) -> float:
        """The smallest FMR these impostor pairs can tell apart from zero."""
        return 1.0 / max(len(self.impostor), 1)

    def at_threshold(self, threshold: float) -> tuple[float, float]:
        """(FMR, FNMR) at a given threshold."""
        return float(np.mean(self.impostor >= threshold)), float(np.mean(self.genuine < threshold))

    def eer(self) -> float:
        """The equal error rate: where FMR and FNMR cross."""
        points = self.det()
        gap = np.abs(points[:, 0] - points[:, 1])
        best = int(np.argmin(gap))
        return float((points[best, 0] + points[best, 1]) / 2.0)

    def det(self) -> NDArray[np.float64]:
        """(FMR, FNMR) at every distinct score, from the lowest threshold to the highest."""
        thresholds = np.unique(np.concatenate([self.genuine, self.impostor, [np.inf]]))
        impostor = np.sort(self.impostor)
        genuine = np.sort(self.genuine)
        fmr = 1.0 - np.searchsorted(impostor, thresholds, side="left") / max(len(impostor), 1)
        fnmr = np.searchsorted(genuine, thresholds, side="left") / max(len(genuine), 1)
        return np.stack([fmr, fnmr], axis=1)


def pairs(
    sets: Iterable[PrintSet], impostor_impressions: int = 2
) -> tuple[
    list[tuple[Key, Key]],
    list[tuple[Key, Key]],
]:
    """The genuine and impostor pairs of the protocol, as (set, finger, impression) keys."""
    genuine: list[tuple[Key, Key]] = []
    first_impressions: list[Key] = []
    for print_set in sets:
        for finger in print_set.fingers():
            keys = [(print_set.name, finger, i) for i in print_set.impressions(finger)]
            genuine.extend(itertools.combinations(keys, 2))
            first_impressions.extend(keys[:impostor_impressions])
    impostor = [(a, b) for a, b in itertools.combinations(first_impressions, 2) if a[1] != b[1]]
    return genuine, impostor


def scores_of(
    compare: Callable[[Template, Template], float],
    templates: Mapping[Key, Template],
    genuine_pairs: Iterable[tuple[Key, Key]],
    impostor_pairs: Iterable[tuple[Key, Key]],
) -> Scores:
    """Score every pair whose two sides both have a template.

    A side with no template (too few minutiae) scores 0 on a genuine pair: a print the
    search cannot use lets its duplicate through, and that belongs in the FNMR.
    """

    def run(chosen: Iterable[tuple[Key, Key]], *, missing: bool) -> NDArray[np.float64]:
        values = []
        for a, b in chosen:
            first, second = templates.get(a), templates.get(b)
            if first is None or second is None:
                if missing:
                    values.append(0.0)
                continue
            values.append(float(compare(first, second)))
        return np.asarray(values, dtype=np.float64)

    return Scores(run(genuine_pairs, missing=True), run(impostor_pairs, missing=False))


#: Width of the score bins in which a sum of several fingers' scores is counted exactly.
SUM_STEP = 0.005


def _sum_distribution(
    impostor: NDArray[np.float64], shared: int
) -> tuple[float, NDArray[np.float64]]:
    """The distribution of the sum of ``shared`` independent impostor finger scores.

    Each score is counted in a bin of :data:`SUM_STEP` (rounded *up*, so a sum is never
    placed below where it lies) and the bins convolved ``shared`` times: the exact
    distribution of the sum of that many draws from these scores, where random draws
    (ten million for a mark once in a million) would measure a one-in-ten-million tail
    with one count.  Returns (the value of bin 0, each bin's share).
    """
    lowest = float(np.floor(impostor.min() / SUM_STEP))
    bins = np.ceil(impostor / SUM_STEP).astype(np.int64) - int(lowest)
    single = np.bincount(bins) / len(impostor)
    summed = np.ones(1)
    for _ in range(shared):
        summed = np.convolve(summed, single)
    return shared * lowest * SUM_STEP, summed


def sum_tail(impostor: NDArray[np.float64], shared: int, mark: float) -> float:
    """How often ``shared`` stranger fingers' scores, summed, reach ``mark``."""
    start, summed = _sum_distribution(impostor, shared)
    first = int(np.ceil(round((mark - start) / SUM_STEP, 6)))
    return float(summed[max(first, 0) :].sum())


def person_mark(impostor: NDArray[np.float64], shared: int, fmr: float) -> float:
    """The lowest sum that ``shared`` stranger fingers reach at most ``fmr`` of the time.

    From real impostor finger scores (one stranger pair's fingers are taken as
    independent: two strangers' thumbs say nothing about their index fingers).
    """
    start, summed = _sum_distribution(impostor, shared)
    reached = np.cumsum(summed[::-1])[::-1]  # reached[i]: the share at or above bin i
    first = int(np.argmax(reached <= fmr)) if reached[-1] <= fmr else len(reached)
    return round(start + first * SUM_STEP, 6)


#: A person made of real fingers: (set, finger at position 1, finger at position 2).
Person = tuple[str, str, str]


def two_finger_people(sets: Iterable[PrintSet]) -> list[Person]:
    """A set's fingers taken two by two as one person's right thumb and index finger.

    Public sets do not say which fingers are one person's; two different fingers of one
    set stand for one person as the office's acceptance test does ("two real fingers a
    person"): a harder case than a real record, which holds up to ten.
    """
    people: list[Person] = []
    for print_set in sets:
        fingers = print_set.fingers()
        people += [
            (print_set.name, a, b) for a, b in zip(fingers[0::2], fingers[1::2], strict=False)
        ]
    return people


def person_fingers(
    templates: Mapping[Key, bytes], person: Person, impression: int
) -> dict[int, bytes]:
    """The person's templates at one impression, by finger position (1 and 2)."""
    name, first, second = person
    return {
        position: templates[name, finger, impression]
        for position, finger in ((1, first), (2, second))
        if (name, finger, impression) in templates
    }


__all__ = [
    "HELD_ASIDE",
    "KNOWN_PPI",
    "SUM_STEP",
    "Key",
    "Person",
    "PrintSet",
    "Scores",
    "grey",
    "pairs",
    "person_fingers",
    "person_mark",
    "read_set",
    "scores_of",
    "sum_tail",
    "templates_of_sets",
    "two_finger_people",
]
