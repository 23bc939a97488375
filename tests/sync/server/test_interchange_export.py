"""``records export --format an2``: a record leaves the office as an ANSI/NIST-ITL file.

Records are made as a laptop makes them: a record container (canonical JSON header and
JPEG 2000 blobs, as ``fieldkit.enrollment.canonical_record`` writes), sealed with the
laptop's real sealing (``fieldkit.sealing.seal``) to the data center's key, announced
and uploaded to a real data center (SQLite and PostgreSQL).  The exported files are read
back by an independent reader, IDEMIA's ``nistitl`` (a test dependency only), and each
fingerprint's WSQ is decoded by the ``wsq`` wheel's own codec.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import subprocess
import sys
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import _wsq  # type: ignore[import-not-found]
import nistitl  # type: ignore[import-untyped]
import numpy as np
import pytest
import sqlalchemy as sa

from fieldkit import sentences
from fieldkit.quality.imageio import jp2_bytes
from fieldkit.records import container
from fieldkit.sealing import seal
from sync.protocol import b64encode
from sync.server.dedup.interchange import EXPORTED
from sync.server.intake.service import DataCenter
from sync.server.store.tables import console_audit
from tests.support import OFFICE
from tests.sync.server.dcsupport import (
    BACKENDS,
    announce_in_process,
    database_environment,
    dc_cli,
    enroll_in_process,
    fresh_database,
    list_records,
    searched,
    set_state,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

    from numpy.typing import NDArray

NIK = "3315014107900001"
NAME = "Sasaran Rahasia Wulandari"
KK = "3315010101990002"
OFFICER = "Petugas Rahasia Sari"
CONSENTER = "Wali Rahasia Budi"
#: Fingers' sizes (width, height): not square, and different, so a swapped axis shows.
FINGER_SIZE = {n: (280 + 4 * n, 360 - 2 * n) for n in range(1, 11)}
FACE_SIZE = (480, 640)
IRIS_SIZE = (640, 480)
SIGNATURE_SIZE = (600, 200)


@dataclass
class _Site:
    data: Path
    database: str | None


@pytest.fixture(params=BACKENDS)
def center(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[DataCenter]:
    datacenter = DataCenter(tmp_path / "dc", fresh_database(request, request.param))
    site = _site(datacenter)
    done = dc_cli(site, "office", "set", OFFICE, "--json")
    assert done.returncode == 0, done.stderr
    yield datacenter
    datacenter.close()


def _site(center: DataCenter) -> _Site:
    return _Site(center.data_dir, None if center.store.is_sqlite else center.store.url)


# --- synthetic biometrics, a laptop's record -------------------------------------------


def _ridges(width: int, height: int, seed: int) -> NDArray[np.uint8]:
    """A fingerprint-like pattern of its own per seed (ridges at about 9 px, as at 500 ppi)."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width].astype(np.float64)
    cx, cy = width / 2 + rng.uniform(-20, 20), height / 2 + rng.uniform(-20, 20)
    radius = np.hypot(x - cx, y - cy) + 8 * np.sin(x / (17 + seed % 5))
    ridges = 127 + 100 * np.sin(radius / 1.45)
    return np.clip(ridges + rng.normal(0, 8, ridges.shape), 0, 255).astype(np.uint8)


