"""The ABIS's side of the queue: serving ``requests/`` through any :class:`AbisEngine`.

:func:`answer_requests` (one pass) and :class:`AbisAnswerer` (until stopped); the data
center's own search plugs in as an engine.  An answerer takes a request by renaming it
(one rename wins) and holds its lock while it lives; a dead answerer's requests are put
back for the next.  The protocol is told in :mod:`sync.server.dedup.abis.queue`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import secrets
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from filelock import Timeout

from fieldkit.errors import KnownError
from sync.server.dedup.abis import messages as abis
from sync.server.dedup.abis.folder import (
    MAX_REFERENCE_BYTES,
    REQUESTS,
    STALE_LOCK_SECONDS,
    AbisQueue,
    read_queue_file,
)
from sync.server.dedup.abis.messages import (
    IDENTIFY,
    INSERT,
    PENDING_JOBS,
    PING,
    AbisMessageError,
    DeleteRequest,
    FailureReason,
    IdentifyRequest,
    Request,
    Response,
    StatusRequest,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

log = logging.getLogger(__name__)


class EngineRefused(KnownError):
    """An engine's answer that this reference cannot be inserted or searched, and why."""

    code = "abis_engine_refused"

    def __init__(self, failure: FailureReason) -> None:
        super().__init__(params={"failure": int(failure)})
        self.failure = failure


class AbisEngine(Protocol):
    """What matches: the data center's own search, or an adapter to an external ABIS.

    ``insert`` stores a reference's biometrics (the ANSI/NIST-ITL transaction's bytes)
    and searches nothing; ``identify`` searches the reference it holds or, when it holds
    none of that id, ``probe`` (a transaction searched and never kept), against
    ``gallery``'s references alone (None: everything held) and returns the candidates,
    best first; ``delete`` forgets a reference; ``len()`` counts those held.  Each raises
    :class:`EngineRefused` with MOSIP's failure reason (10 reference exists, 12 not
    found, 16 unreadable, 18 quality...).
    """

    def insert(self, reference_id: str, transaction: bytes) -> None: ...

    def identify(
        self,
        reference_id: str,
        gallery: Sequence[str] | None,
        max_results: int | None,
        *,
        probe: bytes | None = None,
    ) -> Sequence[abis.Candidate]: ...

    def delete(self, reference_id: str) -> None: ...

    def __len__(self) -> int: ...


def _reference_bytes(queue: AbisQueue, url: str) -> bytes | None:
    """The transaction a ``referenceURL`` names; None if not this queue's, gone, or refused.

    Read as every file of the queue is (:func:`read_queue_file`): a link inside
    ``references/`` is not followed (it could name any file the ABIS side may read), a
    pipe does not hang the ABIS, a file over 64 MiB is not read.
    """
    path = queue.reference_path(url)
    if path is None:
        return None
    try:
        return read_queue_file(path, MAX_REFERENCE_BYTES)
    except AbisMessageError as exc:
        log.warning("ABIS: reference file %s refused: %s", path.name, exc.code)
        return None
    except OSError:
        return None


def _status(queue: AbisQueue, engine: AbisEngine, request: StatusRequest) -> Response:
    """ping, pendingJobs, referenceCount: the ABIS's liveness, waiting requests, references."""
    if request.operation == PING:
        return abis.succeeded(request)
    if request.operation == PENDING_JOBS:  # this one is being served: not pending
        return abis.succeeded(request, jobscount=max(queue.pending() - 1, 0))
    return abis.succeeded(request, count=len(engine))


def _identified(queue: AbisQueue, engine: AbisEngine, request: IdentifyRequest) -> Response:
    """The reference the engine holds searched, or else the referenceURL's probe (not kept)."""
    probe = _reference_bytes(queue, request.reference_url) if request.reference_url else None
    try:
        found = engine.identify(
            request.reference_id, request.gallery, request.max_results, probe=probe
        )
    except EngineRefused as exc:
        if exc.failure == FailureReason.REFERENCE_ID_NOT_FOUND and request.reference_url:
            # Not held, and its referenceURL could not be read: 7, as for an insert.
            return abis.failed(request.request_id, IDENTIFY, FailureReason(7))
        raise
    kept = tuple(
        c for c in found if not request.reference_id or c.reference_id != request.reference_id
    )
    if request.max_results is not None:
        kept = kept[: request.max_results]
    return abis.succeeded(request, kept)


