"""Finishing a full ~2 MB enrollment record against writing and fsyncing the same bytes.

    .venv/bin/python benchmarks/bench_sealing_record.py [--rounds 5]

Each round makes a real draft (simulated devices over their real transports:
face, ten fingers on the ZFM emulator, both irises over SBI, a signature on the
ISDV4 emulator, a consent-letter photo), untimed.  Then it times, in the same
run and on the same disk:

* ``build``: the record container read from the draft (header + image blobs);
* ``seal``: signing the header and HPKE-encrypting, in memory;
* ``sealed file``: the seal's commit point: HPKE-encrypt, write the envelope into a
  spare file (zeros, prepared and made durable after the previous seal, untimed) and
  start its writeback while the other core hashes it, sign, append the trailer,
  ``fdatasync``;
* ``sealed new file``: the same without a spare (the fallback): create the file, fsync
  it and its folder;
* ``spare``: preparing one spare (4 MiB of zeros, fsync, rename, folder fsync), which
  happens after a seal commits, on a worker thread, never at a commit point;
* ``seal + store``: ``outbox.seal_record`` in its own transaction: the above plus the
  sequence number and the outbox row's commit (WAL, synchronous=FULL);
* ``finish``: the whole ``finish_enrollment``: build, seal, store, secure-delete the
  draft's plaintext, write the outcome and audit, commit, then the WAL checkpoint;
* ``baseline``: writing the sealed envelope's bytes to a new file and fsyncing it;
* ``baseline + folder``: the same and an fsync of its folder, which POSIX needs for a
  new file's name to be durable (reported, not the headline).

The enrollment issue's budget: sealing a record costs at most 2x the baseline.
Nothing is timed while a spare is being prepared in the background.
"""

from __future__ import annotations

import argparse
import collections
import io
import os
import platform
import statistics
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from PIL import Image

from fieldkit import demo, finish
from fieldkit.durable import fsync_dir
from fieldkit.enrollment import canonical_record, drafts, intake, timing
from fieldkit.enrollment.machine import FingerMode, SignatureMode, slots_for
from fieldkit.officers import Role
from fieldkit.records import outbox
from fieldkit.sealing import encrypt_record, seal
from fieldkit.store.keyring import TEST_KDF
from fieldkit.workspace import Workspace

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from fieldkit.records import container


def _consent_photo(seed: int) -> bytes:
    """A phone photo of a consent letter: ~0.5 MB of JPEG."""
    pixels = np.random.default_rng(seed).integers(0, 255, (900, 1200, 3), dtype=np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format="JPEG", quality=70)
    return buffer.getvalue()


def _draft(ws: Workspace, kit: demo.SimKit, visit: str, index: int) -> str:
    view = intake.start_enrollment(
        ws, visit, person=demo.synthetic_person(index, "350501"), finger_mode=FingerMode.SINGLE
    )
    intake.record_consent(
        ws,
        view.id,
        intake.ConsentInput(
            intake.ConsentGiver.GUARDIAN, "Wali", "anak", photo=_consent_photo(index)
        ),
    )
    for slot in slots_for(FingerMode.SINGLE, SignatureMode.SIGNATURE):
        demo.capture_best(ws, view.id, slot, kit.device_for(slot))
    return view.id


def _baseline(directory: Path, data: bytes, *, folder: bool = False) -> float:
    path = directory / "baseline.bin"
    started = time.perf_counter()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    if folder:
        fsync_dir(directory)
    elapsed = time.perf_counter() - started
    path.unlink()
    return elapsed


def _seal_to_file(session: Session, path: Path, record_id: str, packed: container.Packed) -> float:
    """Time the seal's commit point: encrypt, then write + hash + sign + flush the file."""
    key = outbox.device_key(session)
    datacenter = outbox.active_datacenter_key(session)
    started = time.perf_counter()
    envelope = encrypt_record(
        record_id,
        1,
        packed.payload,
        device_key=key,
        datacenter=datacenter,
        statement=packed.statement,
    )
    outbox.write_sealed(path, record_id, 1, envelope, key=key, datacenter=datacenter)
    elapsed = time.perf_counter() - started
    path.unlink()
    return elapsed


def _spare(folder: Path) -> float:
    """Prepare the spare the next seal takes, as a commit's worker would; its time."""
    outbox.settle_spares()  # nothing else writes to the disk from this process meanwhile
    folder.mkdir(mode=0o700, exist_ok=True)
    started = time.perf_counter()
    outbox.prepare_spare(folder)
    return time.perf_counter() - started


