"""Importing USB exports: the offline road from a laptop to the data center.

A laptop that cannot reach the data center writes an export folder:

    DIR/<device_id>/<export_id>/manifest.json   canonical JSON, what is in the export
    DIR/<device_id>/<export_id>/manifest.sig    base64 Ed25519 by the device key over it
    DIR/<device_id>/<export_id>/records/<record_id>.sealed

The manifest and its signature stand in for HTTP's signed request headers;
each record then goes through ``DataCenter.ingest``, the very code an HTTP
upload runs (hash, size, signature, kid, decryption, validation, idempotency,
conflicts, durable storage).  The answer goes back into the same folder as
``receipts.json``, written atomically, so the laptop can purge what was
accepted when the stick comes back.  Re-importing the same folder is harmless.

Whoever held the stick may have put anything on it, so every file is opened
as a regular file or not at all: without blocking (a named pipe would hang the
import), without following a symbolic link, its size checked with ``fstat``
before a byte is read, and never more read than its cap.  A link anywhere
below the folder the operator named refuses the export it is in.
"""

from __future__ import annotations

import binascii
import errno
import json
import logging
import os
import stat
import uuid
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import ed25519

from fieldkit import safejson, sentences
from fieldkit.durable import O_BINARY, fsync_dir
from fieldkit.errors import KnownError
from sync.office_package import MAX_HEALTH_BYTES
from sync.protocol import (
    AUDIT_ANSWER_FILE,
    MAX_AUDIT_PROOFS,
    RECORD_ID_PATTERN,
    AuditAnswer,
    AuditProof,
    AuditReport,
    Reason,
    RecordState,
    b64decode,
)
from sync.server.errors import DataCenterError
from sync.server.office.stick import is_link as _is_link
from sync.server.office.stick import refuse_links
from sync.server.office.stick import unreadable as _unreadable
from sync.server.store.rows import Announcement

if TYPE_CHECKING:
    from pathlib import Path

    from sync.server.intake.service import DataCenter
    from sync.server.store.rows import Device

log = logging.getLogger(__name__)

MANIFEST = "manifest.json"
#: The laptop's health report (protocol §14.1) and its device signature, beside the manifest.
HEALTH = "health.json"
HEALTH_SIGNATURE = "health.sig"
MANIFEST_SIGNATURE = "manifest.sig"
RECEIPTS = "receipts.json"
#: The data center's word on the laptop's audit log, beside the receipts (``intake.anchors``).
AUDIT_ANSWER = AUDIT_ANSWER_FILE
RECORDS = "records"
EXPORT_VERSION = 1
#: ``receipts.json`` state of a record that was not stored (no receipt): fix it and export again.
REFUSED = "REFUSED"
#: A manifest.json larger than this is not a FieldKit export (1000s of records fit in 1 MiB).
MAX_MANIFEST_BYTES = 16 * 1024 * 1024
#: manifest.sig is base64 of a 64-byte signature (88 characters); anything larger is not one.
MAX_SIGNATURE_BYTES = 1024
#: ``receipts.json`` reason of the second and later lines of one record id in one manifest:
#: only the USB import gives it (one HTTP manifest entry is one upload), always REFUSED.
DUPLICATE_IN_MANIFEST = "duplicate_in_manifest"
#: Open a file from a stick without blocking on a named pipe and without following a link.
#: Both are 0 on Windows, which has no pipes on a disk; there a link is refused by ``lstat``.
_O_NONBLOCK: int = getattr(os, "O_NONBLOCK", 0)
_O_NOFOLLOW: int = getattr(os, "O_NOFOLLOW", 0)
#: What ``O_NOFOLLOW`` answers for a link (ELOOP on Linux and macOS, EMLINK on FreeBSD).
_LINK_ERRNOS = frozenset({errno.ELOOP, errno.EMLINK})


@dataclass
class RecordOutcome:
    """One line of ``receipts.json``."""

    record_id: str
    #: ACCEPTED or REJECTED (with a signed receipt), or REFUSED (not stored, no receipt).
    state: str
    reason: str | None
    message: str | None
    receipt: dict[str, Any] | None


