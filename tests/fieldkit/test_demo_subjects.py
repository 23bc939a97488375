"""The demo's simulated people are people (issue 48 part 4): each its own subject.

Before, the demo's every person had the same prints, so a deduplication could not tell
two of them apart nor find one recorded twice.  ``SimKit(subject=N)`` shows subject
N on every device, ``use_subject`` (what ``enroll_one`` does for each person) another;
the demo's people and planned targets are each their own subject; the training can
plant a duplicate on purpose (``fieldkit demo enroll --plant-duplicate``, tested in
``tests/fieldkit/cli/test_enrollment_commands.py`` with the enrollment it already ran).
"""

from __future__ import annotations

import uuid
from typing import Any

import nbis
import numpy as np

from drivers.base import CaptureRequest
from drivers.fingerprint.synth import capture_finger
from fieldkit import demo

#: NBIS's true-match mark; the app's duplicate-finger threshold (see
#: tests/drivers/test_sim_subjects.py for the measured distributions).
GENUINE_FLOOR = 40
IMPOSTOR_CEILING = 50


def _score(a: Any, b: Any) -> int:
    extractor = nbis.new_nbis_extractor(
        nbis.NbisExtractorSettings(
            min_quality=0.0,
            get_center=False,
            check_fingerprint=False,
            compute_nfiq2=False,
            ppi=500.0,
        )
    )

    def template(image: Any) -> Any:
        grey = np.ascontiguousarray(np.asarray(image, dtype=np.uint8))
        height, width = grey.shape[:2]
        return extractor.extract_minutiae(b"P5\n%d %d\n255\n" % (width, height) + grey.tobytes())

    return int(template(a).compare(template(b)))


def test_the_kit_shows_its_subject_and_the_next_person_is_someone_else() -> None:
    with demo.SimKit(subject=63) as kit:
        first = kit.zfm.capture(CaptureRequest(position="2", timeout_s=60.0)).images[0]
        again = kit.zfm.capture(CaptureRequest(position="2", timeout_s=60.0)).images[0]
        kit.use_subject(64)
        other = kit.zfm.capture(CaptureRequest(position="2", timeout_s=60.0)).images[0]
        assert getattr(kit.face, "subject", None) == 64  # the face camera's person too
    assert not np.array_equal(np.asarray(first), np.asarray(again))
    genuine = max(_score(first, again), _score(first, capture_finger(63, 2)))
    assert genuine >= GENUINE_FLOOR
    assert _score(first, other) < IMPOSTOR_CEILING


def test_the_demos_people_and_targets_are_each_their_own_subject() -> None:
    people = [demo.subject_for(index) for index in range(500)]
    assert len(set(people)) == len(people)
    targets = [demo.target_subject(str(uuid.uuid4())) for _ in range(200)]
    assert len(set(targets)) == len(targets)
    assert not set(targets) & set(people)  # a target is never one of the numbered people
