"""Per-frame quality analysis against the 15 fps preview budget, for each modality.

    .venv/bin/python benchmarks/bench_quality.py

A preview at 15 fps leaves 66.7 ms per frame for everything: grabbing,
analysing and drawing.  For face and iris this runs the live analysers on the
simulator's preview frames (real JPEG files read through OpenCV, as the
simulated camera serves them) and on a real photograph, and prints the
median and p95 time as a fraction of that interval.  Beside each it prints a
baseline measured in the same run: OpenCV's Haar face detector alone at full
resolution, which is what a naive implementation pays before any check.
Fingerprint (NFIQ 2) and signature checks run once per capture, not per frame;
their cost is printed for completeness.
"""

from __future__ import annotations

import logging
import os
import platform
import statistics
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import cv2

from drivers.camera.sim import sim_media_dir
from drivers.fingerprint.synth import ImageQuality, synthesize
from fieldkit.quality import finger
from fieldkit.quality.face import FaceAnalyzer

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    import numpy as np

log = logging.getLogger("bench_quality")
FRAME_BUDGET_MS = 1000 / 15
ROUNDS = 3


def frames(folder: str) -> list[np.ndarray]:
    paths = sorted((Path(sim_media_dir()) / folder).glob("frame_*.jpg"))
    return [cv2.imread(str(p), cv2.IMREAD_COLOR) for p in paths]


def per_frame_ms(
    analyse: Callable[[np.ndarray], object], images: Sequence[np.ndarray]
) -> list[float]:
    analyse(images[0])  # warm caches (cascades, models) outside the measurement
    samples = []
    for _ in range(ROUNDS):
        for image in images:
            start = time.perf_counter()
            analyse(image)
            samples.append((time.perf_counter() - start) * 1e3)
    return samples


def p95(samples: Sequence[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1]


def row(name: str, samples: Sequence[float], baseline: Sequence[float] | None = None) -> str:
    median = statistics.median(samples)
    text = (
        f"{name:<44} median {median:6.1f} ms  p95 {p95(samples):6.1f} ms  "
        f"= {median / FRAME_BUDGET_MS:5.2f} of a 15 fps frame  ({1000 / median:5.0f} fps)"
    )
    if baseline:
        bare = statistics.median(baseline)
        text += f"\n{'':<44} baseline (bare Haar, full res): median {bare:6.1f} ms"
    return text


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    python = platform.python_version()
    return f"{os.cpu_count()} CPUs, {model}, Python {python}, OpenCV {cv2.__version__}"


def bare_haar(image: np.ndarray) -> object:
    grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    cascade = _CASCADE
    return cascade.detectMultiScale(grey, scaleFactor=1.1, minNeighbors=5)


_CASCADE = cv2.CascadeClassifier(
    str(Path(cv2.__file__).parent / "data" / "haarcascade_frontalface_default.xml")
)


def main() -> int:
    print(f"machine: {machine()}")
    cv2.setNumThreads(os.cpu_count() or 1)
    face = FaceAnalyzer()
    lines = []
    for folder, year in (("face_red", 1961), ("face_blue", 1990), ("face_dark", 1961)):
        images = frames(folder)
        size = f"{images[0].shape[1]}x{images[0].shape[0]}"
        lines.append(
            row(
                f"face live, sim {folder} ({size})",
                per_frame_ms(lambda i, y=year: face.live(i, birth_year=y), images),
                per_frame_ms(bare_haar, images),
            )
        )
    try:
        from skimage import data  # noqa: PLC0415 - a dev dependency: the real photograph

        photo = cv2.cvtColor(data.astronaut(), cv2.COLOR_RGB2BGR)
        big = cv2.resize(photo, (1280, 1280))
        lines.append(
            row(
                "face live, real photo (512x512)",
                per_frame_ms(face.live, [photo] * 10),
                per_frame_ms(bare_haar, [photo] * 10),
            )
        )
        lines.append(
            row(
                "face live, real photo upscaled (1280x1280)",
                per_frame_ms(face.live, [big] * 10),
                per_frame_ms(bare_haar, [big] * 10),
            )
        )
    except ImportError:
        log.warning("scikit-image is not installed; skipping the real photograph")
    try:
        from fieldkit.quality.iris import IrisAnalyzer  # noqa: PLC0415

        iris = IrisAnalyzer()
        for folder in ("iris_good", "iris_blurred", "iris_occluded"):
            images = frames(folder)
            size = f"{images[0].shape[1]}x{images[0].shape[0]}"
            lines.append(row(f"iris live, sim {folder} ({size})", per_frame_ms(iris.live, images)))
    except ImportError:
        log.warning("fieldkit.quality.iris is not available")
    prints = [synthesize(seed=s, quality=ImageQuality.HIGH) for s in range(5)]
    lines.append(
        row("finger, NFIQ 2 per capture (256x288)", per_frame_ms(finger.assess_finger, prints))
    )
    for line in lines:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
