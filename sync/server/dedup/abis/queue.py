"""The hand-on to an ABIS over a folder queue, both sides of it (issue 48, part 2).

An office points the data center at a folder (``--abis-queue DIR``) that whatever
forwards to the national system, or an ABIS itself, also reads and writes:

* ``requests/``: the data center's MOSIP ABIS API v1.1 requests (:mod:`.messages`),
  one JSON file each, an insert and then an identify per record, a delete for a record
  that left the gallery; served by ``requesttime`` (ties by ``requestId``), never by name;
* ``references/``: each record's ANSI/NIST-ITL transaction (``<referenceId>.an2``,
  :mod:`sync.server.dedup.interchange`), which an insert's ``referenceURL`` names;
* ``responses/``: the ABIS's answers, one JSON file each, matched to their request by
  ``requestId`` (never by file name);
* ``done/``: requests answered and answers applied; ``refused/``: what was refused,
  each beside a ``.reason.json`` that says why (a code and its English, no person).

Every file is written whole under a hidden temporary name and renamed into place (0600
from its first byte), so a reader never sees half of one: readers take only names that
do not start with a dot and end in ``.json``.

**Nothing lost, nothing decided twice.**  The ledger (``abis_requests``) is the arbiter.
An answer is applied in one database transaction that marks its request answered (with
the answer's file name and SHA-256) and runs the caller's state hook
(:data:`ApplyDecision`) on the same connection: both or neither.  The file is moved to
``done/`` only after that commits.  Two readers at once both parse an answer; the
database lets one of them apply it, and the other finds it answered by that very file
and only finishes the move.  A crash before the commit leaves the answer where it was,
applied at the next run; a crash after it leaves a file the ledger already knows by name
and hash, which the next run moves to ``done/`` without deciding anything.  A request is
entered in the ledger before its file appears, so an answer can never arrive for a
request the data center does not know yet: files are first written hidden
(``.prepared-<name>``), the ledger committed, then the files published; a crash between
is finished by :func:`recover` (a prepared file the ledger knows is published, one it
does not is deleted).

Each malformed answer, one for a request never sent, one of the wrong operation, a
second answer to a request already answered: refused on its own, the rest carries on.
Every file of the queue is read by :func:`read_queue_file`: never through a link, never
a pipe or a folder, refused by its size before a byte is read and never read past it.

The ABIS side, :func:`answer_requests` (one pass) and :class:`AbisAnswerer` (until
stopped), serves ``requests/`` through any :class:`AbisEngine`; the data center's own
search plugs in there as an engine, so an external ABIS replaces it with no change here.
An answerer takes a request by renaming it ``.taken-<answerer>-<name>`` (one rename
wins), and holds ``.answerer-<answerer>.lock`` while it lives: a request a dead
answerer had taken is put back for the next.

The record's state is not written here: :func:`decision_of` turns an identify's answer
into a :class:`Decision` (a duplicate with its candidates mapped back to records, print
ready, or an enrollment failure with words for the team), and the caller's hook writes
the state machine's change.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import errno
import hashlib
import json
import logging
import os
import secrets
import stat
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeAlias
from urllib.parse import urlsplit
from urllib.request import url2pathname

import sqlalchemy as sa
from filelock import FileLock, Timeout
from sqlalchemy.engine import Connection

from fieldkit.durable import O_BINARY, atomic_write, fsync_dir
from fieldkit.errors import KnownError
from fieldkit.records.demo import DEMO_KID
from sync.protocol import Reason, RecordState
from sync.server import catalogue
from sync.server.dedup.abis import messages as abis
from sync.server.dedup.abis.messages import (
    DELETE,
    IDENTIFY,
    INSERT,
    PENDING_JOBS,
    PING,
    STATUS_OPERATIONS,
    AbisMessageError,
    DeleteRequest,
    FailureReason,
    IdentifyRequest,
    InsertRequest,
    Request,
    Response,
    StatusRequest,
)
from sync.server.dedup.interchange import reference_of
from sync.server.errors import DataCenterError
from sync.server.store.database import abis_requests, interchange_refs, records

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Sequence

    from sync.server.store.database import SqlStore

log = logging.getLogger(__name__)

REQUESTS, RESPONSES, DONE, REFUSED, REFERENCES = (
    "requests",
    "responses",
    "done",
    "refused",
    "references",
)
FOLDERS = (REQUESTS, RESPONSES, DONE, REFUSED, REFERENCES)
MESSAGE_SUFFIX = ".json"
REASON_SUFFIX = ".reason.json"
REFERENCE_SUFFIX = ".an2"
PREPARED = ".prepared-"
#: A request an answerer has taken: ``.taken-<answerer>-<name>`` (the answerer's id has
#: no ``-``); ``.answerer-<answerer>.lock`` is held by that answerer while it lives.
TAKEN = ".taken-"
_ANSWERER_LOCK = ".answerer-{}.lock"
#: A lock file with no request taken is a dead answerer's once it is this old (seconds).
_STALE_LOCK_SECONDS = 60.0
#: The most of a reference (an ANSI/NIST-ITL transaction) the ABIS side reads: the
#: record it comes from is at most 64 MiB too (``sync.server.intake.service.MAX_RECORD_BYTES``).
MAX_REFERENCE_BYTES = 64 << 20
#: Open without blocking on a named pipe and without following a link (0 on Windows,
#: where a link is refused by ``lstat`` and a disk holds no pipe).
_O_NONBLOCK: int = getattr(os, "O_NONBLOCK", 0)
_O_NOFOLLOW: int = getattr(os, "O_NOFOLLOW", 0)
#: What ``O_NOFOLLOW`` answers for a link (ELOOP on Linux and macOS, EMLINK on FreeBSD).
_LINK_ERRNOS = frozenset({errno.ELOOP, errno.EMLINK})
#: The ``abis_requests.outcome`` of an insert the ABIS stored (or already held: 10).
INSERTED = "inserted"
#: The ``abis_requests.outcome`` of a delete the ABIS did (or had nothing to delete: 12).
DELETED = "deleted"
#: Records whose reference leaves the ABIS's gallery (a delete is sent): refused, closed
#: as a second recording of an older record, or sent back for recapture (the new
#: recording has a reference of its own), as penunggalan's own gallery leaves them out.
LEAVING = frozenset(
    {
        RecordState.REJECTED,
        RecordState.DUPLICATE_CLOSED,
        RecordState.RECAPTURE,
        RecordState.ENROLL_FAILURE,
    }
)
#: Failures that are the images' own: the person is recorded again (ENROLL_FAILURE).
PERSON_FAILURES = frozenset(
    {
        FailureReason.CBEFF_HAS_NO_DATA,
        FailureReason.INVALID_CBEFF_FORMAT,
        FailureReason.QUALITY_CHECK_FAILED,
    }
)


class Verdict(enum.StrEnum):
    """What an identify's answer means for the record."""

    DUPLICATE = "duplicate"
    PRINT_READY = "print_ready"
    ENROLL_FAILURE = "enroll_failure"
    #: The ABIS could not search (down, the reference expired, a request it could not
    #: read): nothing is decided, and the record is sent again at the next submit.
    RETRY = "retry"