@dataclass
class ExportOutcome:
    """What became of one export folder."""

    path: str
    device_id: str | None
    #: Set when the whole export was refused (bad signature, unknown device, ...).
    reason: str | None = None
    message: str | None = None
    records: list[RecordOutcome] = field(default_factory=list)
    receipts_written: bool = False
    #: What the data center found in the laptop's audit log (``None``: no report in the export).
    audit: list[str] | None = None
    #: The laptop's health report (§14.1): ``stored``, ``refused``, or None when absent.
    health: str | None = None
    #: Why the health report was refused (its sentence); the records are not touched.
    health_message: str | None = None

    def count(self, state: str) -> int:
        return sum(1 for r in self.records if r.state == state)

    @property
    def complete(self) -> bool:
        """Every record has a final answer with a receipt (ACCEPTED or REJECTED)."""
        return self.reason is None and self.receipts_written and self.count(REFUSED) == 0


def find_exports(root: Path) -> list[Path]:
    """``root`` may be one export folder, or a stick holding ``<device_id>/<export_id>/``."""
    # Not ``is_file()``: a manifest that is a pipe, a device or a link is an export to
    # refuse with a reason, not one to pass over in silence.
    if os.path.lexists(root / MANIFEST):
        return [root]
    return sorted(
        path.parent
        for path in root.glob(f"*/*/{MANIFEST}")
        # ``.<export_id>.partial``: the laptop is still writing it (or was cut off).
        if not any(part.startswith(".") for part in path.parts[-3:-1])
    )


def import_tree(datacenter: DataCenter, root: Path) -> list[ExportOutcome]:
    try:
        exports = find_exports(root)
    except OSError:
        raise DataCenterError(
            400, Reason.FILE_UNREADABLE, code="usb_folder_unreadable", params={"root": root}
        ) from None
    if not exports:
        raise DataCenterError(
            400, Reason.INVALID_REQUEST, code="usb_no_export", params={"root": root}
        )
    return [import_export(datacenter, folder, root) for folder in exports]


def _refused(folder: Path, device_id: str | None, exc: DataCenterError) -> ExportOutcome:
    log.warning("export %s refused: %s", folder.name, exc.reason)
    return ExportOutcome(str(folder), device_id, str(exc.reason), exc.message)


def import_export(datacenter: DataCenter, folder: Path, root: Path | None = None) -> ExportOutcome:
    """Import one export folder; a refusal of it never stops the exports after it.

    ``root`` is the folder the operator named, when ``folder`` was found below it: no
    folder between the two may be a link.  A bug met on the way is logged with its
    traceback and this export is refused as ``internal_error``; the other exports on
    the stick are still imported.
    """
    try:
        return _import_export(datacenter, folder, root or folder)
    except Exception:
        log.exception("bug while importing export %s; it was refused", folder.name)
        return ExportOutcome(
            str(folder),
            None,
            str(Reason.INTERNAL_ERROR),
            sentences.english("errors", "datacenter_export_bug"),
        )