def _noise(width: int, height: int, seed: int, channels: int = 0) -> NDArray[np.uint8]:
    """A smooth picture of its own per seed (quick to encode), a little grain on it."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width]
    base = (x * (1 + seed % 3) + y) % 180 + 40
    grain = rng.integers(0, 8, (height, width))
    plane = (base + grain).astype(np.uint8)
    return np.dstack([plane] * channels) if channels else plane


def _attempt(
    blobs: container.BlobList, images: list[tuple[str, bytes]], captured: str = ""
) -> dict[str, Any]:
    return {
        "attempt": 1,
        "kept": True,
        "score": 60,
        "passed": True,
        "forced": None,
        "captured_at": captured or "2026-11-20T09:15:00+07:00",
        "device": {"modality": "finger", "backend": "sim", "simulated": True},
        "quality": {},
        "images": [
            {"part": part, "media_type": "image/jp2", "sha256": hashlib.sha256(data).hexdigest()}
            | blobs.ref("image/jp2", hashlib.sha256(data).hexdigest(), data)
            for part, data in images
        ],
    }


def person_payload(
    *,
    missing: dict[int, str] | None = None,
    signature_size: tuple[int, int] = SIGNATURE_SIZE,
    seed: int = 0,
) -> tuple[str, container.Packed]:
    """A finished record's container as the laptop builds it; ``missing``: finger → reason."""
    missing = missing or {}
    record_id = str(uuid.uuid4())
    blobs = container.BlobList()
    captures: list[dict[str, Any]] = [
        {
            "slot": "face",
            "modality": "face",
            "parts": ["face"],
            "attempts": [
                _attempt(blobs, [("face", jp2_bytes(_noise(*FACE_SIZE, seed + 1, channels=3)))])
            ],
        }
    ]
    for n in range(1, 11):
        if n in missing:
            continue
        image = jp2_bytes(_ridges(*FINGER_SIZE[n], seed + 10 + n))
        captures.append(
            {
                "slot": f"finger:{n}",
                "modality": "finger",
                "parts": [str(n)],
                "attempts": [_attempt(blobs, [(str(n), image)])],
            }
        )
    irises = [
        (eye, jp2_bytes(_noise(*IRIS_SIZE, seed + i))) for i, eye in enumerate(("right", "left"))
    ]
    captures.append(
        {
            "slot": "iris",
            "modality": "iris",
            "parts": ["right", "left"],
            "attempts": [_attempt(blobs, irises)],
        }
    )
    pen = json.dumps([[1.0, 2.0, 0.5, 0]]).encode()
    signature = _attempt(blobs, [("signature", jp2_bytes(_noise(*signature_size, seed + 5)))])
    signature["images"].append(
        {"part": "pen_samples", "media_type": "application/vnd.fieldkit.pen-samples+json"}
        | blobs.ref(
            "application/vnd.fieldkit.pen-samples+json", hashlib.sha256(pen).hexdigest(), pen
        )
    )
    captures.append(
        {
            "slot": "signature",
            "modality": "signature",
            "parts": ["signature"],
            "attempts": [signature],
        }
    )
    header = {
        "format": "fieldkit-record/2",
        "record_id": record_id,
        "seq": 1,
        "software": {"fieldkit": "1.0"},
        "officer": {"username": "sari", "full_name": OFFICER, "role": "petugas"},
        "visit": {
            "id": str(uuid.uuid4()),
            "date": "2026-11-20",
            "place_type": "rumah",
            "desa_code": "3315012001",
            "kecamatan_code": "331501",
            "gps": {"lat": -7.123456, "lon": 110.654321},
        },
        "person": {
            "nik": NIK,
            "kk": KK,
            "name": NAME,
            "birth_place": "Purwodadi",
            "birth_date": "1990-07-01",
            "address": "Jalan Rahasia 7",
        },
        "consent": {"given_by": "wali", "name": CONSENTER, "nik": KK},
        "finger_mode": "single",
        "captures": captures,
        "exceptions": [
            {"part": f"finger:{n}", "reason": why, "permanence": "permanent", "proof": None}
            for n, why in sorted(missing.items())
        ],
        "timestamps": {
            "started_at": "2026-11-20T09:00:00+07:00",
            "finished_at": "2026-11-20T09:30:00+07:00",
        },
    }
    return record_id, container.pack(header, blobs)


def upload_person(center: DataCenter, **kwargs: Any) -> tuple[str, str]:
    """A person's record sealed by a laptop and accepted by the data center: (device, record)."""
    device, key, dc_key = enroll_in_process(center)
    record_id, packed = person_payload(**kwargs)
    sealed = seal(
        record_id, 1, packed.payload, device_key=key, datacenter=dc_key, statement=packed.statement
    )
    announce_in_process(center, device, sealed)
    answer = center.upload(device, sealed.record_id, sealed.envelope, b64encode(sealed.signature))
    assert str(answer.receipt.state) == "ACCEPTED", answer
    return device.device_id, record_id


def export(center: DataCenter, *args: str) -> subprocess.CompletedProcess[str]:
    return dc_cli(_site(center), "records", "export", "--format", "an2", *args)


# --- the independent reader -------------------------------------------------------------


def read_back(path: Path) -> tuple[Any, bytes]:
    """The file parsed by nistitl, its lengths and counts checked, and no person in it."""
    data = path.read_bytes()
    message = nistitl.Message()
    message.parse(data)  # checks each record's LEN and Type-1's CNT against the records
    cnt = message[0]["CNT"].value
    assert int(cnt[0][1]) == len(message) - 1
    assert [int(c[0]) for c in cnt] == [r.type for r in message]
    assert message[0].VER == "0502"
    # Every record's LEN is the exact length of its bytes.
    offset = 0
    for record in message:
        if record.type == 8:
            length = int.from_bytes(data[offset : offset + 4], "big")
        else:
            length = int(data[offset:].split(b":", 1)[1].split(b"\x1d", 1)[0])
            assert data[offset + length - 1 : offset + length] == b"\x1c"
        offset += length
    assert offset == len(data)
    for secret in (
        NIK,
        NAME,
        KK,
        OFFICER,
        CONSENTER,
        "Purwodadi",
        "Rahasia",
        "110.654321",
        "-7.123456",
    ):
        assert secret.encode() not in data, f"{secret!r} is in the exported file"
        assert secret.encode("utf-16-le") not in data
    return message, data


