"""Back up the data center while it serves, and restore it onto a fresh one (issue 25).

A backup is one zip file:

* ``backup.json``: the format, when, the schema revision, the number of rows of each
  table, the SHA-256 and size of every other member, and an HMAC-SHA256 over all of that
  with the data center's ``DATA/keys/backup.key``.  That key is made by the first backup
  and is never in one, so a backup cannot vouch for itself: one altered or made up (a
  laptop planted among the enrolled devices) is refused by a restore that checks it with
  the data center's own key, or with the copy kept offline with the passphrase;
* ``tables/<table>.jsonl``: every row of every table, one JSON object per line, read in
  one transaction (REPEATABLE READ on PostgreSQL, one read transaction on SQLite), so the
  tables agree with each other while laptops keep pushing; but not the console's open
  sessions (:data:`NOT_BACKED_UP`), which a restore leaves empty;
* ``blobs/<sha256>``: the sealed envelopes those rows name, copied after the rows were
  read (a blob written later belongs to a row the backup does not have), each hashed as
  it is read: a damaged one refuses the backup, naming it;
* ``keys/…`` only with ``--with-keys``, and only when every private key is encrypted and
  opens with the passphrase: otherwise the keys are backed up on their own
  (``docs/datacenter.md``), or protected first with ``fieldkit-datacenter keys protect``.

A restore checks everything before it writes anything (the signature, every member's
hash, every blob's name, every row against the schema, no two rows with one key, the
keys), then writes the blobs (remembering which were new), the keys beside their places,
and the rows in one transaction; if any of that fails, the new blobs and keys are removed
again and the target is as it was.

The rows are plain JSON, not a database file, so a backup of the embedded SQLite
restores onto PostgreSQL as well: it is also how an office moves to a bigger engine.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import hmac
import json
import logging
import os
import re
import stat
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from cryptography import x509
from sqlalchemy.exc import DBAPIError, IntegrityError

from fieldkit import safejson
from sync.protocol import SHA256_PATTERN, Reason
from sync.server import keys as keyfiles
from sync.server.errors import BlobStoreFull, DataCenterError
from sync.server.store.blobs import open_blob_store
from sync.server.store.database import SqlStore, make_data_dir
from sync.server.store.schema import current_revision
from sync.server.store.tables import metadata, records

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sync.server.store.blobs import BlobStore

log = logging.getLogger(__name__)

FORMAT = "fieldkit-datacenter-backup/2"
#: Made before backups were signed: nothing vouches for them, so they are refused.
_UNSIGNED_FORMATS = frozenset({"fieldkit-datacenter-backup/1"})
MANIFEST = "backup.json"
#: Where a restore reads the backup key from when ``--backup-key`` is not given.
BACKUP_KEY_ENV = "FIELDKIT_DATACENTER_BACKUP_KEY_FILE"
#: One member is never bigger than this (a blob's cap is the record cap; a table is rows).
MAX_MEMBER_BYTES = 4 * 1024**3
_KEYS_DIR = "keys"
#: The manifest's field that holds the HMAC; everything else in the manifest is signed.
_SIGNATURE = "signature"
_SIGNED_PREFIX = FORMAT.encode() + b"\n"
#: A backup's key files: the CA, the receipt key, the encryption keys by kid.
_KEY_MEMBER = re.compile(
    r"keys/(ca\.pem|ca\.key|receipt\.key|encryption/[A-Za-z0-9._-]{1,64}\.key)"
)
#: Tables whose rows no backup holds and no restore writes.  ``console_sessions`` holds
#: the hash of every open console login's token: a session must not come back to life on
#: a restored data center (whoever still holds the cookie would be logged in again), and
#: a session is worth nothing to keep.  A backup made before this left them out still
#: restores: its sessions are checked like any row, then dropped.
NOT_BACKED_UP = frozenset({"console_sessions"})
#: Columns whose values a refusal may print: ids, never keys, hashes or signatures.
_SHOWABLE = frozenset({"device_id", "record_id", "kid", "seq", "epoch", "cursor", "id"})


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    rows: dict[str, int]
    blobs: int
    keys: bool
    revision: str | None
    backup_key_made: bool = False

    def as_json(self) -> dict[str, object]:
        return {
            "path": str(self.path),
            "rows": self.rows,
            "blobs": self.blobs,
            "keys": self.keys,
            "revision": self.revision,
            "backup_key_made": self.backup_key_made,
        }


def _invalid(problem: str, member: str = "", **params: object) -> DataCenterError:
    """Refused as a whole, naming what is wrong and, when one is, the member."""
    return DataCenterError(
        400,
        Reason.INVALID_REQUEST,
        code="datacenter_backup_invalid",
        params={"problem": problem, "member": f": {member[:120]}" if member else "", **params},
    )


def _signature(manifest: dict[str, Any], key: bytes) -> str:
    """HMAC-SHA256 over the manifest without its signature, in one canonical form."""
    signed = {name: value for name, value in manifest.items() if name != _SIGNATURE}
    return hmac.new(
        key, _SIGNED_PREFIX + safejson.canonical_json(signed), hashlib.sha256
    ).hexdigest()


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
    data: Path,
    database: str,
    output: Path,
    *,
    with_keys: bool = False,
    blobs_url: str | None = None,
) -> BackupSummary:
    """Write a backup of the data center in ``data`` / ``database`` to ``output`` (0600).

    The keys are checked first and the backup key made, so a refusal leaves no file.
    """
    key_files = _key_files(data / _KEYS_DIR) if with_keys else {}
    signing_key, key_made = keyfiles.backup_key(data / _KEYS_DIR)
    store = SqlStore(database)
    blobs = open_blob_store(data, blobs_url)
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
                    if table.name in NOT_BACKED_UP:
                        continue
                    lines = [
                        json.dumps(dict(row._mapping), ensure_ascii=False)  # noqa: SLF001 - public Row API
                        for row in conn.execute(sa.select(table))
                    ]
                    rows[table.name] = len(lines)
                    _add(archive, members, f"tables/{table.name}.jsonl", "\n".join(lines).encode())
                named = {r.sha256 for r in conn.execute(sa.select(records.c.sha256))}
            for sha256 in sorted(named):
                blob = _read_blob(blobs, sha256)
                _add(
                    archive,
                    members,
                    f"blobs/{sha256}",
                    blob,
                    compression=zipfile.ZIP_STORED,
                    digest=sha256,
                )
            for name, content in key_files.items():
                _add(archive, members, name, content)
            manifest: dict[str, Any] = {
                "format": FORMAT,
                "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "revision": revision,
                "rows": rows,
                "members": members,
                "backup_key_id": keyfiles.backup_key_id(signing_key),
            }
            manifest[_SIGNATURE] = _signature(manifest, signing_key)
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
    return BackupSummary(output, rows, len(named), bool(key_files), revision, key_made)


def _read_blob(blobs: BlobStore, sha256: str) -> bytes:
    """A blob whose bytes hash to its name; a missing or damaged one refuses the backup."""
    try:
        blob = blobs.get(sha256)
    except FileNotFoundError:
        raise DataCenterError(
            500,
            Reason.INTERNAL_ERROR,
            code="datacenter_backup_blob_missing",
            params={"blob": sha256},
        ) from None
    except DataCenterError as exc:
        if exc.code != "datacenter_blob_damaged":  # the object store hashes what it reads
            raise
        blob = b""
    if hashlib.sha256(blob).hexdigest() != sha256:
        log.error("blob %s is damaged in the blob store; no backup written", sha256)
        raise DataCenterError(
            500,
            Reason.INTERNAL_ERROR,
            code="datacenter_backup_blob_damaged",
            params={"blob": sha256},
        )
    return blob


def _add(
    archive: zipfile.ZipFile,
    members: dict[str, dict[str, object]],
    name: str,
    data: bytes,
    *,
    compression: int = zipfile.ZIP_DEFLATED,
    digest: str | None = None,
) -> None:
    archive.writestr(name, data, compress_type=compression)
    members[name] = {"sha256": digest or hashlib.sha256(data).hexdigest(), "size": len(data)}


def _key_files(keys: Path) -> dict[str, bytes]:
    """The key files for ``--with-keys``, each private key checked by loading it.

    Every private key must be encrypted and open with the passphrase, or the backup is
    refused before it is begun.

    Not ``backup.key`` (a backup must not carry what vouches for it) nor the TLS key
    ``serve`` issues afresh at every start.
    """
    passphrase = keyfiles.passphrase_from_environment()
    if not passphrase:
        raise DataCenterError(
            400, Reason.INVALID_REQUEST, code="datacenter_backup_keys_unprotected"
        )
    if not (keys / "ca.pem").is_file():
        raise DataCenterError(400, Reason.INVALID_REQUEST, code="datacenter_no_ca")
    found: dict[str, bytes] = {f"{_KEYS_DIR}/ca.pem": (keys / "ca.pem").read_bytes()}
    for path in keyfiles.private_key_files(keys):
        name = path.relative_to(keys).as_posix()
        content = path.read_bytes()
        keyfiles.require_protected(content, name, passphrase)
        found[f"{_KEYS_DIR}/{name}"] = content
    return found


# --- restore -------------------------------------------------------------------------


@dataclass
class _Checked:
    """Everything a restore writes, checked whole before the first write."""

    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    blobs: dict[str, bytes] = field(default_factory=dict)
    keys: dict[str, bytes] = field(default_factory=dict)


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
    seen: set[str] = set()
    for info in infos:
        if not _safe_name(info.filename) or info.is_dir():
            raise _invalid("unsafe_member", member=info.filename[:80])
        if stat.S_ISLNK(info.external_attr >> 16):
            raise _invalid("link_member", member=info.filename[:80])
        if info.file_size > MAX_MEMBER_BYTES:
            raise _invalid("member_too_large", member=info.filename[:80])
        if info.filename in seen:  # a zip may hold one name twice; which one is read?
            raise _invalid("member_twice", member=info.filename[:80])
        seen.add(info.filename)


def _verify(manifest: dict[str, Any], key: bytes | None, key_file: Path) -> None:
    """The manifest carries the HMAC of the backup key we hold, or the backup is refused."""
    given = manifest.get(_SIGNATURE)
    if not isinstance(given, str):
        raise DataCenterError(400, Reason.INVALID_REQUEST, code="datacenter_backup_unsigned")
    if key is None:
        raise DataCenterError(
            400,
            Reason.INVALID_REQUEST,
            code="datacenter_backup_no_key",
            params={"file": key_file, "env": BACKUP_KEY_ENV},
        )
    if hmac.compare_digest(given.encode(), _signature(manifest, key).encode()):
        return
    if manifest.get("backup_key_id") != keyfiles.backup_key_id(key):
        raise DataCenterError(
            400,
            Reason.INVALID_REQUEST,
            code="datacenter_backup_other_key",
            params={"file": key_file},
        )
    raise DataCenterError(400, Reason.INVALID_REQUEST, code="datacenter_backup_signature_wrong")


def _manifest(archive: zipfile.ZipFile) -> dict[str, Any]:
    try:
        manifest = safejson.loads(archive.read(MANIFEST), max_bytes=64 * 1024**2)
    except KeyError:
        raise _invalid("no_manifest") from None
    except safejson.JsonRefused:
        raise _invalid("manifest_unreadable") from None
    if isinstance(manifest, dict) and manifest.get("format") in _UNSIGNED_FORMATS:
        raise DataCenterError(400, Reason.INVALID_REQUEST, code="datacenter_backup_unsigned")
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _invalid("not_a_backup")
    return manifest


def _read_checked(
    archive: zipfile.ZipFile, key: bytes | None, key_file: Path
) -> tuple[dict[str, Any], dict[str, bytes]]:
    """The manifest, verified with the backup key, and every member checked against it."""
    infos = archive.infolist()
    _check_members(infos)
    manifest = _manifest(archive)
    _verify(manifest, key, key_file)
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
    return manifest, contents


def _restore_key(data: Path, backup_key_file: Path | None) -> tuple[bytes | None, Path]:
    """The key to check the backup with: the one given, else the target's own, else none.

    Given: ``--backup-key`` or ``$FIELDKIT_DATACENTER_BACKUP_KEY_FILE`` (the command's).
    """
    if backup_key_file is not None:
        return keyfiles.read_backup_key(backup_key_file), backup_key_file
    own = data / _KEYS_DIR / keyfiles.BACKUP_KEY
    if own.is_file():
        return keyfiles.read_backup_key(own), own
    return None, own


def restore_backup(
    data: Path,
    database: str,
    archive_path: Path,
    *,
    force: bool = False,
    backup_key_file: Path | None = None,
    blobs_url: str | None = None,
) -> dict[str, int]:
    """Put a backup onto the data center at ``data`` / ``database``: all of it or nothing.

    Everything is checked before the first write; the writes are undone if one fails.
    """
    key, key_file = _restore_key(data, backup_key_file)
    try:
        with zipfile.ZipFile(archive_path) as archive:
            manifest, contents = _read_checked(archive, key, key_file)
    except (zipfile.BadZipFile, EOFError):
        raise _invalid("not_a_zip") from None
    except OSError as exc:
        raise _invalid("unreadable", member=str(exc.strerror or exc)) from None
    checked = _checked_contents(manifest, contents)
    own = data / _KEYS_DIR / keyfiles.BACKUP_KEY
    if key is not None and not own.exists():  # the copy given: the next backups use it too
        checked.keys[keyfiles.BACKUP_KEY] = key
    make_data_dir(data)
    store = SqlStore(database)  # migrates a fresh database to this code's schema
    try:
        _refuse_unless_empty(store, force=force)
        restored = _write(data, store, checked, blobs_url)
    finally:
        store.close()
    log.info("restored %d rows from %s", sum(restored.values()), archive_path.name)
    return restored


def _refuse_unless_empty(store: SqlStore, *, force: bool) -> None:
    with store.engine.connect() as conn:
        held = conn.execute(sa.select(sa.func.count()).select_from(records)).scalar_one()
        devices = conn.execute(sa.text("SELECT count(*) FROM devices")).scalar_one()
    if (held or devices) and not force:
        raise DataCenterError(
            409,
            Reason.INVALID_REQUEST,
            code="datacenter_restore_not_empty",
            params={"records": held, "devices": devices},
        )


# --- restore: the checks ---------------------------------------------------------------


def _checked_contents(manifest: dict[str, Any], contents: dict[str, bytes]) -> _Checked:
    """Rows, blobs and keys, each checked; a refusal names the member and never a value."""
    checked = _Checked()
    tables = {table.name: table for table in metadata.sorted_tables}
    counts = manifest.get("rows")
    if not isinstance(counts, dict) or set(counts) - set(tables):
        raise _invalid("table_unknown", member=MANIFEST)
    for name, content in contents.items():
        _check_member(checked, tables, name, content)
    for name, count in counts.items():
        if count != len(checked.rows.get(name, [])):
            raise _invalid("rows_count_mismatch", member=f"tables/{name}.jsonl")
    for table in tables.values():
        _refuse_duplicates(table, checked.rows.get(table.name, []))
    named = {str(row["sha256"]) for row in checked.rows.get(records.name, [])}
    if missing := sorted(named - set(checked.blobs)):
        raise _invalid("blob_missing", member=f"blobs/{missing[0]}")
    if unreferenced := sorted(set(checked.blobs) - named):
        raise _invalid("blob_unreferenced", member=f"blobs/{unreferenced[0]}")
    if checked.keys and not {"ca.pem", "ca.key", "receipt.key"} <= set(checked.keys):
        raise _invalid("keys_incomplete", member=_KEYS_DIR)
    if checked.keys and not any(n.startswith("encryption/") for n in checked.keys):
        raise _invalid("keys_incomplete", member=f"{_KEYS_DIR}/encryption")
    return checked


def _check_member(
    checked: _Checked,
    tables: dict[str, sa.Table],
    name: str,
    content: bytes,
) -> None:
    """One member into ``checked``: a table's rows, a blob, or a key file."""
    if name.startswith("tables/"):
        table_name = name.removeprefix("tables/").removesuffix(".jsonl")
        if table_name not in tables or not name.endswith(".jsonl"):
            raise _invalid("table_unknown", member=name)
        checked.rows[table_name] = _checked_rows(tables[table_name], name, content)
    elif name.startswith("blobs/"):
        sha256 = name.removeprefix("blobs/")
        if not SHA256_PATTERN.fullmatch(sha256) or hashlib.sha256(content).hexdigest() != sha256:
            raise _invalid("blob_name_invalid", member=name)
        checked.blobs[sha256] = content
    else:
        checked.keys[name.removeprefix(f"{_KEYS_DIR}/")] = _checked_key(name, content)


def _checked_rows(table: sa.Table, member: str, content: bytes) -> list[dict[str, Any]]:
    """Each line one JSON object of this table's columns, each value of its column's type."""
    rows: list[dict[str, Any]] = []
    try:
        text = content.decode()
    except UnicodeDecodeError:
        raise _invalid("row_invalid", member=member) from None
    for number, line in enumerate(text.split("\n"), start=1):
        if not line:
            continue
        try:
            row = safejson.loads(line, max_bytes=MAX_MEMBER_BYTES)
        except safejson.JsonRefused:
            raise _invalid("row_invalid", member=f"{member}:{number}") from None
        if not isinstance(row, dict) or not _row_fits(table, row):
            raise _invalid("row_invalid", member=f"{member}:{number}")
        rows.append(row)
    return rows


def _row_fits(table: sa.Table, row: dict[str, Any]) -> bool:
    if set(row) - set(table.columns.keys()):
        return False
    for column in table.columns:
        value = row.get(column.name)
        if value is None:
            if not column.nullable:
                return False
            continue
        try:
            expected = column.type.python_type
        except NotImplementedError:  # pragma: no cover - every column of ours has one
            continue
        if expected is bool:  # a flag: true or false, never 1 or "yes"
            if not isinstance(value, bool):
                return False
            continue
        if isinstance(value, bool) or not isinstance(value, expected):
            return False
        length = getattr(column.type, "length", None)
        if isinstance(value, str) and length is not None and len(value) > length:
            return False
    return True


def _refuse_duplicates(table: sa.Table, rows: list[dict[str, Any]]) -> None:
    """No two rows with one primary key or one value of a unique column.

    Checked here, so a clash is a sentence naming the table, not the database's error
    quoting the rows (a device's public key among them).
    """
    keys = [list(table.primary_key.columns)]
    keys += [list(c.columns) for c in table.constraints if isinstance(c, sa.UniqueConstraint)]
    keys += [list(i.columns) for i in table.indexes if i.unique]
    for columns in keys:
        seen: set[tuple[object, ...]] = set()
        for row in rows:
            value = tuple(row.get(c.name) for c in columns)
            if value in seen:
                names = ", ".join(c.name for c in columns)
                if all(c.name in _SHOWABLE for c in columns):
                    raise DataCenterError(
                        400,
                        Reason.INVALID_REQUEST,
                        code="datacenter_restore_rows_clash",
                        params={
                            "table": table.name,
                            "columns": names,
                            "value": ", ".join(str(v)[:80] for v in value),
                        },
                    )
                raise DataCenterError(
                    400,
                    Reason.INVALID_REQUEST,
                    code="datacenter_restore_rows_clash_withheld",
                    params={"table": table.name, "columns": names},
                )
            seen.add(value)


def _checked_key(member: str, content: bytes) -> bytes:
    """A key file of a data center's own, and only ever an encrypted private key.

    With the passphrase in the environment each must open with it, as ``serve`` would.
    """
    if not _KEY_MEMBER.fullmatch(member):
        raise _invalid("key_unknown", member=member)
    if member.endswith(".pem"):
        try:
            x509.load_pem_x509_certificate(content)
        except ValueError:
            raise _invalid("key_unreadable", member=member) from None
        return content
    passphrase = keyfiles.passphrase_from_environment()
    if not keyfiles.is_encrypted(content):
        raise _invalid("key_in_clear", member=member)
    if passphrase:
        keyfiles.require_protected(content, member, passphrase)
    return content


# --- restore: the writes ---------------------------------------------------------------


def _target_has_keys(keys: Path) -> bool:
    return (keys / "ca.pem").exists() or any(keyfiles.private_key_files(keys))


def _write(data: Path, store: SqlStore, checked: _Checked, blobs_url: str | None) -> dict[str, int]:
    """Blobs, then keys beside their places, then the rows in one transaction.

    Any failure removes the blobs and keys this restore added, and the transaction rolls
    back: the target is as it was, and the restore can be run again.
    """
    keys = data / _KEYS_DIR
    blobs = open_blob_store(data, blobs_url)
    new_blobs: list[str] = []
    has_keys = _target_has_keys(keys)
    install = {
        name: content
        for name, content in checked.keys.items()
        if name == keyfiles.BACKUP_KEY or not has_keys
    }
    staged = keyfiles.StagedKeys()
    try:
        for sha256, blob in checked.blobs.items():
            if not blobs.exists(sha256):
                new_blobs.append(sha256)  # before the put: one cut short is undone too
                blobs.put(sha256, blob, digest_checked=True)
        staged = keyfiles.stage_key_files(keys, install)
        with store.engine.begin() as conn:
            for table in reversed(metadata.sorted_tables):
                conn.execute(table.delete())
            restored = _insert_rows(conn, checked.rows, is_sqlite=store.is_sqlite)
    except BaseException as exc:
        staged.discard()
        _remove_new_blobs(blobs, new_blobs)
        if isinstance(exc, BlobStoreFull):
            raise DataCenterError(
                507, Reason.DISK_FULL, code="datacenter_restore_blobs_full"
            ) from None
        if isinstance(exc, DBAPIError):  # its message would quote the rows: not shown
            log.warning("the database failed the restore: %s", type(exc.orig).__name__)
            raise DataCenterError(
                500,
                Reason.INTERNAL_ERROR,
                code="datacenter_restore_database_failed",
                params={"error": type(exc.orig).__name__},
            ) from None
        raise
    staged.commit()
    return restored


def _remove_new_blobs(blobs: BlobStore, names: list[str]) -> None:
    for sha256 in names:
        try:
            blobs.delete(sha256)
        except (OSError, DataCenterError):  # left for the sweep: no row points at it
            log.warning("could not remove blob %s after a failed restore", sha256)
    if names:
        log.info("removed the %d blobs a failed restore had added", len(names))


def _insert_rows(
    conn: sa.Connection, rows: dict[str, list[dict[str, Any]]], *, is_sqlite: bool
) -> dict[str, int]:
    restored: dict[str, int] = {}
    for table in metadata.sorted_tables:
        if table.name in NOT_BACKED_UP:  # emptied above, like every table, and left so
            continue
        table_rows = rows.get(table.name, [])
        try:
            if table_rows:
                conn.execute(table.insert(), table_rows)
        except IntegrityError as exc:
            # The database's message quotes the rows (device keys among them): not shown.
            log.warning("the database refused table %s: %s", table.name, type(exc.orig).__name__)
            raise DataCenterError(
                409,
                Reason.INVALID_REQUEST,
                code="datacenter_restore_database_refused",
                params={"table": table.name},
            ) from None
        restored[table.name] = len(table_rows)
    if not is_sqlite:  # ids given explicitly: the sequences continue after them
        for table in metadata.sorted_tables:
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