def _import_export(datacenter: DataCenter, folder: Path, root: Path) -> ExportOutcome:
    """Import one export folder; a whole-export refusal stores nothing and writes no receipts."""
    device_id: str | None = None
    try:
        _check_no_links(root, folder)
        manifest, raw = _read_manifest(folder)
        device_id = manifest["device_id"]
        device = _check_device(datacenter, folder, manifest, raw)
    except DataCenterError as exc:
        return _refused(folder, device_id, exc)
    outcome = ExportOutcome(str(folder), device.device_id)
    outcome.records = _import_records(datacenter, device, folder, manifest["records"])
    answer = _check_audit(datacenter, device, manifest.get("audit"))
    if answer is not None:
        outcome.audit = [str(f.problem) for f in answer.findings]
        try:
            _write_atomically(folder / AUDIT_ANSWER, json.dumps(asdict(answer)).encode() + b"\n")
        except OSError as exc:  # the laptop's next export or push carries the report again
            log.warning("could not write %s in %s: %s", AUDIT_ANSWER, folder.name, exc.strerror)
    outcome.health, outcome.health_message = _import_health(datacenter, device, folder)
    try:
        _write_atomically(
            folder / RECEIPTS,
            json.dumps([asdict(r) for r in outcome.records], indent=1).encode() + b"\n",
        )
        outcome.receipts_written = True
    except OSError as exc:
        # The records are stored; a re-import of the folder answers with the same receipts.
        log.error("could not write %s in export %s: %s", RECEIPTS, folder.name, exc.strerror)  # noqa: TRY400 - an environment error, not a bug
        outcome.message = sentences.english(
            "errors", "datacenter_receipts_not_written", {"file": RECEIPTS}
        )
    log.info(
        "imported export %s of %s: %d accepted, %d rejected, %d refused",
        folder.name,
        device.device_id,
        outcome.count(RecordState.ACCEPTED),
        outcome.count(RecordState.REJECTED),
        outcome.count(REFUSED),
    )
    return outcome


def _check_audit(datacenter: DataCenter, device: Device, raw: object) -> AuditAnswer | None:
    """Hold the export's audit report (signed with its manifest) against the laptop's anchors.

    An older laptop's export has none; a malformed one is logged and skipped.  Neither
    touches the records, which were imported already.
    """
    if raw is None:
        return None
    try:
        proofs = raw.get("proofs", []) if isinstance(raw, dict) else None
        if not isinstance(raw, dict) or not isinstance(proofs, list):
            raise TypeError  # noqa: TRY301 - one refusal for every wrong shape
        report = AuditReport(
            head_seq=raw["head_seq"],
            head_hash=raw["head_hash"],
            proofs=[AuditProof(p["seq"], p["hash"]) for p in proofs[: MAX_AUDIT_PROOFS + 1]],
            problem=raw.get("problem"),
            problem_seq=raw.get("problem_seq"),
        )
        return datacenter.audit_report(device, report, via="usb")
    except (KeyError, TypeError):
        log.warning("the audit report in an export of %s is malformed; ignored", device.device_id)
    except DataCenterError as exc:
        log.warning("the audit report in an export of %s refused: %s", device.device_id, exc.reason)
    return None


def _import_health(
    datacenter: DataCenter, device: Device, folder: Path
) -> tuple[str | None, str | None]:
    """Keep the export's ``health.json`` if the laptop's key signed it (``health.sig``).

    Read like the manifest (no link, a regular file, capped); a bad one is refused alone,
    never the records, which were imported already.
    """
    if not os.path.lexists(folder / HEALTH):
        return None, None
    try:
        raw = _read_capped(folder / HEALTH, HEALTH, MAX_HEALTH_BYTES)
        text = _read_capped(folder / HEALTH_SIGNATURE, HEALTH_SIGNATURE, MAX_SIGNATURE_BYTES)
        signature = b64decode(text.decode("ascii").strip())
        ed25519.Ed25519PublicKey.from_public_bytes(b64decode(device.public_key)).verify(
            signature, raw
        )
    except DataCenterError as exc:
        return _health_refused(device, exc)
    except (OSError, UnicodeDecodeError, binascii.Error, ValueError, InvalidSignature):
        return _health_refused(device, DataCenterError(401, Reason.AUTH_INVALID))
    try:
        report = safejson.loads(raw, max_bytes=MAX_HEALTH_BYTES)
        datacenter.laptop_health(device, report, via="usb")
    except safejson.JsonRefused as exc:
        return _health_refused(device, _invalid(exc.code))
    except DataCenterError as exc:
        return _health_refused(device, exc)
    return "stored", None


def _health_refused(device: Device, exc: DataCenterError) -> tuple[str, str]:
    log.warning("the health report in an export of %s refused: %s", device.device_id, exc.reason)
    return "refused", exc.message


