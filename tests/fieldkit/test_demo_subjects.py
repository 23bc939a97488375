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

import numpy as np

from drivers.base import CaptureRequest
from drivers.fingerprint.synth import capture_finger
from fieldkit import demo
from tests.fingerprints import bozorth_score

#: NBIS's true-match mark; the app's duplicate-finger threshold (see
#: tests/drivers/test_sim_subjects.py for the measured distributions).
GENUINE_FLOOR = 40
IMPOSTOR_CEILING = 50


def test_the_kit_shows_its_subject_and_the_next_person_is_someone_else() -> None:
    with demo.SimKit(subject=63) as kit:
        first = kit.zfm.capture(CaptureRequest(position="2", timeout_s=60.0)).images[0]
        again = kit.zfm.capture(CaptureRequest(position="2", timeout_s=60.0)).images[0]
        kit.use_subject(64)
        other = kit.zfm.capture(CaptureRequest(position="2", timeout_s=60.0)).images[0]
        assert getattr(kit.face, "subject", None) == 64  # the face camera's person too
    assert not np.array_equal(np.asarray(first), np.asarray(again))
    genuine = max(bozorth_score(first, again), bozorth_score(first, capture_finger(63, 2)))
    assert genuine >= GENUINE_FLOOR
    assert bozorth_score(first, other) < IMPOSTOR_CEILING


def test_the_demos_people_and_targets_are_each_their_own_subject() -> None:
    people = [demo.subject_for(index) for index in range(500)]
    assert len(set(people)) == len(people)
    # Fixed ids: a target's subject is a hash of its id into a million subjects, so 200
    # random ids share one about once in 50 draws (the birthday bound), as a demo may.
    targets = [demo.target_subject(str(uuid.uuid5(uuid.NAMESPACE_OID, str(n)))) for n in range(200)]
    assert len(set(targets)) == len(targets)
    assert not set(targets) & set(people)  # a target is never one of the numbered people