def check_fingers(message: Any, missing: dict[int, str]) -> None:
    positions = []
    for record in message.iter(14):
        code = int(record.FGP)
        positions.append(code)
        if code in missing:
            assert record["DATA"] is None
            assert record["AMP"][0].values == [
                str(code),
                "XX" if missing[code] == "amputated" else "UP",
            ]
            continue
        pixels, width, height, ppi = _wsq.decompress(record.DATA)
        assert (width, height) == (int(record.HLL), int(record.VLL)) == FINGER_SIZE[code]
        assert len(pixels) == width * height
        assert ppi == 500
        assert record.CGA == "WSQ20"
        assert (int(record.THPS), int(record.TVPS), int(record.SLC)) == (500, 500, 1)
    assert positions == list(range(1, 11))


# --- the tests ---------------------------------------------------------------------------


def test_a_record_with_every_modality_reads_back_whole_with_no_person_in_it(
    center: DataCenter, tmp_path: Path
) -> None:
    device_id, record_id = upload_person(center)
    out = tmp_path / "out" / "record.an2"
    out.parent.mkdir()
    done = export(center, record_id, "--out", str(out), "--json")
    assert done.returncode == 0, done.stderr
    [row] = json.loads(done.stdout)
    assert row["record_id"] == record_id
    assert row["counts"] == {"type2": 1, "type14": 10, "type10": 1, "type17": 2, "type8": 1}

    message, _ = read_back(out)
    assert [r.type for r in message] == [1, 2, *[14] * 10, 10, 17, 17, 8]
    assert row["reference"] == message[0].TCN
    assert message[0].ORI == OFFICE
    assert message[0].DAT.isdigit()
    assert message[0].TOT
    [described] = message.iter(2)
    assert described[10].value == row["reference"]
    check_fingers(message, {})
    [face] = message.iter(10)
    assert (int(face.HLL), int(face.VLL)) == FACE_SIZE
    assert face.IMT == "FACE"
    assert face.CGA == "JP2L"
    # nistitl names no Type-17 field: read them by number (17.003 ELR, 17.006 HLL, 17.007 VLL).
    labels = [r[3].value for r in message.iter(17)]
    assert labels == ["1", "2"]  # right, left
    for iris in message.iter(17):
        assert (int(iris[6].value), int(iris[7].value)) == IRIS_SIZE
        assert iris["DATA"] is not None
    [signature] = message.iter(8)
    sig, srt, isr, width, height, pixels = signature.unpack(">BBBHH")
    assert (sig, srt, isr, (width, height)) == (0, 0, 0, SIGNATURE_SIZE)
    assert len(pixels) == width * height

    if os.name == "posix":
        assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert list(out.parent.iterdir()) == [out], "a temporary file was left beside it"
    # Exported again: the same reference (stable), and each export audited.
    again = export(center, record_id, "--out", str(tmp_path / "again.an2"), "--json")
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)[0]["reference"] == row["reference"]
    with center.store.reading() as conn:
        audited = (
            conn.execute(
                sa.select(console_audit.c.detail).where(console_audit.c.action == EXPORTED)
            )
            .scalars()
            .all()
        )
    assert audited == [f"{device_id} {record_id} {row['reference']}"] * 2
    assert NIK not in "".join(audited)


def test_a_record_with_missing_fingers_carries_amp_instead_of_their_images(
    center: DataCenter, tmp_path: Path
) -> None:
    missing = {4: "amputated", 7: "bandaged_or_injured"}
    _, record_id = upload_person(center, missing=missing)
    out = tmp_path / "record.an2"
    done = export(center, record_id, "--out", str(out))
    assert done.returncode == 0, done.stderr
    message, _ = read_back(out)
    check_fingers(message, missing)
    assert sum(1 for r in message.iter(14) if r["DATA"] is not None) == 8