def _invalid(problem: str, **params: object) -> DataCenterError:
    """An export the data center refuses; ``problem`` is a short code naming what is wrong."""
    return DataCenterError(
        400,
        Reason.INVALID_REQUEST,
        code="usb_export_invalid",
        params={"problem": problem, "file": MANIFEST, **params},
    )


def _link_refused(name: str) -> DataCenterError:
    return DataCenterError(400, Reason.FILE_UNREADABLE, code="usb_symlink", params={"name": name})


def _too_large(name: str, cap: int) -> DataCenterError:
    return DataCenterError(
        400, Reason.INVALID_REQUEST, code="usb_file_too_large", params={"name": name, "max": cap}
    )


def _check_no_links(root: Path, folder: Path) -> None:
    """No folder from below ``root`` down to ``folder``, nor its ``records/``, is a link.

    A link would let the stick point the import at any file or folder of this machine.
    """
    refuse_links(root, folder)
    try:
        info = os.lstat(folder / RECORDS)
    except FileNotFoundError:
        return  # no records/: each record is then refused as file_missing
    except OSError as exc:
        raise _unreadable(RECORDS, exc) from None
    if _is_link(info):
        raise _link_refused(RECORDS)


def _open_regular(path: Path, name: str) -> tuple[int, os.stat_result]:
    """A file of the stick opened for reading, and its ``fstat``: a regular file or a refusal.

    Never blocks (a named pipe opens at once with ``O_NONBLOCK``) and never follows a
    link (``O_NOFOLLOW``; on Windows, which has no such flag, ``lstat`` first).  An
    ``OSError`` (missing, unreadable) is the caller's to word.
    """
    if _is_link(os.lstat(path)):
        raise _link_refused(name)
    try:
        fd = os.open(path, os.O_RDONLY | O_BINARY | _O_NONBLOCK | _O_NOFOLLOW)
    except OSError as exc:
        if exc.errno in _LINK_ERRNOS:  # it became a link after the lstat
            raise _link_refused(name) from None
        raise
    try:
        info = os.fstat(fd)
    except BaseException:
        os.close(fd)
        raise
    if not stat.S_ISREG(info.st_mode):  # a folder, a named pipe, a device
        os.close(fd)
        raise DataCenterError(
            400, Reason.FILE_UNREADABLE, code="usb_file_not_regular", params={"name": name}
        )
    return fd, info


def _read_capped(path: Path, name: str, cap: int) -> bytes:
    """All of a small file of the stick: refused by its size before it is read, then by length."""
    fd, info = _open_regular(path, name)
    with os.fdopen(fd, "rb") as handle:
        if info.st_size > cap:
            raise _too_large(name, cap)
        data = handle.read(cap + 1)  # a file that grew since fstat is still read no further
    if len(data) > cap:
        raise _too_large(name, cap)
    return data


def _read_manifest(folder: Path) -> tuple[dict[str, Any], bytes]:
    """The manifest's fields, checked for shape; the signature is checked with the device."""
    try:
        raw = _read_capped(folder / MANIFEST, MANIFEST, MAX_MANIFEST_BYTES)
        manifest = safejson.loads(raw, max_bytes=MAX_MANIFEST_BYTES)
    except OSError:
        raise _invalid(f"json_{safejson.JsonReason.UNREADABLE.value}") from None
    except safejson.JsonRefused as exc:
        raise _invalid(exc.code) from None
    version = manifest.get("version") if isinstance(manifest, dict) else None
    if not isinstance(manifest, dict) or type(version) is not int or version != EXPORT_VERSION:
        raise _invalid("manifest_version", expected=EXPORT_VERSION)
    for name in ("device_id", "device_public_key", "exported_at"):
        if not isinstance(manifest.get(name), str):
            raise _invalid("manifest_field_missing", field=name)
    records = manifest.get("records")
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise _invalid("manifest_records_missing")
    return manifest, raw