def _served(queue: AbisQueue, engine: AbisEngine, request: Request) -> Response:
    try:
        if isinstance(request, StatusRequest):
            return _status(queue, engine, request)
        if isinstance(request, DeleteRequest):
            engine.delete(request.reference_id)
            return abis.succeeded(request)
        if isinstance(request, IdentifyRequest):
            return _identified(queue, engine, request)
        transaction = _reference_bytes(queue, request.reference_url)
        if transaction is None:
            log.warning("ABIS: request %s names no reference file", request.request_id)
            return abis.failed(request.request_id, INSERT, FailureReason(7))
        engine.insert(request.reference_id, transaction)
        return abis.succeeded(request)
    except EngineRefused as exc:
        return abis.failed(request.request_id, request.operation, exc.failure)


def _answerable(data: bytes) -> tuple[str, str] | None:
    """A refused request's requestId and operation, when both can be read to answer it."""
    try:
        document = abis.document_of(data)
    except AbisMessageError:
        return None
    request_id, operation = document.get("requestId"), document.get("id")
    if (
        not isinstance(request_id, str)
        or not request_id
        or len(request_id) > abis.MAX_FIELD
        or operation not in abis.OPERATIONS
    ):
        return None
    return request_id, str(operation)


#: Before every request in a pass: one the API refuses is answered (or set aside) first.
_UNREAD = (dt.datetime.min.replace(tzinfo=dt.UTC), "")


class _Answerer:
    """An answerer's hold on ``requests/``: its id, and the lock held while it lives."""

    def __init__(self, queue: AbisQueue) -> None:
        self.queue = queue
        for _attempt in range(8):
            self.id = f"{os.getpid()}.{secrets.token_hex(4)}"
            self.lock = queue.answerer_lock(self.id)
            try:
                self.lock.acquire()
            except Timeout:  # another answerer looked at it in the instant it was made
                continue
            return
        raise Timeout(str(self.lock.lock_file))  # pragma: no cover - eight in a row

    def release(self) -> None:
        """The lock let go, and its file removed (nothing of this answerer is left)."""
        self.lock.release()
        with contextlib.suppress(FileNotFoundError):
            Path(self.lock.lock_file).unlink()

    def put_back_the_dead(self) -> int:
        """Requests taken by answerers that died (their lock free): back in ``requests/``.

        A dead answerer's lock file goes too.  One alive holds its lock: left alone.
        """
        back = 0
        by_answerer: dict[str, list[tuple[str, Path]]] = {}
        for answerer, name, path in self.queue.taken():
            by_answerer.setdefault(answerer, []).append((name, path))
        for answerer in self.queue.answerers() - set(by_answerer):
            # A lock file with nothing taken: an answerer killed between two requests,
            # or one starting this very instant (its file made, not yet locked): only
            # one older than a minute is looked at.
            if self.queue.lock_age(answerer) > STALE_LOCK_SECONDS:
                by_answerer[answerer] = []
        by_answerer.pop(self.id, None)
        for answerer, taken in by_answerer.items():
            lock = self.queue.answerer_lock(answerer)
            try:
                lock.acquire()
            except Timeout:
                continue  # alive, and serving them
            try:
                for name, path in taken:
                    if path.with_name(name).exists():
                        continue
                    with contextlib.suppress(FileNotFoundError):
                        path.rename(path.with_name(name))
                        back += 1
                        log.warning("ABIS: request %s put back (its answerer stopped)", name)
            finally:
                lock.release()
                with contextlib.suppress(FileNotFoundError):
                    Path(lock.lock_file).unlink()
        return back

    def waiting(self) -> list[tuple[tuple[dt.datetime, str], Path]]:
        """The requests in ``requests/``, in the order they are served.

        By ``requesttime``, ties by ``requestId`` (MOSIP's queue is first in, first out; a
        file name is not a time).  One the API refuses comes first: it is answered
        without the engine.
        """
        order = []
        for path in self.queue.listing(REQUESTS):
            try:
                request = abis.parse_request(read_queue_file(path, abis.MAX_MESSAGE_BYTES))
            except FileNotFoundError:
                continue
            except AbisMessageError:
                order.append((_UNREAD, path))
                continue
            order.append((abis.order_of(request), path))
        order.sort(key=lambda item: (item[0], item[1].name))
        return order

    def serve(self, engine: AbisEngine, path: Path) -> Response | None:
        """One request taken, served and answered; None if another answerer took it."""
        taken = self.queue.take(path, self.id)
        if taken is None:
            return None
        data: bytes | None = None
        try:
            data = read_queue_file(taken, abis.MAX_MESSAGE_BYTES)
            request = abis.parse_request(data)
        except FileNotFoundError:
            return None
        except AbisMessageError as exc:
            known = None if data is None else _answerable(data)
            if known is None:
                self.queue.refuse(taken, data, exc, name=path.name)
                log.warning("ABIS request %s refused: %s", path.name, exc.code)
                return None
            response = abis.failed(known[0], known[1], exc.failure)
        else:
            try:
                response = _served(self.queue, engine, request)
            except Exception:  # a bug, or a library's on strange bytes: this request alone
                log.exception("ABIS: request %s could not be served", path.name)
                response = abis.failed(
                    request.request_id, request.operation, FailureReason.UNEXPECTED_ERROR
                )
        self.queue.write_response(response.request_id, abis.encode(response))
        self.queue.finish(taken, name=path.name)
        return response

    def one_pass(
        self,
        engine: AbisEngine,
        stop: threading.Event | None = None,
        answered: Callable[[Response], None] | None = None,
    ) -> list[Response]:
        self.put_back_the_dead()
        out: list[Response] = []
        for _order, path in self.waiting():
            if stop is not None and stop.is_set():
                break  # between two requests: none is left half-served
            response = self.serve(engine, path)
            if response is not None:
                out.append(response)
                if answered is not None:
                    answered(response)
        return out


