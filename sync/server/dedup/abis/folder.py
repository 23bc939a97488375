"""The ABIS queue's folder: its sub-folders, its files written whole, read safely.

Both sides of the hand-on (:mod:`.sending`, :mod:`.queue`, :mod:`.answerer`) go through
:class:`AbisQueue`: every file written under a hidden name and renamed into place, every
file read by :func:`read_queue_file` (never through a link, never a pipe, capped by its
size).  The whole protocol is told in :mod:`sync.server.dedup.abis.queue`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import hashlib
import json
import os
import secrets
import stat
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit
from urllib.request import url2pathname

from filelock import FileLock

from fieldkit.durable import O_BINARY, atomic_write, fsync_dir
from sync.protocol import Reason
from sync.server.dedup.abis import messages as abis
from sync.server.dedup.abis.messages import (
    AbisMessageError,
    Request,
)
from sync.server.errors import DataCenterError

if TYPE_CHECKING:
    from fieldkit.errors import KnownError

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
STALE_LOCK_SECONDS = 60.0
#: The most of a reference (an ANSI/NIST-ITL transaction) the ABIS side reads: the
#: record it comes from is at most 64 MiB too (``sync.server.intake.service.MAX_RECORD_BYTES``).
MAX_REFERENCE_BYTES = 64 << 20
#: Open without blocking on a named pipe and without following a link (0 on Windows,
#: where a link is refused by ``lstat`` and a disk holds no pipe).
_O_NONBLOCK: int = getattr(os, "O_NONBLOCK", 0)
_O_NOFOLLOW: int = getattr(os, "O_NOFOLLOW", 0)
#: What ``O_NOFOLLOW`` answers for a link (ELOOP on Linux and macOS, EMLINK on FreeBSD).
_LINK_ERRNOS = frozenset({errno.ELOOP, errno.EMLINK})


@dataclass(frozen=True)
class Refusal:
    """One file refused: its name and the code that says why."""

    file: str
    code: str


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


def file_name(request: Request, order: int) -> str:
    """``<time>-<order>-<operation>-<requestId>.json``: a listing's order is the sending's."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    kind = request.operation.rsplit(".", 1)[-1]
    return f"{stamp}-{order}-{kind}-{_safe(request.request_id)}{MESSAGE_SUFFIX}"