def _check_device(
    datacenter: DataCenter, folder: Path, manifest: dict[str, Any], raw: bytes
) -> Device:
    """The same refusals as a signed HTTP request: unknown, revoked, or not signed by its key."""
    device = datacenter.store.device(manifest["device_id"])
    if device is None:
        raise DataCenterError(
            401,
            Reason.DEVICE_UNKNOWN,
        )
    if device.revoked_at is not None:
        raise DataCenterError(
            403,
            Reason.DEVICE_REVOKED,
        )
    enrolled = b64decode(device.public_key)
    try:
        declared = b64decode(manifest["device_public_key"])
    except (binascii.Error, ValueError):
        declared = b""
    if declared != enrolled:
        raise DataCenterError(
            401,
            Reason.AUTH_INVALID,
        )
    try:
        text = _read_capped(folder / MANIFEST_SIGNATURE, MANIFEST_SIGNATURE, MAX_SIGNATURE_BYTES)
        signature = b64decode(text.decode("ascii").strip())
        ed25519.Ed25519PublicKey.from_public_bytes(enrolled).verify(signature, raw)
    except (OSError, UnicodeDecodeError, binascii.Error, ValueError, InvalidSignature):
        raise DataCenterError(
            401,
            Reason.AUTH_INVALID,
        ) from None
    return device


def _entry(device: Device, line: dict[str, Any]) -> tuple[Announcement, str]:
    """A manifest line as the announcement HTTP would have made, plus its outer signature."""
    texts = {name: line.get(name) for name in ("record_id", "sha256", "kid", "signature")}
    numbers = {name: line.get(name) for name in ("seq", "size")}
    text = {k: v for k, v in texts.items() if isinstance(v, str)}
    number = {k: v for k, v in numbers.items() if isinstance(v, int) and not isinstance(v, bool)}
    if len(text) != len(texts) or len(number) != len(numbers):
        raise _invalid("manifest_entry_incomplete")
    entry = Announcement(
        device_id=device.device_id,
        record_id=text["record_id"],
        seq=number["seq"],
        sha256=text["sha256"],
        size=number["size"],
        kid=text["kid"],
    )
    return entry, text["signature"]


def _import_records(
    datacenter: DataCenter, device: Device, folder: Path, lines: list[dict[str, Any]]
) -> list[RecordOutcome]:
    outcomes: list[RecordOutcome] = []
    disk_full: DataCenterError | None = None
    seen: set[str] = set()
    for index, line in enumerate(lines):
        raw_id = line.get("record_id")
        # Echoed (receipts.json, the output, the log) only if it could be a record's id: a
        # line's megabyte of text is named by its place in the manifest instead.
        valid = isinstance(raw_id, str) and RECORD_ID_PATTERN.match(raw_id) is not None
        record_id = raw_id if isinstance(raw_id, str) and valid else f"#{index}"
        if record_id in seen:  # the first line has its answer; a second could contradict it
            log.info("record %s of export %s refused: listed twice", record_id, folder.name)
            words = sentences.english(
                "errors", "usb_duplicate_in_manifest", {"record_id": record_id}
            )
            outcomes.append(RecordOutcome(record_id, REFUSED, DUPLICATE_IN_MANIFEST, words, None))
            continue
        if valid:
            seen.add(record_id)
        try:
            if disk_full is not None:  # nothing more fits: do not grind through the rest
                raise disk_full  # noqa: TRY301 - refused like any other record
            outcomes.append(_import_record(datacenter, device, folder, line))
        except DataCenterError as exc:
            if exc.reason == Reason.DISK_FULL:
                disk_full = exc
            log.info("record %s of export %s refused: %s", record_id, folder.name, exc.reason)
            outcomes.append(RecordOutcome(record_id, REFUSED, str(exc.reason), exc.message, None))
        except KnownError as exc:  # a parser's refusal that has no HTTP status of its own
            log.info("record %s of export %s refused: %s", record_id, folder.name, exc.code)
            outcomes.append(
                RecordOutcome(record_id, REFUSED, str(Reason.PAYLOAD_INVALID), exc.message, None)
            )
        except Exception:  # a bug: logged, this record refused, the rest still imported
            log.exception("bug while importing record %s of export %s", record_id, folder.name)
            outcomes.append(
                RecordOutcome(
                    record_id,
                    REFUSED,
                    str(Reason.INTERNAL_ERROR),
                    sentences.english("errors", "datacenter_record_bug"),
                    None,
                )
            )
    return outcomes


