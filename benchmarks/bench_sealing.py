"""Sealing a ~2 MB record against writing and fsyncing the same bytes, in the same run.

    .venv/bin/python benchmarks/bench_sealing.py

The enrollment issue's budget: sealing may cost at most 2x a plain durable write.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric import ed25519, x25519

from fieldkit.sealing import DataCenterKey, seal

SIZE = 2 * 1024 * 1024
ROUNDS = 30


def main() -> None:
    payload = os.urandom(SIZE)
    device = ed25519.Ed25519PrivateKey.generate()
    datacenter = DataCenterKey(
        "bench", x25519.X25519PrivateKey.generate().public_key().public_bytes_raw()
    )
    sealing, writing = [], []
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "record.bin"
        for n in range(ROUNDS):
            start = time.perf_counter()
            seal(f"rec-{n}", n, payload, device_key=device, datacenter=datacenter)
            sealing.append(time.perf_counter() - start)

            start = time.perf_counter()
            with target.open("wb") as handle:
                handle.write(payload)
                handle.flush()
                os.fsync(handle.fileno())
            writing.append(time.perf_counter() - start)
    seal_ms = statistics.median(sealing) * 1e3
    write_ms = statistics.median(writing) * 1e3
    print(f"seal 2 MiB (Ed25519 x2 + HPKE X25519/AES-256-GCM): median {seal_ms:.2f} ms")
    print(f"baseline: write + fsync the same 2 MiB:             median {write_ms:.2f} ms")
    print(f"ratio: {seal_ms / write_ms:.2f}x (budget 2x)")


if __name__ == "__main__":
    main()