_STATE_OF = {
    Verdict.DUPLICATE: RecordState.DUPLICATE_RECORD,
    Verdict.PRINT_READY: RecordState.PRINT_READY_RECORD,
    Verdict.ENROLL_FAILURE: RecordState.ENROLL_FAILURE,
}


@dataclass(frozen=True)
class Found:
    """A candidate, its referenceId mapped back to a record where this office holds it.

    ``device_id``/``record_id`` are None for a reference another office inserted (a
    national ABIS holds every office's): still a candidate, named by its reference.
    """

    reference: str
    device_id: str | None
    record_id: str | None
    score: float | None


@dataclass(frozen=True)
class Decision:
    """An identify's answer, decided: what the hook writes into the state machine."""

    device_id: str
    record_id: str
    reference: str
    request_id: str
    verdict: Verdict
    candidates: tuple[Found, ...] = ()
    failure: FailureReason | None = None
    #: ENROLL_FAILURE: the sentence (context ``abis``) the team reads on the laptop.
    words: str | None = None

    @property
    def state(self) -> RecordState | None:
        """The record's next state; None for RETRY (the record stays as it is)."""
        return _STATE_OF.get(self.verdict)

    def as_json(self) -> dict[str, Any]:
        return {
            "device_id": self.device_id,
            "record_id": self.record_id,
            "reference": self.reference,
            "request_id": self.request_id,
            "verdict": str(self.verdict),
            "state": None if self.state is None else str(self.state),
            "failure_reason": None if self.failure is None else int(self.failure),
            "words": self.words,
            "candidates": [
                {
                    "reference": c.reference,
                    "device_id": c.device_id,
                    "record_id": c.record_id,
                    "score": c.score,
                }
                for c in self.candidates
            ],
        }


#: The state machine's write (the hook), run in the transaction that marks the answer
#: applied: given every identify decision (RETRY too, to log or count), it writes with
#: ``conn`` alone, so the answer and the state change are committed both or neither.
#: A KnownError leaves that answer in ``responses/`` for the next pass (the others are
#: applied); anything else is a bug and stops the pass.
ApplyDecision: TypeAlias = Callable[[Connection, Decision], None]


@dataclass(frozen=True)
class Refusal:
    """One file refused: its name and the code that says why."""

    file: str
    code: str


@dataclass
class Collected:
    """One pass over ``responses/``."""

    decisions: list[Decision] = field(default_factory=list)
    #: Insert answers applied: (requestId, outcome).
    inserts: list[tuple[str, str]] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)
    #: Answers a crash (or another reader) had applied already, now moved to ``done/``.
    finished: int = 0
    #: Answers the state hook refused (a KnownError): left in ``responses/``, rolled back,
    #: tried again at the next pass; the others were applied.
    deferred: list[Refusal] = field(default_factory=list)
    #: Delete answers applied: (requestId, outcome).
    deletes: list[tuple[str, str]] = field(default_factory=list)
    #: Answers to a ping, pendingJobs or referenceCount, which the data center never asks:
    #: left in ``responses/`` for whoever asked.
    left: list[str] = field(default_factory=list)


# --- reading a file of the queue --------------------------------------------------------


def _not_regular(path: Path) -> AbisMessageError:
    return AbisMessageError(
        code="abis_file_not_regular", params={"file": path.name, "folder": path.parent.name}
    )


