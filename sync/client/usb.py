"""Offline transport by USB drive: export sealed records, and read the data center's receipts back.

Layout (``fieldkit-datacenter import DIR`` reads exactly this)::

    DIR/<device_id>/<export_id>/manifest.json    canonical JSON, see below
    DIR/<device_id>/<export_id>/manifest.sig     base64 Ed25519 by the device key over manifest.json
    DIR/<device_id>/<export_id>/records/<record_id>.sealed   the envelope, byte for byte
    DIR/<device_id>/<export_id>/receipts.json    written by the data center's import

The export is built in a hidden ``.<export_id>.partial`` folder, every file
and folder fsynced, then renamed into place, so a drive pulled out early
leaves no half export that looks complete.  Receipts are trusted only if
they verify with the pinned receipt key, exactly as over the network: a line
without that signature changes nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import secrets
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from fieldkit import audit
from fieldkit.delivery import states as delivery
from fieldkit.durable import fsync_dir
from fieldkit.records import outbox
from fieldkit.records.outbox import RecordStatus
from fieldkit.review import queue as review_queue
from fieldkit.safejson import canonical_json
from sync.client import config
from sync.client.client import RecordOutcome, apply_receipt, outcome_of, receipt_from_json
from sync.client.errors import SyncError, SyncReason
from sync.protocol import (
    HEADER_REVIEW,
    HEADER_REVIEW_SIGNATURE,
    RECORD_ID_PATTERN,
    Reason,
    b64encode,
    review_headers,
)

if TYPE_CHECKING:
    from pathlib import Path

    from fieldkit.workspace import Workspace
    from sync.client.config import SyncConfig
    from sync.client.transport import Clock

log = logging.getLogger(__name__)

EXPORT_VERSION = 1
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
RECEIPTS = "receipts.json"
RECORDS = "records"


@dataclass(frozen=True)
class ExportResult:
    path: Path
    export_id: str
    records: int
    bytes: int
    #: Records left out (demo key, unknown kid), with the reason.
    skipped: list[RecordOutcome]

    def as_json(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "export_id": self.export_id,
            "records": self.records,
            "bytes": self.bytes,
            "skipped": [s.as_json() for s in self.skipped],
        }


@dataclass
class ReceiptsResult:
    files: list[str] = field(default_factory=list)
    accepted: int = 0
    rejected: int = 0
    purged: int = 0
    pending: int = 0
    problems: list[RecordOutcome] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "accepted": self.accepted,
            "rejected": self.rejected,
            "purged": self.purged,
            "pending": self.pending,
            "problems": [p.as_json() for p in self.problems],
        }


def _write(path: Path, data: bytes) -> None:
    with path.open("xb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _settings(ws: Workspace) -> SyncConfig:
    with ws.transaction() as session:
        settings = config.load(session)
    if settings is None:
        raise SyncError(SyncReason.NOT_ENROLLED)
    return settings


def export_records(ws: Workspace, directory: Path, *, clock: Clock = time.time) -> ExportResult:
    """Write every record waiting to be sent to ``directory`` for the data center's import."""
    settings = _settings(ws)
    now = dt.datetime.fromtimestamp(clock(), dt.UTC)
    export_id = f"{now:%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}"
    device_dir = directory / settings.device_id
    partial = device_dir / f".{export_id}.partial"
    final = device_dir / export_id
    try:
        device_dir.mkdir(parents=True, exist_ok=True)
        (partial / RECORDS).mkdir(parents=True)
        entries, skipped, total = _write_records(ws, settings, partial / RECORDS)
        with ws.transaction() as session:
            key = outbox.device_key(session)
            public = outbox.device_public_key(session)
        manifest = canonical_json(
            {
                "version": EXPORT_VERSION,
                "device_id": settings.device_id,
                "device_public_key": b64encode(public),
                "exported_at": now.isoformat(timespec="seconds").replace("+00:00", "Z"),
                "records": entries,
            }
        )
        _write(partial / MANIFEST, manifest)
        _write(partial / SIGNATURE, b64encode(key.sign(manifest)).encode())
        fsync_dir(partial / RECORDS)
        fsync_dir(partial)
        partial.rename(final)
        fsync_dir(device_dir)
    except OSError as exc:
        raise SyncError(
            SyncReason.EXPORT_INVALID,
            "export_not_written",
            params={"directory": directory, "error": exc.strerror or exc},
        ) from exc
    with ws.transaction() as session:
        audit.append(
            session, ws.officer.username, "sync.exported", export_id, {"records": len(entries)}
        )
    log.info("exported %d records as %s", len(entries), export_id)
    return ExportResult(final, export_id, len(entries), total, skipped)


