"""The Operations screen (``/operasi``): readiness, version, and making and listing backups.

Readiness is what ``GET /v1/ready`` checks (the database answers at this code's schema,
the sealed-record store takes a write), checked again when the page is opened, and the
keys beside it (loaded, protected by the passphrase or not, the backup key made yet).

"Make a backup" runs :func:`sync.server.operations.backup.create_backup` as ``fieldkit-datacenter
backup`` does, without the keys (``--with-keys`` asks for the passphrase, which the
service does not hand to a web page), into ``DATA/backups`` under a name made of the
time.  A backup of a large office takes minutes: it runs in the thread pool while the
page waits, and a lock file beside the backups (an OS lock, ``filelock``, released if
the process dies) lets one run at a time in every worker; a second click while one
runs is refused with a message, not queued.  Restoring stays a command on the server:
the page shows it.

Who may do what: everyone may read the page; only an administrator may make a backup.
Each backup is a full copy of the office's sealed records and of every account's
password hash, and it takes as much disk as the records themselves: on the data
center's own disk, a few clicks too many would stop the laptops' pushes.  Each backup
made is written to ``console_audit`` with the account's name.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from fastapi import Request  # noqa: TC002 - FastAPI reads the routes' annotations at runtime
from fastapi.responses import Response  # noqa: TC002 - as Request
from filelock import FileLock, Timeout
from sqlalchemy.exc import SQLAlchemyError
from starlette.concurrency import run_in_threadpool

from fieldkit._version import __version__
from sync.server import keys as keyfiles
from sync.server.accounts.trail import write_audit
from sync.server.console import operations_sentences  # noqa: F401 - registers the English
from sync.server.console.formats import moment_text, number_text
from sync.server.console.pages import (
    console_of,
    current_session,
    is_admin,
    language,
    posted_form,
    redirect,
    render,
    words,
)
from sync.server.errors import DataCenterError
from sync.server.operations.backup import create_backup
from sync.server.store.schema import known_revisions

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from fastapi import FastAPI

    from sync.server.console.sessions import Session
    from sync.server.intake.service import DataCenter
    from sync.server.operations.backup import BackupSummary

log = logging.getLogger(__name__)

__all__ = ["BACKUPS", "LOCK_FILE", "install", "list_backups"]

#: The folder under the data directory where the console writes its backups.
BACKUPS = "backups"
#: Held while a backup is being made, by whichever worker makes it.
LOCK_FILE = ".making-backup.lock"
#: ``fieldkit-backup-20260514-100203.zip`` (UTC), ``-2`` and on when a second has two.
_NAME = re.compile(r"fieldkit-backup-\d{8}-\d{6}(-\d{1,3})?\.zip")
_MADE = "backup_made"
_MB = 1e6


@dataclass(frozen=True)
class BackupFile:
    name: str
    made: str
    #: The size in the unit that reads best: ``kb`` below a megabyte, else ``mb``.
    size: str
    unit: str
    mtime: float


@dataclass(frozen=True)
class Part:
    """One line of readiness: its name, ``ok``/``failed``/``warn``, and what was found."""

    label: str
    state: str
    found: str


def backups_folder(datacenter: DataCenter) -> Path:
    return datacenter.data_dir / BACKUPS


def list_backups(folder: Path, language: str = "id") -> list[BackupFile]:
    """The backups in ``folder``, newest first; half-written ones (dot files) are not.

    Each one's time and size read as the page's language writes them (``1,5`` MB).
    """
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        if not _NAME.fullmatch(path.name) or not path.is_file():
            continue
        info = path.stat()
        megabytes = info.st_size >= _MB
        found.append(
            BackupFile(
                name=path.name,
                made=moment_text(dt.datetime.fromtimestamp(info.st_mtime, dt.UTC)),
                size=number_text(info.st_size / _MB, 1, language)
                if megabytes
                else number_text(info.st_size / 1e3, 0, language),
                unit="mb" if megabytes else "kb",
                mtime=info.st_mtime,
            )
        )
    return sorted(found, key=lambda b: (b.mtime, b.name), reverse=True)


def _free_name(folder: Path, now: dt.datetime) -> Path:
    stem = f"fieldkit-backup-{now:%Y%m%d-%H%M%S}"
    candidate = folder / f"{stem}.zip"
    number = 1
    while candidate.exists():
        number += 1
        candidate = folder / f"{stem}-{number}.zip"
    return candidate


def make_backup(datacenter: DataCenter, actor: str) -> BackupSummary | None:
    """One backup into ``DATA/backups``, audited; None when another is being made."""
    folder = backups_folder(datacenter)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    lock = FileLock(folder / LOCK_FILE, mode=0o600, thread_local=False)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        log.info("console: %s asked for a backup while one is being made", actor)
        return None
    try:
        output = _free_name(folder, dt.datetime.now(dt.UTC))
        summary = create_backup(datacenter.data_dir, datacenter.store.url, output, with_keys=False)
        with datacenter.store.writing() as conn:
            write_audit(
                conn,
                time.time(),
                actor=actor,
                action=_MADE,
                account=actor,
                detail=f"{output.name}: {sum(summary.rows.values())} rows, {summary.blobs} blobs",
            )
    finally:
        lock.release()
    return summary


def backup_running(datacenter: DataCenter) -> bool:
    """Whether a backup is being made now, by this worker or another."""
    folder = backups_folder(datacenter)
    if not folder.is_dir():
        return False
    lock = FileLock(folder / LOCK_FILE, mode=0o600, thread_local=False)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        return True
    lock.release()
    return False


def readiness(datacenter: DataCenter, t: Callable[..., str]) -> tuple[bool, list[Part]]:
    """What ``/v1/ready`` checks, and the keys; ready as ``/v1/ready`` would answer."""
    head = known_revisions()[-1]
    parts = []
    try:
        schema = datacenter.store.schema_revision()
    except SQLAlchemyError as exc:
        parts.append(
            Part(
                t("console_operations.part_database"),
                "failed",
                t("console_operations.database_unreachable", error=type(exc).__name__),
            )
        )
    else:
        engine = "SQLite" if datacenter.store.is_sqlite else "PostgreSQL"
        if schema == head:
            found = t("console_operations.database_ok", engine=engine, revision=schema)
            parts.append(Part(t("console_operations.part_database"), "ok", found))
        else:
            found = t(
                "console_operations.database_schema_other",
                revision=schema or t("console_operations.unknown"),
                head=head,
            )
            parts.append(Part(t("console_operations.part_database"), "failed", found))
    blobs_ok = datacenter.blobs.problem() is None
    parts.append(
        Part(
            t("console_operations.part_blobs"),
            "ok" if blobs_ok else "failed",
            t("console_operations.blobs_ok" if blobs_ok else "console_operations.blobs_failed"),
        )
    )
    ready = all(part.state == "ok" for part in parts)
    keys_dir = datacenter.keys.directory
    clear = [
        path
        for path in keyfiles.private_key_files(keys_dir)
        if not keyfiles.is_encrypted(path.read_bytes()[:64])
    ]
    kid = datacenter.keys.active_kid
    parts.append(
        Part(
            t("console_operations.part_keys"),
            "warn" if clear else "ok",
            t("console_operations.keys_clear", kid=kid, count=len(clear))
            if clear
            else t("console_operations.keys_protected", kid=kid),
        )
    )
    backup_key = keys_dir / keyfiles.BACKUP_KEY
    there = backup_key.is_file()
    parts.append(
        Part(
            t("console_operations.part_backup_key"),
            "ok" if there else "warn",
            t("console_operations.backup_key_there", file=backup_key)
            if there
            else t("console_operations.backup_key_none"),
        )
    )
    return ready, parts


def _page_values(datacenter: DataCenter, t: Callable[..., str], lang: str) -> dict[str, Any]:
    ready, parts = readiness(datacenter, t)
    try:
        schema = datacenter.store.schema_revision()
    except SQLAlchemyError:
        schema = None
    folder = backups_folder(datacenter)
    return {
        "ready": ready,
        "parts": parts,
        "version": __version__,
        "schema": schema or t("console_operations.unknown"),
        "known": known_revisions(),
        "folder": folder,
        "keys": datacenter.keys.directory,
        "backup_key": datacenter.keys.directory / keyfiles.BACKUP_KEY,
        "backups": list_backups(folder, lang),
        "running": backup_running(datacenter),
    }


async def operations_page(request: Request) -> Response:
    """``GET /operasi``: readiness, version, the backups; and a backup just made."""
    session = await current_session(request)
    if session is None:
        return redirect("/masuk")
    datacenter = console_of(request).datacenter
    lang = language(request)[0]
    t = words(lang)
    values = await run_in_threadpool(_page_values, datacenter, t, lang)
    message = None
    query = request.query_params
    made, rows, blobs = query.get("nama", ""), query.get("baris", ""), query.get("rekaman", "")
    # Said only of a backup in the list, with numbers: a made-up link says nothing.
    if made in {b.name for b in values["backups"]} and rows.isdigit() and blobs.isdigit():
        # Counts, written as the page's language groups them (100.000 baris).
        message = t("console_operations.made", name=made, rows=int(rows), blobs=int(blobs))
    return render(
        request,
        "operations.html",
        session=session,
        current="operations",
        may_make=is_admin(session),
        message=message,
        key_made=message is not None and query.get("kunci") == "1",
        error=None,
        **values,
    )


async def make_backup_now(request: Request) -> Response:
    """``POST /operasi/cadangan``: one backup, made while the page waits; refused if busy."""
    posted = await posted_form(request, admins_only=True)
    if not isinstance(posted, tuple):
        return posted
    session, _form = posted
    datacenter = console_of(request).datacenter
    try:
        summary = await run_in_threadpool(make_backup, datacenter, session.account)
    except (DataCenterError, OSError, SQLAlchemyError):
        log.exception("console: the backup %s asked for failed", session.account)
        return await _refused(request, session, "console_operations.failed", 500)
    if summary is None:
        return await _refused(request, session, "console_operations.busy", 409)
    return redirect(
        f"/operasi?nama={summary.path.name}&baris={sum(summary.rows.values())}"
        f"&rekaman={summary.blobs}&kunci={int(summary.backup_key_made)}"
    )


async def _refused(request: Request, session: Session, code: str, status: int) -> Response:
    lang = language(request)[0]
    t = words(lang)
    values = await run_in_threadpool(_page_values, console_of(request).datacenter, t, lang)
    return render(
        request,
        "operations.html",
        status,
        session=session,
        current="operations",
        may_make=True,
        message=None,
        key_made=False,
        error=code,
        **values,
    )


def install(app: FastAPI) -> None:
    """``GET /operasi`` and ``POST /operasi/cadangan`` (make a backup, admins only)."""
    app.add_api_route("/operasi", operations_page, methods=["GET"], include_in_schema=False)
    app.add_api_route(
        "/operasi/cadangan", make_backup_now, methods=["POST"], include_in_schema=False
    )