def answer_requests(
    queue: AbisQueue,
    engine: AbisEngine,
    *,
    answered: Callable[[Response], None] | None = None,
) -> list[Response]:
    """One pass of the ABIS side: each request answered through ``engine``, in order.

    The order is ``requesttime``'s (ties by ``requestId``).  Each request is taken
    first (renamed ``.taken-...``: of two answerers at once, one has it).  A request the
    API refuses is answered with its failure reason (MOSIP's 4-15) when its requestId
    and operation can be read, else moved to ``refused/``; either way the others are
    served.  The answer is written before the request leaves for ``done/``: a crash
    between answers it twice (the request is put back by the next answerer), and the
    data center refuses the second.
    """
    answerer = _Answerer(queue)
    try:
        return answerer.one_pass(engine, answered=answered)
    finally:
        answerer.release()


class AbisAnswerer:
    """The ABIS side run until stopped: the engine loaded once, requests answered as they come.

    The folder is looked at every ``interval`` seconds (a directory listing: no busy CPU
    between) or at once on ``wake()``; ``stop()`` ends it after the request being served,
    never in the middle of one.  ``answered`` counts the answers written, and
    ``progress`` is notified after each pass that wrote one.
    """

    def __init__(
        self,
        queue: AbisQueue,
        engine: AbisEngine,
        *,
        interval: float = 1.0,
        answered: Callable[[Response], None] | None = None,
        stop: threading.Event | None = None,
    ) -> None:
        self.queue = queue
        self.engine = engine
        self.interval = interval
        self.on_answer = answered
        self.answered = 0
        self.progress = threading.Condition()
        #: Set (by :meth:`stop`, or by whoever shares it: a signal handler): stop.
        self._stop = stop or threading.Event()
        self._wake = threading.Event()

    def wake(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        """Stop after the request being served (safe from a signal handler)."""
        self._stop.set()
        self._wake.set()

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def run(self) -> None:
        answerer = _Answerer(self.queue)
        try:
            while not self._stop.is_set():
                self._wake.clear()
                written = len(answerer.one_pass(self.engine, self._stop, self.on_answer))
                if written:
                    with self.progress:
                        self.answered += written
                        self.progress.notify_all()
                if not self._stop.is_set():
                    self._wake.wait(self.interval)
        finally:
            answerer.release()