def _write_records(
    ws: Workspace, settings: SyncConfig, records_dir: Path
) -> tuple[list[dict[str, Any]], list[RecordOutcome], int]:
    entries: list[dict[str, Any]] = []
    skipped: list[RecordOutcome] = []
    total = 0
    with ws.transaction() as session:
        held = delivery.held_back(session)
        unsent = outbox.list_records(session, states=(RecordStatus.SEALED,))
    for info in unsent:
        if delivery.delivery_state(info, held) in delivery.HELD_STATES:
            # Waiting for the ketua tim, or returned by them: not sent, on a stick either.
            skipped.append(outcome_of(info, "skipped", "held_for_review"))
            continue
        if info.demo or info.kid not in settings.kids:
            # Worded as a demo record or as sealed to a key this data center lacks.
            skipped.append(outcome_of(info, "skipped", Reason.KID_UNKNOWN.value))
            continue
        with ws.transaction() as session:
            sealed = outbox.sealed(session, info.record_id)
        if hashlib.sha256(sealed.envelope).hexdigest() != sealed.sha256:
            skipped.append(outcome_of(info, "skipped", "damaged"))
            continue
        _write(records_dir / f"{sealed.record_id}.sealed", sealed.envelope)
        total += len(sealed.envelope)
        entry: dict[str, Any] = {
            "record_id": sealed.record_id,
            "seq": sealed.seq,
            "sha256": sealed.sha256,
            "size": len(sealed.envelope),
            "kid": sealed.kid,
            "signature": b64encode(sealed.signature),
        }
        with ws.transaction() as session:
            document = review_queue.decision_document(session, sealed.record_id, sealed.sha256)
            if document is not None:
                # The ketua tim's decision, signed exactly as an upload's headers carry it.
                signed = review_headers(outbox.device_key(session), document)
                entry["review"] = {
                    "document": signed[HEADER_REVIEW],
                    "signature": signed[HEADER_REVIEW_SIGNATURE],
                }
        entries.append(entry)
    return entries, skipped, total


def _receipt_files(directory: Path, device_id: str) -> list[Path]:
    """``directory`` is one export folder, a device folder, or the drive's sync folder."""
    for candidate in (directory, directory / device_id):
        if (candidate / RECEIPTS).is_file():
            return [candidate / RECEIPTS]
        found = sorted(candidate.glob(f"*/{RECEIPTS}"))
        if found:
            return found
    return []


def _entries(path: Path) -> list[dict[str, Any]]:
    try:
        value = json.loads(path.read_bytes())
    except (OSError, ValueError) as exc:
        raise SyncError(
            SyncReason.EXPORT_INVALID, "receipts_not_json", params={"path": path}
        ) from exc
    if isinstance(value, dict):
        value = value.get("receipts", value.get("records"))
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise SyncError(SyncReason.EXPORT_INVALID, "receipts_not_a_list", params={"path": path})
    return value


def import_receipts(ws: Workspace, directory: Path) -> ReceiptsResult:
    """Apply the receipts the data center's USB import wrote; purge what it accepted."""
    settings = _settings(ws)
    files = _receipt_files(directory, settings.device_id)
    if not files:
        raise SyncError(
            SyncReason.EXPORT_INVALID,
            "no_receipts",
            params={"file": RECEIPTS, "directory": directory},
        )
    result = ReceiptsResult(files=[str(f) for f in files])
    for path in files:
        for entry in _entries(path):
            outcome = _apply_entry(ws, settings, entry)
            if outcome is None:
                continue
            if outcome.outcome == "purged":
                result.accepted += 1
                result.purged += 1
            elif outcome.outcome == "rejected":
                result.rejected += 1
                result.problems.append(outcome)
            else:
                result.problems.append(outcome)
    with ws.transaction() as session:
        result.pending = len(delivery.pending(session))
        if result.pending == 0:
            config.put(
                session, config.LAST_SUCCESS_AT, dt.datetime.now(dt.UTC).isoformat("T", "seconds")
            )
        audit.append(
            session,
            ws.officer.username,
            "sync.receipts_imported",
            None,
            {"accepted": result.accepted, "rejected": result.rejected, "pending": result.pending},
        )
    return result


def _apply_entry(
    ws: Workspace, settings: SyncConfig, entry: dict[str, Any]
) -> RecordOutcome | None:
    """One entry: either a bare Receipt or ``{receipt, state, reason, message}``."""
    nested = entry.get("receipt")
    raw: dict[str, Any] = nested if isinstance(nested, dict) else entry
    record_id = str(raw.get("record_id") or entry.get("record_id") or "")
    if not RECORD_ID_PATTERN.match(record_id):
        return RecordOutcome(record_id[:64], "ignored", Reason.INVALID_RECORD_ID.value)
    reason = entry.get("reason")
    message = entry.get("message")
    with ws.transaction() as session:
        info = outbox.record_info(session, record_id)
        if info is None:
            return RecordOutcome(
                record_id, "ignored", Reason.RECORD_UNKNOWN.value, "record.not_on_laptop"
            )
        if "signature" not in raw:
            # Anyone can write a line on a stick: without the data center's signature it
            # proves nothing, so it neither purges nor refuses (the record is sent again).
            return RecordOutcome(record_id, "ignored", "unsigned", "record.unsigned")
        try:
            return apply_receipt(
                session,
                settings,
                info,
                receipt_from_json(raw),
                actor=ws.officer.username,
                reason=reason,
                message=message,
            )
        except SyncError as error:
            log.warning("receipt for %s from the USB import did not verify", record_id)
            return outcome_of(info, "pending", error.reason.value)