def _too_large(limit: int) -> AbisMessageError:
    return AbisMessageError(code="abis_message_too_large", params={"max": limit})


def read_queue_file(path: Path, limit: int) -> bytes:
    """A file of the queue, whole, or :class:`AbisMessageError` before it is read.

    A link (even one put in place after the look: ``O_NOFOLLOW``), a second name of a
    file (a hard link), a folder or a pipe is refused (``abis_file_not_regular``); a file
    larger than ``limit`` is refused by its size (``abis_message_too_large``), and never
    read further than ``limit`` + 1 bytes even if it grows meanwhile.  A file gone is the
    caller's :class:`FileNotFoundError` (another reader took it).
    """
    seen = os.lstat(path)
    if not stat.S_ISREG(seen.st_mode) or seen.st_nlink > 1:
        raise _not_regular(path)
    if seen.st_size > limit:
        raise _too_large(limit)
    try:
        fd = os.open(path, os.O_RDONLY | O_BINARY | _O_NONBLOCK | _O_NOFOLLOW)
    except OSError as exc:
        if exc.errno in _LINK_ERRNOS:  # it became a link after the look
            raise _not_regular(path) from None
        raise
    with os.fdopen(fd, "rb") as handle:
        opened = os.fstat(handle.fileno())
        if not stat.S_ISREG(opened.st_mode) or opened.st_nlink > 1:
            raise _not_regular(path)
        if opened.st_ino and seen.st_ino and opened.st_ino != seen.st_ino:
            raise _not_regular(path)  # another file was swapped in between
        if opened.st_size > limit:
            raise _too_large(limit)
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise _too_large(limit)
    return data


# --- the folder --------------------------------------------------------------------------


