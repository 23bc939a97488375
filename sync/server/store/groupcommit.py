"""Group commit: concurrent writers share one transaction, and so one fsync.

SQLite takes one writer at a time, and with ``synchronous=FULL`` every commit
waits for an fsync of the WAL.  When several uploads finish together, the first
in line commits all those waiting behind it in one transaction; nobody waits
longer than they would for the lock, and each gets its own answer only after
that transaction is durable.  If a shared transaction fails, each item is
retried alone, so one item's failure never becomes another's.
"""

from __future__ import annotations

import threading
from collections import deque
from typing import TYPE_CHECKING, Generic, TypeVar, cast

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

T = TypeVar("T")
R = TypeVar("R")


class _Waiter(Generic[T, R]):
    __slots__ = ("done", "error", "item", "result")

    def __init__(self, item: T) -> None:
        self.item = item
        self.done = False
        self.result: R | None = None
        self.error: BaseException | None = None


class GroupCommit(Generic[T, R]):
    """Runs ``commit_many`` for batches of concurrent ``submit`` calls, in arrival order.

    ``commit_many(items)`` must be all-or-nothing and return one result per item;
    ``commit_one(item)`` is the fallback when a batch of several fails.
    """

    def __init__(
        self,
        commit_many: Callable[[Sequence[T]], list[R]],
        commit_one: Callable[[T], R],
        *,
        max_batch: int = 32,
    ) -> None:
        self._commit_many = commit_many
        self._commit_one = commit_one
        self._max_batch = max_batch
        self._queue: deque[_Waiter[T, R]] = deque()
        lock = threading.Lock()
        self._changed = threading.Condition(lock)
        #: Signalled when a submission joins the queue; only :meth:`wait_for_queue` waits on
        #: it, so the writers in line are not woken for nothing.
        self._joined = threading.Condition(lock)
        #: Transactions run and items committed so far, for tests and logs.
        self.commits = 0
        self.committed = 0

    def submit(self, item: T) -> R:
        """Commit ``item`` (perhaps with others); returns once it is durable, or raises."""
        waiter: _Waiter[T, R] = _Waiter(item)
        batch: list[_Waiter[T, R]] = []
        with self._changed:
            self._queue.append(waiter)
            self._joined.notify_all()
            while not waiter.done and self._queue[0] is not waiter:
                self._changed.wait()
            if not waiter.done:  # first in line: commit for everyone queued so far
                batch = [self._queue[i] for i in range(min(len(self._queue), self._max_batch))]
        if batch:
            try:
                self._run(batch)
            finally:
                with self._changed:
                    for done in batch:
                        self._queue.popleft()
                        if not done.done:  # only if _run itself was interrupted
                            self._finish(done, None, RuntimeError("the commit was interrupted"))
                    self._changed.notify_all()
        if waiter.error is not None:
            raise waiter.error
        return cast("R", waiter.result)  # set whenever error is None

    def wait_for_queue(self, length: int, timeout: float) -> bool:
        """Wait until ``length`` submissions are in line (the one committing included).

        For tests and benchmarks that must know the writers have piled up before
        they let the first commit finish; False if that did not happen in time.
        """
        with self._joined:
            return self._joined.wait_for(lambda: len(self._queue) >= length, timeout)

    def _run(self, batch: list[_Waiter[T, R]]) -> None:
        try:
            results = self._commit_many([w.item for w in batch])
        except Exception as exc:  # noqa: BLE001 - handed to its caller, or retried alone
            if len(batch) == 1:
                self._finish(batch[0], None, exc)
                return
            for waiter in batch:
                try:
                    self._finish(waiter, self._commit_one(waiter.item), None)
                except Exception as single:  # noqa: BLE001 - handed to its own caller
                    self._finish(waiter, None, single)
            self._count(len(batch), len(batch))
            return
        self._count(1, len(batch))
        for waiter, result in zip(batch, results, strict=True):
            self._finish(waiter, result, None)

    def _count(self, commits: int, items: int) -> None:
        with self._changed:
            self.commits += commits
            self.committed += items

    @staticmethod
    def _finish(waiter: _Waiter[T, R], result: R | None, error: BaseException | None) -> None:
        waiter.result = result
        waiter.error = error
        waiter.done = True
