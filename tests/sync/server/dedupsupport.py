"""Penunggalan's test people: synthetic prints, a second impression of them, sealed records.

A person is a few synthetic fingers (``drivers.fingerprint.synth``: ridges grown from an
orientation field, with real minutiae) and perhaps a face (a frame of the simulator's
drawn face).  :func:`second_impression` is the same finger placed again on the scanner:
rotated a few degrees, shifted, a part of it off the glass, pressed harder or lighter
(eroded or dilated ridges), new sensor noise.  It lives here, never in the product.

Records are made as the laptop makes them (a container of a canonical JSON header and
JPEG 2000 blobs), sealed with the real sealing to the data center's key, announced and
uploaded to a real in-process ``DataCenter``.
"""

from __future__ import annotations

import hashlib
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

import cv2
import numpy as np
import pytest

from drivers.fingerprint.synth import capture_finger
from fieldkit import paths
from fieldkit.quality.imageio import jp2_bytes
from fieldkit.records import container
from fieldkit.sealing import seal
from sync.protocol import b64encode
from tests.sync.server.dcsupport import announce_in_process, enroll_in_process

if TYPE_CHECKING:
    from collections.abc import Iterator

    from numpy.typing import NDArray

    from sync.server.intake.service import DataCenter

NIK = "3315014107900001"
BACKGROUND = 244
#: The officer who signs every test record (staff: the pair page shows them).
OFFICER = "petugas_uji"


#: The fingers the module fixtures' people have.
POSITIONS = (1, 2, 6)


@pytest.fixture(scope="module")
def people() -> dict[str, dict[int, NDArray[np.uint8]]]:
    """Two people (A, B), and A's fingers placed again (A2): built once for the module."""
    a = prints(11, POSITIONS)
    return {
        "A": a,
        "A2": {p: second_impression(image, p) for p, image in a.items()},
        "B": prints(22, POSITIONS),
    }


@pytest.fixture(scope="module")
def records(people: dict[str, dict[int, NDArray[np.uint8]]]) -> dict[str, dict[int, bytes]]:
    """The people's fingers as the laptop stores them (JPEG 2000), encoded once."""
    return {name: as_jp2(fingers) for name, fingers in people.items()}


@pytest.fixture
def center(tmp_path: Path) -> Iterator[DataCenter]:
    from sync.server.intake.service import DataCenter

    datacenter = DataCenter(tmp_path / "dc")
    yield datacenter
    datacenter.close()


#: Where the test people's subjects start among the simulator's (apart from the demo's).
_SUBJECTS = 700_000


def prints(seed: int, positions: tuple[int, ...]) -> dict[int, NDArray[np.uint8]]:
    """A person's fingers at ``positions``: one capture of each of a simulated subject's.

    Subjects, not ``synthesize``'s seeded prints: those share one ridge-growing recipe, so
    two strangers' fingers fuse to about 0.7 each, above real strangers' 0.42, and with
    the person marks taken from real prints (``matcher.PERSON_THRESHOLDS``) strangers of
    three such fingers reached the mark (sums 1.9-2.7 against 2.275).  A subject's
    fingers score as real strangers' do (three fingers: 1.5-1.9).
    """
    return {
        p: capture_finger(_SUBJECTS + seed, p, rng=np.random.default_rng(seed * 100 + p))
        for p in positions
    }


def second_impression(image: NDArray[np.uint8], seed: int) -> NDArray[np.uint8]:
    """The same finger captured again: rotated, shifted, partly off the glass, pressed anew."""
    rng = np.random.default_rng(seed)
    height, width = image.shape
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), rng.uniform(-6, 6), 1.0)
    matrix[:, 2] += rng.uniform(-15, 15, 2)
    moved = cv2.warpAffine(image, matrix, (width, height), borderValue=BACKGROUND)
    moved[: int(height * rng.uniform(0.1, 0.2)), :] = BACKGROUND  # the tip off the glass
    kernel = np.ones((2, 2), np.uint8)
    pressed = cv2.erode(moved, kernel) if seed % 2 else cv2.dilate(moved, kernel)
    noisy = pressed + rng.normal(0, 6, pressed.shape)
    return np.clip(noisy, 0, 255).astype(np.uint8)


def face_frame(number: int) -> bytes:
    """A frame of the simulator's drawn face (the same face in each, swaying) as JPEG 2000."""
    path = Path(paths.assets_dir()) / "sim" / "face_red" / f"frame_{number:03d}.jpg"
    picture = cv2.imread(str(path))
    assert picture is not None, path
    return jp2_bytes(picture)