class AbisQueue:
    """The folder and its five sub-folders; the only code that names a path in it."""

    def __init__(self, root: Path, *, url_base: str | None = None) -> None:
        self.root = Path(root).absolute()
        #: ``referenceURL`` = this + ``<reference>.an2`` when the forwarder serves the
        #: references (https://...); else the file's own ``file://`` URI.
        self.url_base = url_base.rstrip("/") + "/" if url_base else None

    @classmethod
    def open(cls, root: Path, *, url_base: str | None = None) -> AbisQueue:
        """The queue at ``root``, its folders made (0700) where missing; links refused."""
        queue = cls(root, url_base=url_base)
        if queue.root.is_symlink() or (queue.root.exists() and not queue.root.is_dir()):
            raise DataCenterError(
                400,
                Reason.INVALID_REQUEST,
                code="abis_queue_not_a_folder",
                params={"folder": queue.root},
            )
        queue.root.mkdir(mode=0o700, parents=True, exist_ok=True)
        for name in FOLDERS:
            folder = queue.root / name
            if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
                raise DataCenterError(
                    400,
                    Reason.INVALID_REQUEST,
                    code="abis_queue_not_a_folder",
                    params={"folder": folder},
                )
            folder.mkdir(mode=0o700, exist_ok=True)
        return queue

    def folder(self, name: str) -> Path:
        return self.root / name

    def listing(self, name: str) -> list[Path]:
        """The messages in a folder by name; hidden and reason files left out.

        The name orders nothing: requests are served by their ``requesttime``
        (:func:`answer_requests`), answers applied inserts first (:func:`collect`).
        """
        try:
            entries = sorted(os.scandir(self.folder(name)), key=lambda e: e.name)
        except FileNotFoundError:
            return []
        return [
            Path(e.path)
            for e in entries
            if e.name.endswith(MESSAGE_SUFFIX)
            and not e.name.startswith(".")
            and not e.name.endswith(REASON_SUFFIX)
            and e.is_file(follow_symlinks=False)
        ]

    # references -------------------------------------------------------------------

    def reference_file(self, reference: str) -> Path:
        return self.folder(REFERENCES) / f"{reference}{REFERENCE_SUFFIX}"

    def reference_url(self, reference: str) -> str:
        if self.url_base:
            return f"{self.url_base}{reference}{REFERENCE_SUFFIX}"
        return self.reference_file(reference).as_uri()

    def reference_path(self, url: str) -> Path | None:
        """The file a ``referenceURL`` of this queue names; None for any other URL.

        Only a name in ``references/`` is ever read: a request cannot point the ABIS
        side at another file of the machine.
        """
        if self.url_base and url.startswith(self.url_base):
            name = url[len(self.url_base) :]
        else:
            parts = urlsplit(url)
            local = Path(url2pathname(parts.path))
            if parts.scheme != "file" or parts.netloc or local.parent != self.folder(REFERENCES):
                return None
            name = local.name
        if "/" in name or not name.endswith(REFERENCE_SUFFIX) or name.startswith("."):
            return None
        return self.folder(REFERENCES) / name

    def drop_reference(self, reference: str) -> None:
        """The record's biometrics leave the queue once its identify is answered."""
        with contextlib.suppress(FileNotFoundError):
            self.reference_file(reference).unlink()

    # messages ---------------------------------------------------------------------

    def prepare(self, name: str, data: bytes) -> Path:
        """A request written whole but hidden (``.prepared-<name>``): no reader takes it."""
        prepared = self.folder(REQUESTS) / f"{PREPARED}{name}"
        atomic_write(prepared, data)
        return prepared

    def publish(self, prepared: Path) -> bool:
        """A prepared request renamed into sight; False if another process did it."""
        target = prepared.with_name(prepared.name.removeprefix(PREPARED))
        try:
            prepared.rename(target)
        except FileNotFoundError:
            return False
        fsync_dir(target.parent)
        return True

    def prepared(self) -> list[Path]:
        folder = self.folder(REQUESTS)
        return sorted(
            p for p in folder.glob(f"{PREPARED}*{MESSAGE_SUFFIX}") if not p.name.endswith(".tmp")
        )

    def write_response(self, request_id: str, data: bytes) -> Path:
        target = self.folder(RESPONSES) / f"{_safe(request_id)}{MESSAGE_SUFFIX}"
        atomic_write(target, data)
        return target

    # an answerer's requests ---------------------------------------------------------

    def take(self, path: Path, answerer: str) -> Path | None:
        """``path`` renamed ``.taken-<answerer>-<name>``: this answerer's alone; None if gone."""
        taken = path.with_name(f"{TAKEN}{answerer}-{path.name}")
        try:
            path.rename(taken)
        except FileNotFoundError:
            return None
        return taken

    def taken(self) -> list[tuple[str, str, Path]]:
        """Every request an answerer has taken: (answerer, the request's name, its path)."""
        out = []
        with contextlib.suppress(FileNotFoundError):
            for entry in os.scandir(self.folder(REQUESTS)):
                if entry.name.startswith(TAKEN) and entry.name.endswith(MESSAGE_SUFFIX):
                    answerer, _, name = entry.name.removeprefix(TAKEN).partition("-")
                    if answerer and name:
                        out.append((answerer, name, Path(entry.path)))
        return out

    def answerer_lock(self, answerer: str) -> FileLock:
        return FileLock(self.folder(REQUESTS) / _ANSWERER_LOCK.format(answerer), timeout=0)

    def lock_age(self, answerer: str) -> float:
        """Seconds since the answerer's lock file was made (0 if it is gone)."""
        try:
            made = (self.folder(REQUESTS) / _ANSWERER_LOCK.format(answerer)).stat().st_mtime
        except FileNotFoundError:
            return 0.0
        return time.time() - made

    def answerers(self) -> set[str]:
        """Every answerer that left a lock file: alive, or stopped without removing it."""
        prefix, suffix = _ANSWERER_LOCK.split("{}")
        with contextlib.suppress(FileNotFoundError):
            return {
                entry.name.removeprefix(prefix).removesuffix(suffix)
                for entry in os.scandir(self.folder(REQUESTS))
                if entry.name.startswith(prefix) and entry.name.endswith(suffix)
            }
        return set()

    def pending(self) -> int:
        """Requests not answered yet: waiting in ``requests/``, or taken and being served."""
        return len(self.listing(REQUESTS)) + len(self.taken())

    def finish(self, path: Path, *, name: str | None = None) -> bool:
        """``path`` moved to ``done/`` (as ``name``); False if another reader moved it first."""
        return self._move(path, self.folder(DONE) / (name or path.name))

    def refuse(
        self, path: Path, data: bytes | None, error: KnownError, *, name: str | None = None
    ) -> bool:
        """``path`` moved to ``refused/`` beside its reason; False if another reader did.

        The refused copy is named by its content's hash as well (a random one for a
        file not read: too large, or not a file), so two different refused files of one
        name never overwrite each other; the reason is written first, so a refused file
        is never seen without it.
        """
        name = name or path.name
        prefix = hashlib.sha256(data).hexdigest() if data is not None else secrets.token_hex(6)
        refused_name = f"{prefix[:12]}-{name}"
        target = self.folder(REFUSED) / refused_name
        reason = {
            "file": name,
            "folder": path.parent.name,
            "code": error.code,
            "message": error.message,
            "params": error.params,
            "refused_at": abis.timestamp(),
        }
        atomic_write(
            target.with_name(refused_name.removesuffix(MESSAGE_SUFFIX) + REASON_SUFFIX),
            (json.dumps(reason, ensure_ascii=False, indent=1) + "\n").encode("utf-8"),
        )
        return self._move(path, target)

    @staticmethod
    def _move(path: Path, target: Path) -> bool:
        try:
            path.replace(target)
        except FileNotFoundError:
            return False
        fsync_dir(target.parent)
        fsync_dir(path.parent)
        return True


def _safe(request_id: str) -> str:
    """A requestId as a file name: letters, digits, '-' and '_' only (a UUID is)."""
    kept = "".join(c for c in request_id if c.isascii() and (c.isalnum() or c in "-_"))
    return kept[:64] or "answer"


def _file_name(request: Request, order: int) -> str:
    """``<time>-<order>-<operation>-<requestId>.json``: a listing's order is the sending's."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    kind = request.operation.rsplit(".", 1)[-1]
    return f"{stamp}-{order}-{kind}-{_safe(request.request_id)}{MESSAGE_SUFFIX}"


# --- the data center's side: sending -------------------------------------------------------

#: Writes a record's (device id, record id) ANSI/NIST-ITL transaction to the given file
#: (the real one: :func:`interchange_exporter`); a KnownError when the record cannot leave.
Exporter: TypeAlias = Callable[[str, str, Path], None]


def interchange_exporter(store: SqlStore, blobs: Any, keys: Any) -> Exporter:
    """``records export``'s own writer (opened in memory, written 0600, audited)."""
    from sync.server.dedup import interchange  # noqa: PLC0415 - PIL and wsq: only to export

    def export(device_id: str, record_id: str, target: Path) -> None:
        interchange.export_record(store, blobs, keys, record_id, target, device_id=device_id)

    return export


