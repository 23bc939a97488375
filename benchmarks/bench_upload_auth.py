"""Forged uploads that name a real laptop: what they cost the data center's memory.

    .venv/bin/python benchmarks/bench_upload_auth.py

Issue 24, item 4: sixteen concurrent 64 MiB uploads with a garbage signature and a
real device id (the folder name on any USB stick) took the server from 101 MB to
1,572 MB, because it read each body before checking the signature.  This starts a
real ``fieldkit-datacenter serve``, enrolls one laptop, and sends the sixteen at
once over TLS, each streaming until the server answers; it reports the server's
peak resident memory (VmHWM) and the answers.  Each sends its whole body unless
answered first.  Twice: with the body's hash announced
in the headers (FieldKit 0.1.1 on), and without (an older laptop: at most two bodies
read at a time per laptop).  The baseline, in the same run: the same server's peak
after start-up and one honest upload.
"""

from __future__ import annotations

import logging
import select
import ssl
import sys
import tempfile
import threading
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.sync.server.dcsupport import DataCenterProcess, Laptop, new_code  # noqa: E402
from tests.sync.server.test_body_auth import (  # noqa: E402
    CHUNK,
    TOTAL,
    _answer,
    _connection,
    _forged,
    _start_put,
)
from tests.sync.server.test_body_limits import peak_rss_mib  # noqa: E402

log = logging.getLogger("bench_upload_auth")
CONCURRENT = 16


def burst(server: DataCenterProcess, laptop: Laptop, *, announced: bool) -> Counter[int]:
    """``CONCURRENT`` forged 64 MiB uploads at once; the statuses they were answered."""
    statuses: Counter[int] = Counter()
    lock = threading.Lock()

    def one() -> None:
        with _connection(server) as sock:
            _start_put(sock, server, _forged(laptop, announced=announced))
            said = _send_the_rest(sock)
            if said.startswith(b"HTTP/1.1 "):
                status = int(said.split(b" ")[1])
            else:
                status, _headers = _answer(sock, timeout=120)
        with lock:
            statuses[status] += 1

    threads = [threading.Thread(target=one) for _ in range(CONCURRENT)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def _send_the_rest(sock: ssl.SSLSocket) -> bytes:
    """The whole 64 MiB, as an attacker would, unless the server answers first.

    Returns what the server has said so far.  A readable socket may hold only TLS 1.3
    session tickets, no answer: one non-blocking read tells them apart.
    """
    sent = len(CHUNK)
    while sent < TOTAL:
        readable, _, _ = select.select([sock], [], [], 0)
        if readable or sock.pending():
            sock.settimeout(0.0)
            try:
                said = sock.recv(4096)
            except (ssl.SSLWantReadError, BlockingIOError):
                said = b""
            finally:
                sock.settimeout(60)
            if said:
                return said
        try:
            sock.sendall(CHUNK)
        except OSError:
            return b""
        sent += len(CHUNK)
    return b""


def measure(root: Path, *, announced: bool) -> tuple[float, float, Counter[int]]:
    """The server's peak after start-up and one honest upload, then after the burst."""
    server = DataCenterProcess(root / "data", root / "server.log")
    server.start()
    try:
        assert server.proc is not None
        with server.client() as client:
            laptop = Laptop(client)
            laptop.enroll(new_code(server))
            laptop.sync(laptop.seal())
            baseline = peak_rss_mib(server.proc.pid)
            statuses = burst(server, laptop, announced=announced)
            peak = peak_rss_mib(server.proc.pid)
    finally:
        server.stop()
    return baseline, peak, statuses


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    for announced in (True, False):
        with tempfile.TemporaryDirectory() as tmp:
            baseline, peak, statuses = measure(Path(tmp), announced=announced)
        log.info(
            "%d forged 64 MiB uploads at once, hash %s: server peak %.0f MiB "
            "(baseline after start-up and one upload: %.0f MiB); answers %s",
            CONCURRENT,
            "announced" if announced else "not announced (older laptop)",
            peak,
            baseline,
            dict(statuses),
        )


if __name__ == "__main__":
    main()