def no_face() -> bytes:
    """A photo with nobody in it: a plain grey wall with grain."""
    rng = np.random.default_rng(7)
    return jp2_bytes(rng.integers(100, 120, (480, 640, 3), dtype=np.uint8))


def _attempt(blobs: container.BlobList, images: list[tuple[str, bytes]]) -> dict[str, Any]:
    return {
        "attempt": 1,
        "kept": True,
        "score": 60,
        "passed": True,
        "forced": None,
        "captured_at": "2026-11-20T09:15:00+07:00",
        "device": {"modality": "finger", "backend": "sim", "simulated": True},
        "quality": {},
        "images": [
            {"part": part, "media_type": "image/jp2", "sha256": hashlib.sha256(data).hexdigest()}
            | blobs.ref("image/jp2", hashlib.sha256(data).hexdigest(), data)
            for part, data in images
        ],
    }


def payload(
    fingers: dict[int, bytes], face: bytes | None, missing: dict[int, str] | None = None
) -> tuple[str, container.Packed]:
    """A finished record's container: these fingers (JPEG 2000), this face, these exceptions."""
    record_id = str(uuid.uuid4())
    blobs = container.BlobList()
    captures: list[dict[str, Any]] = []
    if face is not None:
        captures.append(
            {
                "slot": "face",
                "modality": "face",
                "parts": ["face"],
                "attempts": [_attempt(blobs, [("face", face)])],
            }
        )
    for position, data in sorted(fingers.items()):
        captures.append(
            {
                "slot": f"finger:{position}",
                "modality": "finger",
                "parts": [str(position)],
                "attempts": [_attempt(blobs, [(str(position), data)])],
            }
        )
    header = {
        "format": "fieldkit-record/2",
        "record_id": record_id,
        "seq": 1,
        "software": {"fieldkit": "1.0"},
        "visit": {"id": str(uuid.uuid4()), "date": "2026-11-20", "kecamatan_code": "331501"},
        "person": {"nik": NIK, "name": "Sasaran Uji", "birth_date": "1990-07-01"},
        "officer": {"username": OFFICER, "full_name": "Petugas Uji", "role": "operator"},
        "finger_mode": "single",
        "captures": captures,
        "exceptions": [
            {"part": f"finger:{n}", "reason": why, "permanence": "permanent", "proof": None}
            for n, why in sorted((missing or {}).items())
        ],
        "timestamps": {
            "started_at": "2026-11-20T09:00:00+07:00",
            "finished_at": "2026-11-20T09:30:00+07:00",
        },
    }
    return record_id, container.pack(header, blobs)


def upload(
    center: DataCenter,
    fingers: dict[int, bytes],
    face: bytes | None = None,
    missing: dict[int, str] | None = None,
) -> tuple[str, str]:
    """A record sealed by a laptop of its own and ACCEPTED by the data center: (device, id)."""
    device, key, dc_key = enroll_in_process(center)
    record_id, packed = payload(fingers, face, missing)
    sealed = seal(
        record_id, 1, packed.payload, device_key=key, datacenter=dc_key, statement=packed.statement
    )
    announce_in_process(center, device, sealed)
    answer = center.upload(device, sealed.record_id, sealed.envelope, b64encode(sealed.signature))
    assert str(answer.receipt.state) == "ACCEPTED", answer
    return device.device_id, record_id


def as_jp2(images: dict[int, NDArray[np.uint8]]) -> dict[int, bytes]:
    return {p: jp2_bytes(image) for p, image in images.items()}


def searched_site(data: Path, copies: int, positions: tuple[int, ...] = (1, 2)) -> list[str]:
    """A data directory whose person was recorded ``copies`` times and searched.

    Each record is a laptop of its own (its own second impression of the same fingers,
    a frame of the same face); a real in-process ``DataCenter`` on SQLite accepts them
    and the real search (``dedup run --once``) makes every copy after the first a
    DUPLICATE_RECORD naming the earlier ones.  The directory is then closed, for a
    ``fieldkit-datacenter serve`` of the same data.  The record ids, oldest first.
    """
    from sync.server.dedup.queue import Searcher
    from sync.server.intake.service import DataCenter

    center = DataCenter(data)
    try:
        person = prints(11, positions)
        made = []
        for copy in range(copies):
            fingers = (
                person
                if copy == 0
                else {p: second_impression(image, p + copy) for p, image in person.items()}
            )
            made.append(upload(center, as_jp2(fingers), face_frame(copy * 5))[1])
        Searcher(center.store, center.blobs, center.keys).run_once()
    finally:
        center.close()
    return made