def test_every_waiting_record_goes_into_the_folder_one_file_each(
    center: DataCenter, tmp_path: Path
) -> None:
    first = upload_person(center, seed=1)
    second = upload_person(center, seed=2)
    printed = upload_person(center, seed=3)
    searched(_site(center), printed[1])
    set_state(_site(center), printed[1], "PRINTED")
    folder = tmp_path / "to-abis"
    folder.mkdir()
    done = export(center, "--waiting", "--out", str(folder), "--json")
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert sorted(r["record_id"] for r in rows) == sorted([first[1], second[1]])
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{r['reference']}.an2" for r in rows)
    references = set()
    for path in folder.iterdir():
        message, _ = read_back(path)
        check_fingers(message, {})
        references.add(message[0].TCN)
    assert len(references) == 2


def _refusal(code: str, **params: object) -> str:
    return sentences.english("errors", code, params)


def test_an_unknown_record_is_refused_in_words_and_nothing_is_written(
    center: DataCenter, tmp_path: Path
) -> None:
    out = tmp_path / "record.an2"
    done = export(center, "no-such-record", "--out", str(out))
    assert done.returncode == 2
    assert _refusal("record_unknown", record_id="no-such-record") in done.stderr
    assert not out.exists()


def test_an_out_path_that_is_a_link_is_refused_and_its_target_untouched(
    center: DataCenter, tmp_path: Path
) -> None:
    _, record_id = upload_person(center)
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_bytes(b"the office's own file")
    link = tmp_path / "record.an2"
    link.symlink_to(elsewhere)
    done = export(center, record_id, "--out", str(link))
    assert done.returncode == 2
    assert _refusal("datacenter_export_symlink", name=link) in done.stderr
    assert elsewhere.read_bytes() == b"the office's own file"
    # A link to a folder above the file: refused as well.
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "via").symlink_to(real)
    done = export(center, record_id, "--out", str(tmp_path / "via" / "record.an2"))
    assert done.returncode == 2
    assert _refusal("datacenter_export_symlink", name=tmp_path / "via") in done.stderr
    assert list(real.iterdir()) == []


def test_an_unwritable_folder_is_refused_in_words(center: DataCenter, tmp_path: Path) -> None:
    _, record_id = upload_person(center)
    # Root writes into any mode 0500 folder; sysfs refuses even root.
    if getattr(os, "geteuid", lambda: -1)() == 0:
        folder = Path("/sys/kernel")
    else:
        folder = tmp_path / "locked"
        folder.mkdir()
        folder.chmod(0o500)
    done = export(center, record_id, "--out", str(folder / "record.an2"))
    assert done.returncode == 2
    assert "could not be written" in done.stderr
    assert not (folder / "record.an2").exists()


def test_a_full_disk_leaves_no_part_of_the_file(center: DataCenter, tmp_path: Path) -> None:
    """The file cannot grow past 1 MiB (RLIMIT_FSIZE, as a full disk): refused, nothing left."""
    resource = pytest.importorskip("resource")  # POSIX: RLIMIT_FSIZE
    _, record_id = upload_person(center, signature_size=(1600, 800))  # over 1 MiB of pixels
    folder = tmp_path / "small"
    folder.mkdir()
    limit = 1 << 20

    def small_disk() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    command = [sys.executable, "-m", "sync.server.cli", "records", "export", record_id]
    done = subprocess.run(
        [*command, "--out", str(folder / "record.an2"), "--data", str(center.data_dir)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=database_environment(_site(center).database),
        preexec_fn=small_disk,
    )
    assert done.returncode == 2, done.stderr
    assert "could not be written" in done.stderr
    assert list(folder.iterdir()) == []


def test_two_exports_at_once_both_read_back_with_one_reference(
    center: DataCenter, tmp_path: Path
) -> None:
    device_id, record_id = upload_person(center)
    site = _site(center)
    outs = [tmp_path / "a.an2", tmp_path / "b.an2"]
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "sync.server.cli",
                "records",
                "export",
                record_id,
                "--out",
                str(out),
                "--json",
                "--data",
                str(site.data),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=database_environment(site.database),
        )
        for out in outs
    ]
    answers = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], answers
    references = {json.loads(stdout)[0]["reference"] for stdout, _ in answers}
    assert len(references) == 1
    for out in outs:
        message, _ = read_back(out)
        assert message[0].TCN in references
    with center.store.reading() as conn:
        count = conn.execute(
            sa.select(sa.func.count())
            .select_from(console_audit)
            .where(console_audit.c.action == EXPORTED)
        ).scalar_one()
    assert count == 2
    del device_id


def test_the_writer_refuses_a_separator_inside_a_text_value() -> None:
    """A value holding GS/FS/RS/US would split a field: a bug, refused before any byte."""
    from sync.server.dedup import an2

    with pytest.raises(ValueError, match="printable ASCII"):
        an2.TaggedRecord(2, 0, {3: "a\x1db"}).encode()


