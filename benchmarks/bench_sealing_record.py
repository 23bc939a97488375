"""Finishing a full ~2 MB enrollment record against writing and fsyncing the same bytes.

    .venv/bin/python benchmarks/bench_sealing_record.py [--rounds 5]

Each round makes a real draft (simulated devices over their real transports:
face, ten fingers on the ZFM emulator, both irises over SBI, a signature on the
ISDV4 emulator, a consent-letter photo), untimed.  Then it times, in the same
run and on the same disk:

* ``build+seal``: the canonical record built and sealed (Ed25519 + HPKE), in memory;
* ``finish``: the whole ``finish_enrollment`` transaction: build, seal, insert into
  the outbox, secure-delete the draft, write the outcome, commit (WAL,
  synchronous=FULL), then the WAL checkpoint;
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
from fieldkit.sealing import seal
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
        build, finish_s, base, sizes = [], [], [], []
        with demo.SimKit() as kit:
            for n in range(args.rounds):
                draft = _draft(ws, kit, visit, 2 * n + 1)
                with ws.transaction() as session:  # rolled back: measures build+seal only
                    row = finish.drafts.load(session, draft)
                    started = time.perf_counter()
                    payload = record.build_record(session, row, finished_at=finish.timing.now())
                    sealed = seal(
                        row.id,
                        1,
                        payload,
                        device_key=outbox.device_key(session),
                        datacenter=outbox.active_datacenter_key(session),
                    )
                    build.append(time.perf_counter() - started)
                    session.rollback()
                started = time.perf_counter()
                done = finish.finish_enrollment(ws, draft)
                finish_s.append(time.perf_counter() - started)
                sizes.append(done.size)
                base.append(_baseline(Path(tmp), sealed.envelope))
        ws.close()
    ms = 1000.0
    median_size = statistics.median(sizes) / 1e6
    print(f"machine: {platform.machine()}, nproc {os.cpu_count()}, {_cpu()}")
    print(f"record: {median_size:.2f} MB sealed (median of {args.rounds})")
    print(f"build+seal (memory)      {statistics.median(build) * ms:8.1f} ms")
    print(f"finish (seal+erase+fsync+checkpoint) {statistics.median(finish_s) * ms:8.1f} ms")
    print(f"baseline write+fsync     {statistics.median(base) * ms:8.1f} ms")
    print(f"ratio finish/baseline    {statistics.median(finish_s) / statistics.median(base):8.2f}x")
    print(f"ratio build+seal/baseline {statistics.median(build) / statistics.median(base):7.2f}x")


def _cpu() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown CPU"


if __name__ == "__main__":
    main()
