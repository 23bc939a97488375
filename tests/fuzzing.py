"""Shared pieces of the property tests that feed generated and mutated bytes to our readers.

Every reader of outside input must either parse or refuse with a ``KnownError``, within a
bounded time and memory; ``bounded`` checks the two bounds around one call, and
``mutations`` turns a valid input into the near-misses a damaged stick or a hostile
laptop produces (flipped, dropped, inserted and repeated bytes, cut short).
"""

from __future__ import annotations

import time
import tracemalloc
from collections import Counter
from collections.abc import Callable
from typing import TypeVar

import hypothesis
from hypothesis import strategies as st

T = TypeVar("T")

#: What one reader may take for an input of a few kilobytes, in CPU seconds of the calling
#: thread: a pathological input shows as work, while wall time on a loaded CI machine (three
#: test workers, pcscd and Wine sharing two cores) also counts the waits for a core and for
#: the disk, and failed the bound once at 3.16 s for an empty file.
MAX_SECONDS = 2.0
MAX_MEMORY = 64 * 1024 * 1024

#: Cases tried per reader; small enough that all of them together take well under a minute.
SETTINGS = hypothesis.settings(
    max_examples=300,
    deadline=None,  # ``bounded`` measures time itself, without tracemalloc's cost counted twice
    derandomize=True,
    database=None,
    suppress_health_check=[hypothesis.HealthCheck.too_slow, hypothesis.HealthCheck.data_too_large],
)

#: Cases tried, per reader, printed by the tests for the closing note (``-s``).
TRIED: Counter[str] = Counter()


def bounded(call: Callable[[], T]) -> T:
    tracemalloc.start()
    started = time.thread_time()
    try:
        return call()
    finally:
        elapsed = time.thread_time() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert elapsed < MAX_SECONDS, f"took {elapsed:.2f} s of CPU"
        assert peak < MAX_MEMORY, f"peak {peak / 2**20:.0f} MiB"


@st.composite
def mutations(draw: st.DrawFn, valid: bytes) -> bytes:
    """``valid`` with a few random edits, or cut short, or a slice of it repeated."""
    data = bytearray(valid)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["flip", "drop", "insert", "cut", "repeat"]))
        at = draw(st.integers(0, max(0, len(data) - 1)))
        if kind == "flip" and data:
            data[at] ^= draw(st.integers(1, 255))
        elif kind == "drop":
            del data[at : at + draw(st.integers(1, 16))]
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        elif kind == "cut":
            del data[at:]
        else:
            data[at:at] = bytes(data[at : at + draw(st.integers(1, 32))]) * draw(st.integers(2, 50))
    return bytes(data)


def outside_bytes(valid: bytes) -> st.SearchStrategy[bytes]:
    """Mutations of a valid input, random bytes, and deep or numeric JSON traps."""
    traps = st.sampled_from(
        [
            b"[" * 5000 + b"]" * 5000,
            b'{"a":' * 3000 + b"1" + b"}" * 3000,
            b'{"version": ' + b"9" * 5000 + b"}",
            b"[1e999999]",
            b"NaN",
            b'"\\ud800"',
            b"\xff\xfe\x00",
        ]
    )
    return st.one_of(mutations(valid), st.binary(max_size=512), traps)