def test_a_training_record_never_leaves_the_office(center: DataCenter, tmp_path: Path) -> None:
    """A record sealed to the public demo key (accepted with accept_demo) is refused."""
    from fieldkit.records.demo import DEMO_KEY

    training = DataCenter(center.data_dir, center.store.url, accept_demo=True)
    try:
        device, key, _ = enroll_in_process(training)
        record_id, packed = person_payload()
        sealed = seal(
            record_id,
            1,
            packed.payload,
            device_key=key,
            datacenter=DEMO_KEY,
            statement=packed.statement,
        )
        announce_in_process(training, device, sealed)
        answer = training.upload(device, record_id, sealed.envelope, b64encode(sealed.signature))
        assert str(answer.receipt.state) == "ACCEPTED", answer
    finally:
        training.close()
    out = tmp_path / "record.an2"
    done = export(center, record_id, "--out", str(out))
    assert done.returncode == 2
    assert _refusal("datacenter_export_training", record_id=record_id) in done.stderr
    assert not out.exists()
    waiting = export(center, "--waiting", "--out", str(tmp_path), "--json")
    assert waiting.returncode == 0, waiting.stderr
    assert json.loads(waiting.stdout) == []


def test_an_out_path_inside_the_data_folder_is_refused_and_the_database_kept(
    center: DataCenter, tmp_path: Path
) -> None:
    """Issue 57 §8: the export never replaces the data center's own files."""
    _, record_id = upload_person(center)
    data = center.data_dir
    kept = {p: p.read_bytes() for p in data.rglob("*") if p.is_file()}
    for inside in (data / "datacenter.sqlite3", data / "keys" / "record.an2", data / "x.an2"):
        done = export(center, record_id, "--out", str(inside))
        assert done.returncode == 2, done.stderr
        assert _refusal("datacenter_export_inside_data", path=inside, data=data) in done.stderr
    # The folder form too, the data folder itself and a folder under it.
    for folder in (data, data / "keys"):
        done = export(center, "--waiting", "--out", str(folder))
        assert done.returncode == 2, done.stderr
        assert _refusal("datacenter_export_inside_data", path=folder, data=data) in done.stderr
    # Reached through another spelling of the same folder: refused as well.
    done = export(center, record_id, "--out", str(tmp_path / "dc" / ".." / "dc" / "y.an2"))
    assert done.returncode == 2, done.stderr
    for path, content in kept.items():
        if path.suffix not in {".sqlite3-wal", ".sqlite3-shm"}:
            assert path.read_bytes() == content or path.name.startswith(
                ("datacenter.sqlite3", "datacenter.log")  # the database, the commands' log
            )
    assert not any(p.suffix == ".an2" for p in data.rglob("*"))
    assert list_records(_site(center))  # the database is still there, records in it


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="a named pipe holds the export (POSIX)")
def test_a_folder_swapped_for_a_link_while_the_export_runs_is_not_written_through(
    center: DataCenter, tmp_path: Path
) -> None:
    """Issue 57 §7: the folder checked for links is the one written in, whatever its path is later.

    The record's stored file is replaced by a named pipe, so the export (a child process)
    waits inside its read, after its check of the folder and before its write, until this
    test feeds it; meanwhile the folder is swapped for a link to another folder.
    """
    from sync.server.store.blobs import open_blob_store

    _, record_id = upload_person(center)
    [stored] = [r for r in center.store.records() if r.record_id == record_id]
    blob = open_blob_store(center.data_dir).path(stored.sha256)
    envelope = blob.read_bytes()
    blob.unlink()
    os.mkfifo(blob)
    folder = tmp_path / "to-abis"
    folder.mkdir()
    moved = tmp_path / "checked"
    victim = tmp_path / "victim"
    victim.mkdir()
    done: list[subprocess.CompletedProcess[str]] = []
    runner = threading.Thread(
        target=lambda: done.append(export(center, record_id, "--out", str(folder / "r.an2")))
    )
    runner.start()
    try:
        with blob.open("wb") as pipe:  # returns once the export opened the pipe to read it
            folder.rename(moved)
            folder.symlink_to(victim, target_is_directory=True)
            pipe.write(envelope)
    finally:
        runner.join(120)
    assert done, "the export ended"
    assert list(victim.iterdir()) == [], "nothing written through the link"
    if done[0].returncode == 0:  # written where it was checked, or refused: never elsewhere
        assert [p.name for p in moved.iterdir()] == ["r.an2"]
        read_back(moved / "r.an2")
    else:
        assert done[0].returncode == 2, done[0].stderr
        assert list(moved.iterdir()) == []
