"""Run callables on threads started together; fail (never hang) when one does not return.

The Argon2id deadlock of issue 46 blocks its threads for good, so a test of "two at
once" joins each thread with a deadline well under pytest's 300 s timeout and reports
the threads still blocked, instead of hanging the run.
"""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

#: Long enough for several production-cost Argon2id checks one after another on a busy
#: two-core machine; far under the 300 s after which pytest kills the run.
DEADLINE_S = 120.0


def at_once(work: list[Callable[[], Any]], deadline_s: float = DEADLINE_S) -> list[Any]:
    """Each callable's result, in order; all start together (a barrier) on threads.

    Raises ``AssertionError`` naming the callables that had not returned by the deadline
    (their threads are daemons, left blocked), and re-raises the first exception one threw.
    """
    barrier = threading.Barrier(len(work))
    results: list[Any] = [None] * len(work)
    errors: list[BaseException | None] = [None] * len(work)

    def run(index: int) -> None:
        barrier.wait()
        try:
            results[index] = work[index]()
        except BaseException as error:  # noqa: BLE001 - handed to the test's thread below
            errors[index] = error

    threads = [
        threading.Thread(target=run, args=(i,), name=f"at-once-{i}", daemon=True)
        for i in range(len(work))
    ]
    for thread in threads:
        thread.start()
    end = time.monotonic() + deadline_s
    for thread in threads:
        thread.join(timeout=max(0.0, end - time.monotonic()))
    stuck = [thread.name for thread in threads if thread.is_alive()]
    assert not stuck, f"never returned within {deadline_s:.0f} s: {stuck}"
    for error in errors:
        if error is not None:
            raise error
    return results
