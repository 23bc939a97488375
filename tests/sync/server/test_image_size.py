"""Issue 57.1: an image whose header declares a huge size is refused on its own.

A finger image of 226 bytes whose JPEG 2000 header claims 20,000 x 20,000 pixels made
Pillow raise its decompression-bomb error from the header alone: ``dedup run --once``,
``abis submit`` and ``records export`` all stopped there, for every newer record too.
Now the declared size is checked before any decoder runs (``drivers.image_size``): that
record is refused alone (ENROLL_FAILURE with its reason, the team told; the export and
the ABIS queue skip it with its code) and the next record goes on.
"""

from __future__ import annotations

import io
import json
import struct
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pytest
from PIL import Image

from drivers.image_size import MAX_IMAGE_PIXELS, ImageTooLarge, check_declared_size
from sync.protocol import Reason, RecordState
from sync.server import catalogue
from sync.server.intake.service import DataCenter
from tests.support import OFFICE
from tests.sync.server.dcsupport import BACKENDS, dc_cli, fresh_database
from tests.sync.server.dedupsupport import as_jp2, face_frame, prints, upload

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

BOMB_SIDE = 20_000


def bomb_jp2(side: int = BOMB_SIDE) -> bytes:
    """A real 8 x 8 JPEG 2000 whose container header and codestream both claim ``side``²."""
    out = io.BytesIO()
    Image.fromarray(np.zeros((8, 8), np.uint8)).save(
        out, format="JPEG2000", irreversible=False, no_jp2=False
    )
    data = bytearray(out.getvalue())
    box = data.find(b"ihdr")
    data[box + 4 : box + 12] = struct.pack(">II", side, side)
    siz = data.find(b"\xff\x51")
    data[siz + 6 : siz + 14] = struct.pack(">II", side, side)
    return bytes(data)


@dataclass
class _Site:
    data: Path
    database: str | None


@pytest.fixture(params=BACKENDS)
def center(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[DataCenter]:
    datacenter = DataCenter(tmp_path / "dc", fresh_database(request, request.param))
    done = dc_cli(site(datacenter), "office", "set", OFFICE, "--json")
    assert done.returncode == 0, done.stderr
    yield datacenter
    datacenter.close()


def site(center: DataCenter) -> _Site:
    return _Site(center.data_dir, None if center.store.is_sqlite else center.store.url)


def test_the_shared_check_reads_the_declared_size_before_any_decoder() -> None:
    bomb = bomb_jp2()
    assert len(bomb) < 300
    with pytest.raises(ImageTooLarge) as refused:
        check_declared_size(bomb)
    assert (refused.value.width, refused.value.height) == (BOMB_SIDE, BOMB_SIDE)
    # Only the codestream lies (the container's ihdr says 8 x 8): still refused.
    out = io.BytesIO()
    Image.fromarray(np.zeros((8, 8), np.uint8)).save(out, format="JPEG2000", no_jp2=False)
    lying = bytearray(out.getvalue())
    siz = lying.find(b"\xff\x51")
    lying[siz + 6 : siz + 14] = struct.pack(">II", BOMB_SIDE, BOMB_SIDE)
    with pytest.raises(ImageTooLarge):
        check_declared_size(bytes(lying))
    # A real capture's size passes, and one pixel over the limit does not.
    assert check_declared_size(bomb_jp2(1600)) == (1600, 1600)
    side = int(MAX_IMAGE_PIXELS**0.5)
    assert check_declared_size(bomb_jp2(side)) == (side, side)
    with pytest.raises(ImageTooLarge):
        check_declared_size(bomb_jp2(side + 1))


def test_one_finger_declaring_twenty_thousand_squared_is_refused_alone_and_the_next_goes_on(
    center: DataCenter, tmp_path: Path
) -> None:
    fingers = as_jp2(prints(31, (1, 2, 6)))
    bad_device, bad = upload(center, {**fingers, 7: bomb_jp2()}, face_frame(0))
    _device, good = upload(center, as_jp2(prints(32, (1, 2, 6))), face_frame(5))
    where = site(center)

    # The export: the one record is refused with its code; --waiting skips it.
    alone = dc_cli(where, "records", "export", bad, "--out", str(tmp_path / "one.an2"))
    assert alone.returncode == 2, alone.stderr
    assert "20000" in alone.stderr
    assert "Traceback" not in alone.stderr
    folder = tmp_path / "out"
    folder.mkdir()
    waiting = dc_cli(where, "records", "export", "--waiting", "--out", str(folder), "--json")
    assert waiting.returncode == 0, waiting.stderr
    report = json.loads(waiting.stdout)
    assert [e["record_id"] for e in report] == [good]
    assert len(list(folder.iterdir())) == 1
    said = dc_cli(where, "records", "export", "--waiting", "--out", str(folder))
    assert said.returncode == 0, said.stderr
    assert bad[:8] in said.stdout
    assert "datacenter_export_image_too_large" in said.stdout

    # The ABIS queue: the good record is sent, the bad one skipped with its code.
    queue = tmp_path / "abis"
    submitted = dc_cli(where, "abis", "submit", "--abis-queue", str(queue), "--json")
    assert submitted.returncode == 0, submitted.stderr
    sent = json.loads(submitted.stdout)
    assert [s["record_id"] for s in sent["sent"]] == [good]
    assert [s["record_id"] for s in sent["skipped"]] == [bad]
    assert "datacenter_export_image_too_large" in submitted.stdout

    # Penunggalan: the bad record is an ENROLL_FAILURE with its own words; the next searched.
    searched = dc_cli(where, "dedup", "run", "--once", "--json")
    assert searched.returncode == 0, searched.stderr
    outcomes = {d["record_id"]: d["outcome"] for d in json.loads(searched.stdout)}
    assert outcomes == {bad: "enroll_failure", good: "print_ready"}
    stored = center.store.record(bad_device, bad)
    assert stored is not None
    words = catalogue.text("id", "dedup.image_too_large", context="dedup")
    assert stored.state == RecordState.ENROLL_FAILURE
    assert stored.reason == str(Reason.IMAGES_UNSEARCHABLE)
    assert stored.message == words
    assert words != catalogue.text("en", "dedup.image_too_large", context="dedup")
    # The team reads it in the laptop's status feed.
    device = center.store.device(bad_device)
    assert device is not None
    feed = center.status(device, 0, 100)
    assert [(e.record_id, str(e.state), e.message) for e in feed.entries][-1] == (
        bad,
        "ENROLL_FAILURE",
        words,
    )
    # Again: nothing waits, nothing fails.
    again = dc_cli(where, "dedup", "run", "--once", "--json")
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout) == []
