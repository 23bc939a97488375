"""Back up the data center while it serves, and restore it onto a fresh one (issue 25).

A backup is one zip file:

* ``backup.json``: the format, when, the schema revision, and the SHA-256 and size of
  every other member (a restore refuses an archive that does not match it);
* ``tables/<table>.jsonl``: every row of every table, one JSON object per line, read in
  one transaction (REPEATABLE READ on PostgreSQL, one read transaction on SQLite), so the
  tables agree with each other while laptops keep pushing;
* ``blobs/<sha256>``: the sealed envelopes those rows name, copied after the rows were
  read (a blob written later belongs to a row the backup does not have);
* ``keys/…`` only with ``--with-keys``, and only when the keys are encrypted with a
  passphrase: otherwise the keys are backed up on their own (``docs/datacenter.md``).

The rows are plain JSON, not a database file, so a backup of the embedded SQLite
restores onto PostgreSQL as well: it is also how an office moves to a bigger engine.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import json
import logging
import os
import stat
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

import sqlalchemy as sa

from fieldkit import safejson
from sync.protocol import SHA256_PATTERN, Reason
from sync.server.blobs import open_blob_store
from sync.server.errors import DataCenterError
from sync.server.store import SqlStore, current_revision, make_data_dir, metadata, records

if TYPE_CHECKING:
    from collections.abc import Iterator

log = logging.getLogger(__name__)

FORMAT = "fieldkit-datacenter-backup/1"
MANIFEST = "backup.json"
#: One member is never bigger than this (a blob's cap is the record cap; a table is rows).
MAX_MEMBER_BYTES = 4 * 1024**3
_KEYS_DIR = "keys"


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    rows: dict[str, int]
    blobs: int
    keys: bool
    revision: str | None

    def as_json(self) -> dict[str, object]:
        return {
            "path": str(self.path),
            "rows": self.rows,
            "blobs": self.blobs,
            "keys": self.keys,
            "revision": self.revision,
        }


def _invalid(problem: str, member: str = "", **params: object) -> DataCenterError:
    """Refused as a whole, naming what is wrong and, when one is, the member."""
    return DataCenterError(
        400,
        Reason.INVALID_REQUEST,
        code="datacenter_backup_invalid",
        params={"problem": problem, "member": f": {member}" if member else "", **params},
    )


@contextlib.contextmanager
def _snapshot(store: SqlStore) -> Iterator[sa.Connection]:
    """One consistent read of every table while the service keeps writing."""
    with store.engine.connect() as conn:
        if store.is_sqlite:
            # Python's sqlite3 begins nothing before a SELECT: say BEGIN, and WAL keeps
            # this transaction's snapshot while the service commits beside it.
            conn.exec_driver_sql("BEGIN")
            try:
                yield conn
            finally:
                conn.rollback()
        else:
            snapshot = conn.execution_options(isolation_level="REPEATABLE READ")
            with snapshot.begin():
                yield snapshot


def create_backup(
    data: Path, database: str, output: Path, *, with_keys: bool = False
) -> BackupSummary:
    """Write a backup of the data center in ``data`` / ``database`` to ``output`` (0600)."""
    store = SqlStore(database)
    blobs = open_blob_store(data)
    members: dict[str, dict[str, object]] = {}
    rows: dict[str, int] = {}
    output.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=output.parent, prefix=f".{output.name}.", suffix=".tmp")
    os.close(fd)
    try:
        with zipfile.ZipFile(temp, "w", zipfile.ZIP_DEFLATED) as archive:
            with _snapshot(store) as conn:
                revision = current_revision(conn)
                for table in metadata.sorted_tables:
                    lines = [
                        json.dumps(dict(row._mapping), ensure_ascii=False)  # noqa: SLF001 - public Row API
                        for row in conn.execute(sa.select(table))
                    ]
                    rows[table.name] = len(lines)
                    _add(archive, members, f"tables/{table.name}.jsonl", "\n".join(lines).encode())
                named = {r.sha256 for r in conn.execute(sa.select(records.c.sha256))}
            for sha256 in sorted(named):
                archive_name = f"blobs/{sha256}"
                _add(archive, members, archive_name, blobs.get(sha256), zipfile.ZIP_STORED)
            keys = with_keys and _add_keys(archive, members, data / _KEYS_DIR)
            manifest = {
                "format": FORMAT,
                "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "revision": revision,
                "rows": rows,
                "members": members,
            }
            archive.writestr(MANIFEST, json.dumps(manifest, indent=1))
        Path(temp).chmod(0o600)
        Path(temp).replace(output)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            Path(temp).unlink()
        raise
    finally:
        store.close()
    log.info("backup of %d rows and %d blobs written", sum(rows.values()), len(named))
    return BackupSummary(output, rows, len(named), keys, revision)


def _add(
    archive: zipfile.ZipFile,
    members: dict[str, dict[str, object]],
    name: str,
    data: bytes,
    compression: int = zipfile.ZIP_DEFLATED,
) -> None:
    archive.writestr(name, data, compress_type=compression)
    members[name] = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}


def _add_keys(archive: zipfile.ZipFile, members: dict[str, dict[str, object]], keys: Path) -> bool:
    """The key files, only when a passphrase encrypts the private ones (else refused)."""
    if not os.environ.get("FIELDKIT_DATACENTER_KEY_PASSPHRASE"):
        raise DataCenterError(
            400, Reason.INVALID_REQUEST, code="datacenter_backup_keys_unprotected"
        )
    for path in sorted(p for p in keys.rglob("*") if p.is_file()):
        _add(
            archive, members, f"{_KEYS_DIR}/{path.relative_to(keys).as_posix()}", path.read_bytes()
        )
    return True


# --- restore -------------------------------------------------------------------------


def _safe_name(name: str) -> bool:
    path = PurePosixPath(name)
    return (
        bool(name)
        and "\\" not in name
        and not path.is_absolute()
        and ".." not in path.parts
        and path.parts[0] in {"tables", "blobs", _KEYS_DIR, MANIFEST}
    )


def _check_members(infos: list[zipfile.ZipInfo]) -> None:
    """No member may be a path out of the archive, a link, a folder, or too large."""
    for info in infos:
        if not _safe_name(info.filename) or info.is_dir():
            raise _invalid("unsafe_member", member=info.filename[:80])
        if stat.S_ISLNK(info.external_attr >> 16):
            raise _invalid("link_member", member=info.filename[:80])
        if info.file_size > MAX_MEMBER_BYTES:
            raise _invalid("member_too_large", member=info.filename[:80])


def _read_checked(archive: zipfile.ZipFile) -> dict[str, bytes]:
    """Every member, checked against the manifest before anything is written."""
    infos = archive.infolist()
    _check_members(infos)
    try:
        manifest = safejson.loads(archive.read(MANIFEST), max_bytes=64 * 1024**2)
    except KeyError:
        raise _invalid("no_manifest") from None
    except safejson.JsonRefused:
        raise _invalid("manifest_unreadable") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _invalid("not_a_backup")
    listed = manifest.get("members")
    if not isinstance(listed, dict):
        raise _invalid("not_a_backup")
    present = {i.filename for i in infos} - {MANIFEST}
    if missing := sorted(set(listed) - present):
        raise _invalid("member_missing", member=missing[0][:80])
    if extra := sorted(present - set(listed)):
        raise _invalid("member_unlisted", member=extra[0][:80])
    contents: dict[str, bytes] = {}
    for name, expected in listed.items():
        try:
            data = archive.read(name)
        except (zipfile.BadZipFile, OSError, EOFError):
            raise _invalid("member_damaged", member=name[:80]) from None
        if (
            not isinstance(expected, dict)
            or expected.get("sha256") != hashlib.sha256(data).hexdigest()
        ):
            raise _invalid("member_damaged", member=name[:80])
        contents[name] = data
    return contents


def restore_backup(
    data: Path, database: str, archive_path: Path, *, force: bool = False
) -> dict[str, int]:
    """Put a backup onto the data center at ``data`` / ``database``; checked before written."""
    try:
        with zipfile.ZipFile(archive_path) as archive:
            contents = _read_checked(archive)
    except (zipfile.BadZipFile, EOFError):
        raise _invalid("not_a_zip") from None
    except OSError as exc:
        raise _invalid("unreadable", member=str(exc.strerror or exc)) from None
    make_data_dir(data)
    store = SqlStore(database)  # migrates a fresh database to this code's schema
    try:
        with store.engine.begin() as conn:
            held = conn.execute(sa.select(sa.func.count()).select_from(records)).scalar_one()
            devices = conn.execute(sa.text("SELECT count(*) FROM devices")).scalar_one()
            if (held or devices) and not force:
                raise DataCenterError(
                    409,
                    Reason.INVALID_REQUEST,
                    code="datacenter_restore_not_empty",
                    params={"records": held, "devices": devices},
                )
            for table in reversed(metadata.sorted_tables):
                conn.execute(table.delete())
            restored = _insert_rows(conn, contents, store.is_sqlite)
        blobs = open_blob_store(data)
        for name, blob in contents.items():
            if name.startswith("blobs/"):
                sha256 = name.removeprefix("blobs/")
                if not SHA256_PATTERN.match(sha256):
                    raise _invalid("unsafe_member", member=name[:80])
                blobs.put(sha256, blob)
        _restore_keys(data, contents)
    finally:
        store.close()
    log.info("restored %d rows from %s", sum(restored.values()), archive_path.name)
    return restored


def _insert_rows(
    conn: sa.Connection, contents: dict[str, bytes], is_sqlite: bool
) -> dict[str, int]:
    restored: dict[str, int] = {}
    for table in metadata.sorted_tables:
        raw = contents.get(f"tables/{table.name}.jsonl", b"")
        rows = [json.loads(line) for line in io.BytesIO(raw).read().decode().splitlines() if line]
        columns = {c.name for c in table.columns}
        if any(not isinstance(r, dict) or set(r) - columns for r in rows):
            raise _invalid("table_unknown_columns", member=table.name)
        if rows:
            conn.execute(table.insert(), rows)
        restored[table.name] = len(rows)
        if not is_sqlite:  # ids given explicitly: the sequences continue after them
            for column in table.columns:
                if column.autoincrement is True and column.primary_key:
                    conn.execute(
                        sa.text(
                            f"SELECT setval(pg_get_serial_sequence('{table.name}', "  # noqa: S608 - names from our own metadata
                            f"'{column.name}'), coalesce(max(\"{column.name}\"), 0) + 1, false) "
                            f"FROM {table.name}"
                        )
                    )
    return restored


def _restore_keys(data: Path, contents: dict[str, bytes]) -> None:
    """Keys from the archive go only into a data folder without any (never over others)."""
    keys = {n: b for n, b in contents.items() if n.startswith(f"{_KEYS_DIR}/")}
    target = data / _KEYS_DIR
    if not keys or any(target.rglob("*.pem")):
        return
    for name, blob in keys.items():
        path = data / name
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        path.write_bytes(blob)
        path.chmod(0o600)
