"""Simulated people (issue 48 part 4): their cost, and whether a matcher tells them apart.

    .venv/bin/python benchmarks/bench_sim_subjects.py [--subjects 20]

For each of N subjects it draws the ten master fingers (the one-off cost of a new person
stepping up, :func:`drivers.fingerprint.synth.master_finger`) and takes two captures of
every finger as the SBI slap scanner serves them (320 x 400, 500 ppi), then scores them
with NBIS (``nbis-py``, as the app does): NFIQ 2 of every capture against the default
threshold of 40, and Bozorth3 for every genuine pair (two captures of one finger),
every impostor pair within a person (two different fingers of one subject) and between
people (the same finger position of two subjects).

The baseline, measured in the same run, is what a capture cost before subjects: the
fixed print of a seed from ``synthesize`` (cached after its first drawing, so a capture
was a copy, and every capture the same bytes).  The live preview's budget is 66.7 ms a
frame (15 fps); the ZFM window's capture (256 x 288) is timed too.
"""

from __future__ import annotations

import argparse
import itertools
import os
import platform
import statistics
import time

import nbis
import numpy as np

from drivers.fingerprint.synth import (
    ImageQuality,
    capture_finger,
    master_finger,
    synthesize,
)
from drivers.fingerprint.zfm_sim import SENSOR_CONTACT
from drivers.sbi.images import SLAP_FINGER_CONTACT, SLAP_FINGER_SIZE

PREVIEW_BUDGET_MS = 1000 / 15
NFIQ2_THRESHOLD = 40
#: The app's same-person duplicate-finger threshold (fieldkit.quality.finger).
DUPLICATE_THRESHOLD = 50


def machine() -> str:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return f"{platform.machine()} {os.cpu_count()} cpus, load {load:.1f}, numpy {np.__version__}"


def _extractor() -> object:
    settings = nbis.NbisExtractorSettings(
        min_quality=0.0, get_center=False, check_fingerprint=False, compute_nfiq2=True, ppi=500.0
    )
    return nbis.new_nbis_extractor(settings)


def _pgm(image: np.ndarray) -> bytes:
    height, width = image.shape
    return b"P5\n%d %d\n255\n" % (width, height) + np.ascontiguousarray(image).tobytes()


def _summary(name: str, values: list[float]) -> str:
    v = np.asarray(values, dtype=np.float64)
    return (
        f"{name:28s} n={len(v):5d}  min {v.min():6.1f}  p1 {np.percentile(v, 1):6.1f}  "
        f"median {np.median(v):6.1f}  p99 {np.percentile(v, 99):6.1f}  max {v.max():6.1f}"
    )


def main() -> int:  # noqa: PLR0915 - one measurement, read top to bottom
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subjects", type=int, default=20)
    parser.add_argument("--first", type=int, default=1000, help="first subject number")
    args = parser.parse_args()
    print(f"machine: {machine()}")
    extractor = _extractor()
    subjects = range(args.first, args.first + args.subjects)

    # Baseline: the fixed print of a seed, as every simulator served it before subjects.
    started = time.perf_counter()
    synthesize(1, ImageQuality.HIGH, size=SLAP_FINGER_SIZE, contact=SLAP_FINGER_CONTACT)
    fixed_first_ms = (time.perf_counter() - started) * 1e3
    fixed = []
    for _ in range(20):
        started = time.perf_counter()
        synthesize(1, ImageQuality.HIGH, size=SLAP_FINGER_SIZE, contact=SLAP_FINGER_CONTACT)
        fixed.append((time.perf_counter() - started) * 1e3)

    master_s: list[float] = []
    capture_ms: list[float] = []
    zfm_ms: list[float] = []
    nfiq: list[float] = []
    zfm_nfiq: list[float] = []
    templates: dict[tuple[int, int, int], object] = {}
    for subject in subjects:
        for finger in range(1, 11):
            started = time.perf_counter()
            master_finger(subject, finger)
            master_s.append(time.perf_counter() - started)
            for take in range(2):
                started = time.perf_counter()
                image = capture_finger(
                    subject, finger, size=SLAP_FINGER_SIZE, contact=SLAP_FINGER_CONTACT
                )
                capture_ms.append((time.perf_counter() - started) * 1e3)
                started = time.perf_counter()
                window = capture_finger(subject, finger, contact=SENSOR_CONTACT)
                zfm_ms.append((time.perf_counter() - started) * 1e3)
                four_bit = ((window >> 4) << 4) | (window >> 4)  # as the UART carries it
                zfm_nfiq.append(
                    float(extractor.extract_minutiae(_pgm(four_bit)).quality().score)  # type: ignore[attr-defined]
                )
                minutiae = extractor.extract_minutiae(_pgm(image))  # type: ignore[attr-defined]
                nfiq.append(float(minutiae.quality().score))
                templates[(subject, finger, take)] = minutiae
        print(f"  subject {subject}: ten masters in {sum(master_s[-10:]):.1f} s", flush=True)

    def score(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
        return float(templates[a].compare(templates[b]))  # type: ignore[attr-defined]

    genuine = [score((s, f, 0), (s, f, 1)) for s in subjects for f in range(1, 11)]
    within = [
        score((s, a, 0), (s, b, 1))
        for s in subjects
        for a, b in itertools.combinations(range(1, 11), 2)
    ]
    between = [
        score((s, f, 0), (t, f, 1))
        for s, t in itertools.combinations(subjects, 2)
        for f in range(1, 11)
    ]

    print(f"\nsubjects {args.subjects}, 10 fingers each, 2 captures a finger")
    print(
        f"baseline: fixed seed print, first drawing {fixed_first_ms:.0f} ms, "
        f"then median {statistics.median(fixed):.2f} ms (a cached copy, identical bytes)"
    )
    print(
        f"new subject: ten masters median {statistics.median(master_s) * 10:.1f} s "
        f"(one master median {statistics.median(master_s):.2f} s, max {max(master_s):.2f} s)"
    )
    print(
        f"capture 320x400 (slap finger): median {statistics.median(capture_ms):.1f} ms, "
        f"p95 {np.percentile(capture_ms, 95):.1f} ms; 256x288 (ZFM): median "
        f"{statistics.median(zfm_ms):.1f} ms  (preview budget {PREVIEW_BUDGET_MS:.1f} ms)"
    )
    below = sum(1 for q in nfiq if q < NFIQ2_THRESHOLD)
    print(_summary("NFIQ 2, slap finger", nfiq), f" below {NFIQ2_THRESHOLD}: {below}")
    below = sum(1 for q in zfm_nfiq if q < NFIQ2_THRESHOLD)
    print(_summary("NFIQ 2, ZFM 4-bit", zfm_nfiq), f" below {NFIQ2_THRESHOLD}: {below}")
    print(_summary("Bozorth3 genuine", genuine))
    print(_summary("impostor, same person", within))
    print(_summary("impostor, other person", between))
    over = sum(1 for v in within + between if v >= DUPLICATE_THRESHOLD)
    under = sum(1 for v in genuine if v < DUPLICATE_THRESHOLD)
    print(
        f"at {DUPLICATE_THRESHOLD}: genuine missed {under}/{len(genuine)}, "
        f"impostors over {over}/{len(within) + len(between)}"
    )
    print(f"machine after: {machine()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
