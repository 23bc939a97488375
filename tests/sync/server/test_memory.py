"""The data center's allocator tuning: a 2 MiB upload buffer is reused, not re-faulted."""

from __future__ import annotations

import subprocess
import sys

import pytest

# Runs in a fresh interpreter so the tuning (process-wide) touches no other test.
_PROBE = """
import os, resource, sys
from sync.server.operations.memory import keep_large_buffers

if sys.argv[1] == "tuned":
    assert keep_large_buffers()
body = os.urandom(2 * 1024 * 1024)
chunks = [body[i : i + 65536] for i in range(0, len(body), 65536)]

def upload() -> None:
    joined = b"".join(chunks)  # as the upload route joins the streamed body
    copy = bytes(bytearray(joined))  # as the HTTP server hands over its buffer
    assert len(copy) == len(body)

for _ in range(5):
    upload()
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(50):
    upload()
print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""


def _faults(mode: str) -> int:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, mode], capture_output=True, text=True, check=True
    )
    return int(done.stdout)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt")
def test_tuned_malloc_reuses_multi_megabyte_buffers_instead_of_faulting_them_in() -> None:
    pages_per_round = 2 * 2 * 1024 * 1024 // 4096  # two fresh 2 MiB buffers per upload
    assert _faults("tuned") < 50 * pages_per_round // 20