def _import_record(
    datacenter: DataCenter, device: Device, folder: Path, line: dict[str, Any]
) -> RecordOutcome:
    entry, signature = _entry(device, line)
    if not RECORD_ID_PATTERN.match(entry.record_id):  # before it becomes part of a path
        raise DataCenterError(400, Reason.INVALID_RECORD_ID)
    review, signed = _review(datacenter, device, entry, line.get("review"))
    held = datacenter.already_have(device, entry)
    if held is None:
        problem = datacenter.check_entry(entry)
        if problem is not None:
            # The words are the manifest verdict's (sent to the laptop); the error has the code.
            raise DataCenterError(
                400,
                problem[0],
                code="usb_entry_refused",
                params={"record_id": entry.record_id, "reason": problem[0]},
            )
        body = _read_sealed(folder, entry)
        held = datacenter.ingest(device, entry, body, signature)
    if review is not None and signed is not None:
        datacenter.store_review(device, entry.record_id, review, signed)
    receipt = {**asdict(held.receipt), "state": str(held.receipt.state)}
    reason = None if held.reason is None else str(held.reason)
    return RecordOutcome(entry.record_id, str(held.receipt.state), reason, held.message, receipt)


def _review(
    datacenter: DataCenter, device: Device, entry: Announcement, raw: object
) -> tuple[dict[str, object] | None, tuple[str, str] | None]:
    """The ketua tim's decision a manifest line carries, checked as an upload's headers are."""
    if raw is None:
        return None, None
    document = raw.get("document") if isinstance(raw, dict) else None
    signature = raw.get("signature") if isinstance(raw, dict) else None
    if not isinstance(document, str) or not isinstance(signature, str):
        raise DataCenterError(400, Reason.REVIEW_INVALID)
    review = datacenter.keep_review(device, entry.record_id, entry.sha256, document, signature)
    return review, (document, signature)


def _read_sealed(folder: Path, entry: Announcement) -> bytes:
    """The envelope's bytes, capped by the ``size`` its manifest line announces.

    That size was checked against the data center's largest record before, so a
    longer or shorter file is refused by its ``fstat`` before it is read, and never
    more than ``size`` + 1 bytes are read.
    """
    name = f"{RECORDS}/{entry.record_id}.sealed"
    path = folder / RECORDS / f"{entry.record_id}.sealed"
    try:
        fd, info = _open_regular(path, name)
    except FileNotFoundError:
        raise DataCenterError(404, Reason.FILE_MISSING, params={"name": name}) from None
    except OSError as exc:
        raise _unreadable(name, exc) from None
    try:
        with os.fdopen(fd, "rb") as handle:
            if info.st_size != entry.size:
                raise _size_mismatch(info.st_size, entry.size)
            # One byte more than announced tells a file that grew since without reading it all.
            data = handle.read(entry.size + 1)
    except OSError as exc:  # a failing stick: this record is refused, the rest go on
        raise _unreadable(name, exc) from None
    if len(data) != entry.size:
        raise _size_mismatch(len(data), entry.size)
    return data


def _size_mismatch(received: int, announced: int) -> DataCenterError:
    return DataCenterError(
        400,
        Reason.SIZE_MISMATCH,
        details={"received": received, "announced": announced},
        params={"received": received, "announced": announced},
    )


def _write_atomically(path: Path, data: bytes) -> None:
    """Temp file, fsync, rename, fsync the folder: a pulled stick leaves old or new, never half.

    0600, as the laptop writes its own export files: only the account that imports (and,
    on the laptop, the one that exports) reads them; a FAT stick has no modes anyway.
    """
    temp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        fd = os.open(temp, os.O_WRONLY | O_BINARY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        temp.replace(path)
    except OSError:
        temp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)
