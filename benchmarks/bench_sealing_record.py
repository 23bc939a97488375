"""Finishing a full ~2 MB enrollment record against writing and fsyncing the same bytes.

    .venv/bin/python benchmarks/bench_sealing_record.py [--rounds 5]

Each round makes a real draft (simulated devices over their real transports:
face, ten fingers on the ZFM emulator, both irises over SBI, a signature on the
ISDV4 emulator, a consent-letter photo), untimed.  Then it times, in the same
run and on the same disk:

* ``build``: the record container read from the draft (header + image blobs);
* ``seal``: signing the header and HPKE-encrypting, in memory;
* ``sealed file``: the seal's commit point: HPKE-encrypt, write the envelope while
  hashing it on the other core, sign, append the trailer, fsync the file and folder;
* ``seal + store``: ``outbox.seal_record`` in its own transaction: the above plus the
  sequence number and the outbox row's commit (WAL, synchronous=FULL);
* ``finish``: the whole ``finish_enrollment``: build, seal, store, secure-delete the
  draft's plaintext, write the outcome and audit, commit, then the WAL checkpoint;
* ``baseline``: writing the sealed envelope's bytes to a new file and fsyncing it.

The enrollment issue's budget: sealing a record costs at most 2x the baseline.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
from PIL import Image

from fieldkit.enrollment import demo, finish, intake, record
from fieldkit.enrollment.machine import FingerMode, SignatureMode, slots_for
from fieldkit.officers import Role
from fieldkit.records import outbox
from fieldkit.sealing import encrypt_record, seal
from fieldkit.store.keyring import TEST_KDF
from fieldkit.workspace import Workspace


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


def _baseline(directory: Path, data: bytes) -> float:
    path = directory / "baseline.bin"
    started = time.perf_counter()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    elapsed = time.perf_counter() - started
    path.unlink()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=Path.home()) as tmp:
        home = Path(tmp) / "home"
        ws = Workspace.init(
            home,
            office_code="3505",
            username="admin",
            full_name="Bench",
            role=Role.ADMIN,
            password="bench-password-1",  # noqa: S106 - a throwaway store
            kdf=TEST_KDF,
        )
        visit = demo.demo_visit(ws)
        build, sealing, durable, store, finish_s, base, sizes = [], [], [], [], [], [], []
        with demo.SimKit() as kit:
            for n in range(args.rounds):
                draft = _draft(ws, kit, visit, 2 * n + 1)
                with ws.transaction() as session:
                    row = finish.drafts.load(session, draft)
                    started = time.perf_counter()
                    packed = record.build_record(session, row, finished_at=finish.timing.now())
                    built = time.perf_counter()
                    sealed = seal(
                        row.id,
                        1,
                        packed.payload,
                        device_key=outbox.device_key(session),
                        datacenter=outbox.active_datacenter_key(session),
                        statement=packed.statement,
                    )
                    build.append(built - started)
                    sealing.append(time.perf_counter() - built)
                    # The seal's commit point: encrypt, then write + hash + sign + fsync the file.
                    key = outbox.device_key(session)
                    datacenter = outbox.active_datacenter_key(session)
                    path = outbox.outbox_dir(session) / f"bench-file-{n}.sealed"
                    started = time.perf_counter()
                    envelope = encrypt_record(
                        row.id,
                        1,
                        packed.payload,
                        device_key=key,
                        datacenter=datacenter,
                        statement=packed.statement,
                    )
                    outbox.write_sealed(path, row.id, 1, envelope, key=key, datacenter=datacenter)
                    durable.append(time.perf_counter() - started)
                    path.unlink()
                # Seal and store durably (file fsync + outbox row commit), under a bench id.
                started = time.perf_counter()
                with ws.transaction() as session:
                    outbox.seal_record(
                        session, f"bench-{n}", packed.payload, statement=packed.statement
                    )
                store.append(time.perf_counter() - started)
                started = time.perf_counter()
                done = finish.finish_enrollment(ws, draft)
                finish_s.append(time.perf_counter() - started)
                sizes.append(done.size)
                base.append(_baseline(Path(tmp), sealed.envelope))
        ws.close()
    ms = 1000.0
    median = statistics.median
    print(f"machine: {platform.machine()}, nproc {os.cpu_count()}, {_cpu()}")
    print(f"record: {median(sizes) / 1e6:.2f} MB sealed (median of {args.rounds})")
    print(f"build the record container     {median(build) * ms:8.1f} ms")
    print(f"seal (sign + HPKE), in memory  {median(sealing) * ms:8.1f} ms")
    print(f"seal to its durable file (commit point) {median(durable) * ms:8.1f} ms")
    print(f"seal + store (file, then outbox row commit) {median(store) * ms:8.1f} ms")
    print(f"finish (build, seal, store, erase drafts, checkpoint) {median(finish_s) * ms:8.1f} ms")
    print(f"baseline write+fsync           {median(base) * ms:8.1f} ms")
    print(f"ratio sealed file / baseline   {median(durable) / median(base):8.2f}x  (budget 2x)")
    print(f"ratio seal+store / baseline    {median(store) / median(base):8.2f}x")
    print(f"ratio finish / baseline        {median(finish_s) / median(base):8.2f}x")


def _cpu() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown CPU"


if __name__ == "__main__":
    main()