@dataclass(frozen=True)
class Sent:
    device_id: str
    record_id: str
    reference: str
    insert: str
    identify: str


class AbisAlreadySent(KnownError):
    """Another submit sent this record meanwhile (two at the same moment): not sent twice."""

    code = "abis_already_sent"


class _Clock:
    """``requesttime`` for each request this process sends, each later than the last.

    The ABIS side serves by ``requesttime``: a record's identify must come after its
    insert, and a record sent after another after it, even within one millisecond.
    """

    def __init__(self) -> None:
        self._last: dt.datetime | None = None
        self._lock = threading.Lock()

    def next(self) -> str:
        now = dt.datetime.now(dt.UTC)
        now = now.replace(microsecond=now.microsecond // 1000 * 1000)
        with self._lock:
            if self._last is not None and now <= self._last:
                now = self._last + dt.timedelta(milliseconds=1)
            self._last = now
        return abis.timestamp(now)


_CLOCK = _Clock()


def _sent_already(conn: Connection, device_id: str, record_id: str) -> bool:
    """True when the record's last identify is open or decided (anything but a retry)."""
    last = conn.execute(
        sa.select(abis_requests.c.outcome)
        .where(
            abis_requests.c.operation == IDENTIFY,
            abis_requests.c.device_id == device_id,
            abis_requests.c.record_id == record_id,
        )
        .order_by(abis_requests.c.sent_at.desc(), abis_requests.c.request_id.desc())
        .limit(1)
    ).first()
    return last is not None and last.outcome != Verdict.RETRY


def _reference_awaited(conn: Connection, reference: str) -> bool:
    """True while an identify of ``reference`` waits for its answer (its file is needed)."""
    return (
        conn.execute(
            sa.select(abis_requests.c.request_id).where(
                abis_requests.c.reference == reference,
                abis_requests.c.operation == IDENTIFY,
                abis_requests.c.answered_at.is_(None),
            )
        ).first()
        is not None
    )


def _refuse_if_sent(
    conn: Connection, store: SqlStore, device_id: str, record_id: str, operation: str = IDENTIFY
) -> None:
    """:class:`AbisAlreadySent` if another submit sent it: looked at under a lock.

    ``operation``: the record's insert and identify (sent unless the last identify was a
    retry), or its delete (sent unless the ABIS still holds the reference).  PostgreSQL:
    the record's interchange row is locked, so two submits of it take turns; SQLite's
    ``BEGIN IMMEDIATE`` (:func:`_alone`) already lets one writer at a time.
    """
    if not store.is_sqlite:
        conn.execute(
            sa.select(interchange_refs.c.reference)
            .where(
                interchange_refs.c.device_id == device_id,
                interchange_refs.c.record_id == record_id,
            )
            .with_for_update()
        )
    if operation == DELETE:
        rows = conn.execute(
            _inserts_and_deletes().where(
                abis_requests.c.device_id == device_id, abis_requests.c.record_id == record_id
            )
        )
        sent = _held_by_abis(rows).get((device_id, record_id)) is None
    else:
        sent = _sent_already(conn, device_id, record_id)
    if sent:
        raise AbisAlreadySent(params={"record": record_id})


def submit(
    store: SqlStore,
    queue: AbisQueue,
    device_id: str,
    record_id: str,
    export: Exporter,
    *,
    flags: dict[str, str] | None = None,
) -> Sent:
    """One record into the queue: its transaction, then an insert and an identify.

    Two submits of one record at the same moment send it once: the ledger is written
    under a lock that lets one at a time look whether the record was sent, and the other
    refuses (:class:`AbisAlreadySent`), leaving the reference file to the one that sent.
    """
    reference = reference_of(store, device_id, record_id)
    with store.reading() as conn:
        if _sent_already(conn, device_id, record_id):
            raise AbisAlreadySent(params={"record": record_id})
    inserted_at, identified_at = _CLOCK.next(), _CLOCK.next()
    insert = InsertRequest(
        str(uuid.uuid4()), inserted_at, reference, queue.reference_url(reference)
    )
    identify = IdentifyRequest(
        str(uuid.uuid4()), identified_at, reference, "", None, dict(flags or {})
    )
    both: tuple[Request, Request] = (insert, identify)
    prepared: list[Path] = []
    try:
        export(device_id, record_id, queue.reference_file(reference))
        prepared = [
            queue.prepare(_file_name(request, order), abis.encode(request))
            for order, request in enumerate(both)
        ]
        with _alone(store) as conn:
            _refuse_if_sent(conn, store, device_id, record_id)
            for request in both:
                conn.execute(
                    abis_requests.insert().values(
                        request_id=request.request_id,
                        operation=request.operation,
                        reference=reference,
                        device_id=device_id,
                        record_id=record_id,
                        sent_at=request.requesttime,
                    )
                )
    except AbisAlreadySent:
        for path in prepared:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
        with store.reading() as conn:
            awaited = _reference_awaited(conn, reference)
        if not awaited:  # the other's identify answered meanwhile: its file is not needed
            queue.drop_reference(reference)
        raise
    except BaseException:
        # Not sent: neither the biometrics nor a hidden request stays in the queue.
        queue.drop_reference(reference)
        for path in prepared:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
        raise
    for path in prepared:
        queue.publish(path)
    log.info("ABIS: record %s sent as %s", record_id, reference)
    return Sent(device_id, record_id, reference, insert.request_id, identify.request_id)


@dataclass(frozen=True)
class Deleted:
    """A delete sent: the record's reference leaves the ABIS's gallery."""

    device_id: str
    record_id: str
    reference: str
    delete: str


def _held_by_abis(rows: Iterable[Any]) -> dict[tuple[str, str], str | None]:
    """Per record, the reference the ABIS holds (None: none, or a delete on its way).

    ``rows`` are the records' inserts and deletes in the order they were sent: an insert
    the ABIS stored holds the reference; a delete open or done lets it go; a delete the
    ABIS failed does not.
    """
    held: dict[tuple[str, str], str | None] = {}
    for row in rows:
        key = (row.device_id, row.record_id)
        if row.operation == INSERT:
            if row.outcome == INSERTED:
                held[key] = row.reference
        elif row.outcome is None or row.outcome == DELETED:
            held[key] = None
    return held


def _inserts_and_deletes() -> sa.Select[Any]:
    return (
        sa.select(
            abis_requests.c.device_id,
            abis_requests.c.record_id,
            abis_requests.c.reference,
            abis_requests.c.operation,
            abis_requests.c.outcome,
        )
        .where(abis_requests.c.operation.in_([INSERT, DELETE]))
        .order_by(abis_requests.c.sent_at, abis_requests.c.request_id)
    )


def leaving(store: SqlStore) -> list[tuple[str, str, str]]:
    """(device, record, reference) of each reference the ABIS holds that must leave it.

    A record in :data:`LEAVING` whose last insert the ABIS stored, with no delete sent
    since (or only deletes the ABIS failed): a duplicate closed, a record refused or sent
    back for recapture would otherwise be searched against forever, and a recaptured
    person's new recording would find their old one.
    """
    query = _inserts_and_deletes().join(
        records,
        sa.and_(
            records.c.device_id == abis_requests.c.device_id,
            records.c.record_id == abis_requests.c.record_id,
        ),
    )
    query = query.where(records.c.state.in_([str(s) for s in LEAVING]))
    with store.reading() as conn:
        held = _held_by_abis(conn.execute(query))
    return [(d, r, ref) for (d, r), ref in held.items() if ref is not None]


def submit_delete(
    store: SqlStore, queue: AbisQueue, device_id: str, record_id: str, reference: str
) -> Deleted:
    """A ``mosip.abis.delete`` of the record's reference, entered in the ledger first.

    Looked at again under the lock :func:`submit` takes: two submits at the same moment
    send one delete (the other refuses, :class:`AbisAlreadySent`).
    """
    request = DeleteRequest(str(uuid.uuid4()), _CLOCK.next(), reference)
    prepared = queue.prepare(_file_name(request, 0), abis.encode(request))
    try:
        with _alone(store) as conn:
            _refuse_if_sent(conn, store, device_id, record_id, DELETE)
            conn.execute(
                abis_requests.insert().values(
                    request_id=request.request_id,
                    operation=DELETE,
                    reference=reference,
                    device_id=device_id,
                    record_id=record_id,
                    sent_at=request.requesttime,
                )
            )
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            prepared.unlink()
        raise
    queue.publish(prepared)
    log.info("ABIS: record %s leaves the gallery", record_id)
    return Deleted(device_id, record_id, reference, request.request_id)


def recover(store: SqlStore, queue: AbisQueue) -> int:
    """Finish what a crash left between preparing requests and publishing them."""
    published = 0
    for path in queue.prepared():
        try:
            request: Request | None = abis.parse_request(
                read_queue_file(path, abis.MAX_MESSAGE_BYTES)
            )
        except FileNotFoundError:
            continue
        except AbisMessageError:
            request = None
        known = False
        if request is not None:
            with store.reading() as conn:
                known = (
                    conn.execute(
                        sa.select(abis_requests.c.request_id).where(
                            abis_requests.c.request_id == request.request_id
                        )
                    ).first()
                    is not None
                )
        if known:
            published += queue.publish(path)
        else:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
    return published


def waiting(store: SqlStore) -> list[tuple[str, str]]:
    """Records to send: ACCEPTED, not training, with no identify open or decided.

    A record whose last identify was answered RETRY is waiting again.
    """
    latest = (
        sa.select(
            abis_requests.c.device_id,
            abis_requests.c.record_id,
            abis_requests.c.answered_at,
            abis_requests.c.outcome,
        )
        .where(abis_requests.c.operation == IDENTIFY)
        .order_by(abis_requests.c.sent_at)
    )
    with store.reading() as conn:
        busy: dict[tuple[str, str], bool] = {}
        for row in conn.execute(latest):
            busy[(row.device_id, row.record_id)] = row.outcome != Verdict.RETRY
        rows = conn.execute(
            sa.select(records.c.device_id, records.c.record_id)
            .where(records.c.state == str(RecordState.ACCEPTED), records.c.kid != DEMO_KID)
            .order_by(records.c.received_at, records.c.device_id, records.c.record_id)
        ).all()
    return [(r.device_id, r.record_id) for r in rows if not busy.get((r.device_id, r.record_id))]


def delete_leaving(store: SqlStore, queue: AbisQueue) -> list[Deleted]:
    """A delete for every reference that must leave the ABIS's gallery (:func:`leaving`)."""
    deleted = []
    for row in leaving(store):
        try:
            deleted.append(submit_delete(store, queue, *row))
        except AbisAlreadySent:
            continue  # another submit sent it at the same moment
    return deleted


def submit_waiting(
    store: SqlStore,
    queue: AbisQueue,
    export: Exporter,
    *,
    flags: dict[str, str] | None = None,
    deleted: list[Deleted] | None = None,
) -> tuple[list[Sent], list[tuple[str, str]]]:
    """Every waiting record sent; those that cannot leave listed with their code.

    The deletes go first (into ``deleted`` when given): the ABIS serves by
    ``requesttime``, so a reference leaves the gallery before the next record is
    searched against it.
    """
    recover(store, queue)
    gone = delete_leaving(store, queue)
    if deleted is not None:
        deleted.extend(gone)
    sent: list[Sent] = []
    skipped: list[tuple[str, str]] = []
    for device_id, record_id in waiting(store):
        try:
            sent.append(submit(store, queue, device_id, record_id, export, flags=flags))
        except KnownError as exc:
            log.warning("ABIS: record %s not sent: %s", record_id, exc.code)
            skipped.append((record_id, exc.code))
    return sent, skipped


# --- the data center's side: answers ---------------------------------------------------------


@contextlib.contextmanager
def _alone(store: SqlStore) -> Iterator[Connection]:
    """A write transaction holding SQLite's write lock from its first statement."""
    with store.writing() as conn:
        if store.is_sqlite:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        yield conn


def _person_failure(conn: Connection, reference: str) -> FailureReason | None:
    """The images' own failure an insert of this reference was answered with, if any."""
    outcomes = conn.execute(
        sa.select(abis_requests.c.outcome)
        .where(abis_requests.c.reference == reference, abis_requests.c.operation == INSERT)
        .where(abis_requests.c.outcome.is_not(None))
        .order_by(abis_requests.c.sent_at.desc())
    ).scalars()
    for outcome in outcomes:
        if outcome.startswith("failure:"):
            reason = FailureReason(int(outcome.split(":", 1)[1]))
            return reason if reason in PERSON_FAILURES else None
        return None
    return None


def decision_of(conn: Connection, row: Any, response: Response) -> Decision:
    """What an identify's answer means for the record the ledger's ``row`` names.

    Candidates are mapped back through ``interchange_refs``; the probe's own reference
    is never its own duplicate.  A failure of the images (11, 16, 18; or 12, "not
    found", after an insert that failed so) is an ENROLL_FAILURE with words for the
    team; any other failure (the ABIS down, a reference it could not fetch, a request
    it could not read) decides nothing: RETRY.
    """
    common = {
        "device_id": row.device_id,
        "record_id": row.record_id,
        "reference": row.reference,
        "request_id": row.request_id,
    }
    if not response.succeeded:
        reason = response.failure_reason
        if reason == FailureReason.REFERENCE_ID_NOT_FOUND:
            reason = _person_failure(conn, row.reference) or reason
        if reason in PERSON_FAILURES:
            return Decision(
                **common,
                verdict=Verdict.ENROLL_FAILURE,
                failure=reason,
                words=f"abis.failure_{int(reason)}",
            )
        return Decision(**common, verdict=Verdict.RETRY, failure=reason)
    others = [c for c in response.candidates if c.reference_id != row.reference]
    if not others:
        return Decision(**common, verdict=Verdict.PRINT_READY)
    known = {
        r.reference: (r.device_id, r.record_id)
        for r in conn.execute(
            sa.select(
                interchange_refs.c.reference,
                interchange_refs.c.device_id,
                interchange_refs.c.record_id,
            ).where(interchange_refs.c.reference.in_([c.reference_id for c in others]))
        )
    }
    found = tuple(
        Found(c.reference_id, *known.get(c.reference_id, (None, None)), c.score) for c in others
    )
    return Decision(**common, verdict=Verdict.DUPLICATE, candidates=found)


def _apply(
    store: SqlStore,
    name: str,
    digest: str,
    response: Response,
    apply: ApplyDecision,
) -> Decision | str | None:
    """Apply one parsed answer in one transaction.

    Returns the Decision (identify) or the outcome (insert) when applied now; None when
    this very file was applied before (a crash, or another reader); raises the refusal.
    """
    where = abis_requests.c.request_id == response.request_id
    query = sa.select(abis_requests).where(where)
    if not store.is_sqlite:
        query = query.with_for_update()
    with _alone(store) as conn:
        row = conn.execute(query).first()
        if row is None:
            raise AbisMessageError(
                code="abis_request_unknown", params={"request_id": response.request_id[:64]}
            )
        if row.operation != response.operation:
            raise AbisMessageError(
                code="abis_operation_mismatch",
                params={"request_id": row.request_id, "operation": row.operation},
            )
        if row.answered_at is not None:
            if row.answer_file == name and row.answer_sha256 == digest:
                return None
            raise AbisMessageError(
                code="abis_answer_replayed", params={"request_id": row.request_id}
            )
        result: Decision | str
        reason = response.failure_reason
        if response.operation == INSERT:
            result = (
                INSERTED
                if reason in (None, FailureReason.REFERENCE_ID_EXISTS)
                else f"failure:{int(reason)}"
            )
            outcome = result
        elif response.operation == DELETE:  # 12: the ABIS held nothing to delete
            result = (
                DELETED
                if reason in (None, FailureReason.REFERENCE_ID_NOT_FOUND)
                else f"failure:{int(reason)}"
            )
            outcome = result
        else:
            result = decision_of(conn, row, response)
            outcome = str(result.verdict)
        conn.execute(
            abis_requests.update()
            .where(where, abis_requests.c.answered_at.is_(None))
            .values(
                answered_at=abis.timestamp(),
                answer_file=name,
                answer_sha256=digest,
                outcome=outcome,
            )
        )
        if isinstance(result, Decision):
            apply(conn, result)
    return result


def _read_answers(queue: AbisQueue, out: Collected) -> list[tuple[Path, str, Response]]:
    """Every answer waiting, parsed; a malformed one refused here on its own.

    Inserts first, then identifies, each kind in the folder's order: an identify of a
    reference whose insert failed for its images (11, 16, 18) is answered 12 "not
    found", and only the insert's failure, applied before it, says it is the person's
    images and not the ABIS (:func:`decision_of`).  The answers' file names are their
    random request ids, so the folder's order alone put the identify first half the time.

    Each file is read within the message limit (:func:`read_queue_file`): one of 400 MiB
    is refused by its size, never read into memory.  An answer to a ping, pendingJobs or
    referenceCount is not the data center's (it never asks them): left where it is.
    """
    parsed: list[tuple[Path, str, Response]] = []
    for path in queue.listing(RESPONSES):
        data: bytes | None = None
        try:
            data = read_queue_file(path, abis.MAX_MESSAGE_BYTES)
            response = abis.parse_response(data)
        except FileNotFoundError:  # another reader took it
            continue
        except AbisMessageError as exc:
            if queue.refuse(path, data, exc):
                log.warning("ABIS answer %s refused: %s", path.name, exc.code)
                out.refused.append(Refusal(path.name, exc.code))
            continue
        if response.operation in STATUS_OPERATIONS:
            out.left.append(path.name)
            continue
        parsed.append((path, hashlib.sha256(data).hexdigest(), response))
    parsed.sort(key=lambda answer: answer[2].operation != INSERT)  # stable: inserts first
    return parsed


def collect(store: SqlStore, queue: AbisQueue, apply: ApplyDecision) -> Collected:
    """Every answer in ``responses/`` applied once, or refused on its own."""
    recover(store, queue)
    out = Collected()
    for path, digest, response in _read_answers(queue, out):
        try:
            result = _apply(store, path.name, digest, response, apply)
        except AbisMessageError as exc:
            try:
                data: bytes | None = read_queue_file(path, abis.MAX_MESSAGE_BYTES)
            except FileNotFoundError:  # another reader took it meanwhile
                continue
            except AbisMessageError:
                data = None
            if queue.refuse(path, data, exc):
                log.warning("ABIS answer %s refused: %s", path.name, exc.code)
                out.refused.append(Refusal(path.name, exc.code))
            continue
        except KnownError as exc:  # the hook refused (the record moved on): try again later
            log.warning("ABIS answer %s not applied yet: %s", path.name, exc.code)
            out.deferred.append(Refusal(path.name, exc.code))
            continue
        if result is None:
            out.finished += queue.finish(path)
            continue
        queue.finish(path)
        if isinstance(result, Decision):
            queue.drop_reference(result.reference)
            out.decisions.append(result)
            log.info("ABIS: record %s answered: %s", result.record_id, result.verdict)
        elif response.operation == DELETE:
            out.deletes.append((response.request_id, result))
        else:
            out.inserts.append((response.request_id, result))
    return out


def record_words(decision: Decision, language: str = "id") -> str | None:
    """An ENROLL_FAILURE's words for the team (the laptop shows the Indonesian as is)."""
    if decision.words is None:
        return None
    return catalogue.text(language, decision.words, context="abis")


# --- the ABIS's side ----------------------------------------------------------------------


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
            if self.queue.lock_age(answerer) > _STALE_LOCK_SECONDS:
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


__all__ = [
    "DELETED",
    "INSERTED",
    "LEAVING",
    "MAX_REFERENCE_BYTES",
    "AbisAlreadySent",
    "AbisAnswerer",
    "AbisEngine",
    "AbisQueue",
    "ApplyDecision",
    "Collected",
    "Decision",
    "Deleted",
    "EngineRefused",
    "Found",
    "Refusal",
    "Sent",
    "Verdict",
    "answer_requests",
    "collect",
    "decision_of",
    "delete_leaving",
    "interchange_exporter",
    "leaving",
    "read_queue_file",
    "record_words",
    "recover",
    "submit",
    "submit_delete",
    "submit_waiting",
    "waiting",
]