def _round(ws: Workspace, kit: demo.SimKit, visit: str, n: int, t: dict[str, list[float]]) -> None:
    draft = _draft(ws, kit, visit, 2 * n + 1)
    folder = ws.directory / outbox.OUTBOX_DIR
    with ws.transaction() as session:
        row = drafts.load(session, draft)
        started = time.perf_counter()
        packed = canonical_record.build_record(session, row, finished_at=timing.now())
        built = time.perf_counter()
        sealed = seal(
            row.id,
            1,
            packed.payload,
            device_key=outbox.device_key(session),
            datacenter=outbox.active_datacenter_key(session),
            statement=packed.statement,
        )
        t["build"].append(built - started)
        t["seal"].append(time.perf_counter() - built)
        _spare(folder)  # one may be waiting already (queued by the last commit)
        path = folder / f"bench-file-{n}.sealed"
        t["durable"].append(_seal_to_file(session, path, row.id, packed))  # takes the spare
        t["fresh"].append(_seal_to_file(session, path, row.id, packed))  # none left
    # Seal and store durably (file flush + outbox row commit), under a bench id.
    t["spare"].append(_spare(folder))  # none waiting: a whole preparation
    started = time.perf_counter()
    with ws.transaction() as session:
        outbox.seal_record(session, f"bench-{n}", packed.payload, statement=packed.statement)
    t["store"].append(time.perf_counter() - started)
    _spare(folder)
    started = time.perf_counter()
    done = finish.finish_enrollment(ws, draft)
    t["finish"].append(time.perf_counter() - started)
    t["size"].append(done.size)
    outbox.settle_spares()  # the spare queued by the commit is written by now
    t["base"].append(_baseline(folder.parent.parent, sealed.envelope))
    t["base_dir"].append(_baseline(folder.parent.parent, sealed.envelope, folder=True))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    t: dict[str, list[float]] = collections.defaultdict(list)
    with tempfile.TemporaryDirectory(dir=Path.home()) as tmp:
        ws = Workspace.init(
            Path(tmp) / "home",
            office_code="3505",
            username="admin",
            full_name="Bench",
            role=Role.ADMIN,
            password="bench-password-1",  # noqa: S106 - a throwaway store
            kdf=TEST_KDF,
            training=True,  # records before any data center: a training store
        )
        visit = demo.demo_visit(ws)
        with demo.SimKit() as kit:
            for n in range(args.rounds):
                _round(ws, kit, visit, n, t)
        ws.close()
    ms = 1000.0
    m = {name: statistics.median(values) for name, values in t.items()}
    print(f"machine: {platform.machine()}, nproc {os.cpu_count()}, {_cpu()}")
    print(f"load average after the run: {Path('/proc/loadavg').read_text().strip()}")
    print(f"record: {m['size'] / 1e6:.2f} MB sealed (median of {args.rounds})")
    print(f"build the record container     {m['build'] * ms:8.1f} ms")
    print(f"seal (sign + HPKE), in memory  {m['seal'] * ms:8.1f} ms")
    print(f"seal to its durable file (commit point) {m['durable'] * ms:8.1f} ms")
    print(f"  the same into a new file (no spare)   {m['fresh'] * ms:8.1f} ms")
    print(f"  preparing a spare (off the path)      {m['spare'] * ms:8.1f} ms")
    print(f"seal + store (file, then outbox row commit) {m['store'] * ms:8.1f} ms")
    print(f"finish (build, seal, store, erase drafts, checkpoint) {m['finish'] * ms:8.1f} ms")
    print(f"baseline write+fsync           {m['base'] * ms:8.1f} ms")
    print(f"baseline write+fsync+dir fsync {m['base_dir'] * ms:8.1f} ms")
    print(f"ratio sealed file / baseline   {m['durable'] / m['base']:8.2f}x  (budget 2x)")
    print(f"  new file (no spare) / baseline    {m['fresh'] / m['base']:8.2f}x")
    print(f"  sealed file / baseline+dir fsync  {m['durable'] / m['base_dir']:8.2f}x")
    print(f"ratio seal+store / baseline    {m['store'] / m['base']:8.2f}x")
    print(f"ratio finish / baseline        {m['finish'] / m['base']:8.2f}x")


def _cpu() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown CPU"


if __name__ == "__main__":
    main()
