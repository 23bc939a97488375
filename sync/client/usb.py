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
without that signature changes nothing.  The stick may be hostile, so
``receipts.json`` is read like any outside input: never through a link, never
waiting on a FIFO, at most :data:`MAX_RECEIPTS_BYTES`, through ``fieldkit.safejson``;
an entry of the wrong shape is refused alone and the others are applied.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
import secrets
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from fieldkit import audit, safejson
from fieldkit.delivery import flow
from fieldkit.delivery.flow import DeliveryOutcome
from fieldkit.durable import fsync_dir
from fieldkit.events import OutboxChanged
from fieldkit.records import outbox
from fieldkit.records import states as delivery
from fieldkit.review import queue as review_queue
from fieldkit.safejson import JsonReason, JsonRefused, canonical_json
from sync.client import anchoring, config, office
from sync.client.errors import SyncError, SyncReason
from sync.client.outcomes import (
    DAMAGED,
    RecordOutcome,
    outcome_of,
    receipt_from_json,
    receipt_verdict,
    refusal_words,
    worded,
)
from sync.client.stick import present, read_from_stick, write_new
from sync.protocol import (
    AUDIT_ANSWER_FILE,
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
    from sync.client.anchoring import AuditCheck
    from sync.client.config import SyncConfig
    from sync.client.office import OfficeResult
    from sync.client.transport import Clock

log = logging.getLogger(__name__)

EXPORT_VERSION = 1
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
RECEIPTS = "receipts.json"
AUDIT_ANSWER = AUDIT_ANSWER_FILE
RECORDS = "records"

#: The largest ``receipts.json`` read.  The data center reads an export's manifest up to
#: 16 MiB, and a receipt line is about twice a manifest line: any export's receipts fit.
MAX_RECEIPTS_BYTES = 32 * 1024 * 1024
#: A receipt's fields; the signature covers the others (``Receipt.statement``).
RECEIPT_FIELDS = ("record_id", "device_id", "sha256", "state", "received_at", "signature")
#: An entry's reason is a code (the data center's ``Reason``), and outside the signature.
_REASON_CODE = re.compile(r"[a-z][a-z0-9_.:-]{0,63}\Z")
#: The data center's words beside a reason are logged, never kept: a line's worth.
MAX_MESSAGE_CHARS = 2000
#: The reasons of an entry that changes nothing: no signature, or the wrong shape.
UNSIGNED = "unsigned"
MALFORMED = "malformed"


@dataclass(frozen=True)
class ExportResult:
    path: Path
    export_id: str
    records: int
    bytes: int
    #: Records left out, with the reason, in sequence order: held back for the ketua tim or
    #: damaged (skipped, still waiting), or refused by the plan (demo key, unknown kid).
    skipped: list[RecordOutcome]

    def as_json(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "export_id": self.export_id,
            "records": self.records,
            "bytes": self.bytes,
            "skipped": [s.as_json() for s in self.skipped],
        }


@dataclass(frozen=True)
class RefusedFile:
    """A ``receipts.json`` that was not read (not a file, too large, too deep, not JSON)."""

    path: str
    error: SyncError

    def as_json(self) -> dict[str, Any]:
        return {"path": self.path, **self.error.as_dict()}


@dataclass
class ReceiptsResult:
    files: list[str] = field(default_factory=list)
    accepted: int = 0
    rejected: int = 0
    purged: int = 0
    pending: int = 0
    problems: list[RecordOutcome] = field(default_factory=list)
    #: Files found but not read; the others were applied.
    refused_files: list[RefusedFile] = field(default_factory=list)
    #: The data center's word on the audit log, when the import wrote one.
    audit: AuditCheck | None = None
    #: The office's package found on the stick for this laptop: applied or refused.
    office: OfficeResult | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "accepted": self.accepted,
            "rejected": self.rejected,
            "purged": self.purged,
            "pending": self.pending,
            "problems": [p.as_json() for p in self.problems],
            "refused_files": [r.as_json() for r in self.refused_files],
            "audit": self.audit.as_json() if self.audit else None,
            "office": self.office.as_json() if self.office else None,
        }


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
                # The data center holds it against its anchors (``sync.client.anchoring``).
                "audit": anchoring.report(ws, settings, None),
            }
        )
        write_new(partial / MANIFEST, manifest)
        write_new(partial / SIGNATURE, b64encode(key.sign(manifest)).encode())
        # The office learns how this laptop is doing from the stick too (protocol §14.1).
        office.write_health(ws, partial)
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
    total = 0
    with ws.transaction() as session:
        plan = flow.plan_sending(
            session, settings.kids, actor=ws.officer.username, word=refusal_words
        )
    # Waiting for the ketua tim, or returned by them: not sent, on a stick either.
    left_out = [
        (info.seq, outcome_of(info, DeliveryOutcome.SKIPPED, "held_for_review"))
        for info in plan.held
    ]
    left_out += [
        (verdict.record.seq, worded(verdict, DeliveryOutcome.REJECTED)) for verdict in plan.refused
    ]
    for info in plan.sendable:
        with ws.transaction() as session:
            sealed = outbox.sealed(session, info.record_id)
        if hashlib.sha256(sealed.envelope).hexdigest() != sealed.sha256:
            left_out.append((info.seq, outcome_of(info, DeliveryOutcome.SKIPPED, DAMAGED)))
            continue
        write_new(records_dir / f"{sealed.record_id}.sealed", sealed.envelope)
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
    skipped = [outcome for _, outcome in sorted(left_out, key=lambda pair: pair[0])]
    return entries, skipped, total


def _receipt_files(directory: Path, device_id: str) -> list[Path]:
    """``directory`` is one export folder, a device folder, or the drive's sync folder."""
    for candidate in (directory, directory / device_id):
        if present(candidate / RECEIPTS):
            return [candidate / RECEIPTS]
        try:
            found = sorted(sub / RECEIPTS for sub in candidate.iterdir() if present(sub / RECEIPTS))
        except OSError:  # not a folder, or not readable: nothing found here
            found = []
        if found:
            return found
    return []


def _entries(path: Path) -> list[object]:
    """The entries of one ``receipts.json``, each still to be checked; or ``SyncError``."""
    try:
        value = safejson.loads(
            read_from_stick(path, MAX_RECEIPTS_BYTES), max_bytes=MAX_RECEIPTS_BYTES
        )
    except JsonRefused as exc:
        if exc.reason is JsonReason.TOO_DEEP:
            raise SyncError(
                SyncReason.EXPORT_INVALID,
                "receipts_too_deep",
                params={"path": path, "max_depth": safejson.MAX_DEPTH},
            ) from exc
        raise SyncError(
            SyncReason.EXPORT_INVALID, "receipts_not_json", params={"path": path}
        ) from exc
    if isinstance(value, dict):
        value = value.get("receipts", value.get("records"))
    if not isinstance(value, list):
        raise SyncError(SyncReason.EXPORT_INVALID, "receipts_not_a_list", params={"path": path})
    return value


def _audit_answer(ws: Workspace, settings: SyncConfig, folder: Path) -> AuditCheck | None:
    """The data center's anchor written beside the receipts, kept; ``None`` if absent or bad.

    Read like ``receipts.json`` (a hostile drive: no links, no FIFOs, capped), and only
    an anchor the data center signed is kept; anything else is logged and left.
    """
    path = folder / AUDIT_ANSWER
    if not present(path):
        return None
    try:
        raw = safejson.loads(
            read_from_stick(path, MAX_RECEIPTS_BYTES), max_bytes=MAX_RECEIPTS_BYTES
        )
        return anchoring.keep_answer(ws, settings, raw)
    except (SyncError, JsonRefused) as exc:
        log.warning("%s not applied: %s", AUDIT_ANSWER, type(exc).__name__)
    except OSError as exc:
        log.warning("%s not kept: %s", AUDIT_ANSWER, exc.strerror)
    return None


def import_receipts(ws: Workspace, directory: Path) -> ReceiptsResult:
    """Apply the receipts the data center's USB import wrote; purge what it accepted.

    Only a receipt the enrolled data center signed changes a record; any other line
    (unsigned, forged, malformed) is reported and changes nothing.  A ``receipts.json``
    that cannot be read is reported and the others on the drive are still applied;
    when none can be read, the first one's ``SyncError`` is raised.
    """
    settings = _settings(ws)
    files = _receipt_files(directory, settings.device_id)
    package = office.package_on_stick(directory, settings.device_id)
    if not files and package is None:
        raise SyncError(
            SyncReason.EXPORT_INVALID,
            "no_receipts",
            params={"file": RECEIPTS, "directory": directory},
        )
    result = ReceiptsResult(files=[str(f) for f in files])
    for path in files:
        try:
            entries = _entries(path)
        except SyncError as error:
            log.warning("receipts file %s not read: %s", path, error.detail)
            result.refused_files.append(RefusedFile(str(path), error))
            continue
        result.audit = _audit_answer(ws, settings, path.parent) or result.audit
        for entry in entries:
            line = _read_entry(entry)
            outcome = line if isinstance(line, RecordOutcome) else _apply_entry(ws, settings, line)
            if outcome.outcome is DeliveryOutcome.PURGED:
                result.accepted += 1
                result.purged += 1
            elif outcome.outcome is DeliveryOutcome.REJECTED:
                result.rejected += 1
                result.problems.append(outcome)
            else:
                result.problems.append(outcome)
    if files and len(result.refused_files) == len(files):
        raise result.refused_files[0].error
    if files:  # a stick with the office's package alone is not a sync
        with ws.transaction() as session:
            result.pending = len(delivery.mark_sync_done(session, dt.datetime.now(dt.UTC)))
            audit.append(
                session,
                ws.officer.username,
                "sync.receipts_imported",
                None,
                {
                    "accepted": result.accepted,
                    "rejected": result.rejected,
                    "pending": result.pending,
                },
            )
        ws.events.emit(OutboxChanged())
    # After the receipts, never instead of them: a refused package is a line of the result.
    result.office = office.apply_from_stick(ws, settings, directory)
    return result


@dataclass(frozen=True)
class _Line:
    """One well-formed entry: the record it names, its receipt (when signed), the words."""

    record_id: str
    #: The receipt's fields, every one of them text; None when the line carries no signature.
    receipt: dict[str, str] | None
    reason: str | None
    message: str | None


class _Malformed(Exception):
    """An entry's field is not what a receipt holds; raised and caught in :func:`_read_entry`."""

    def __init__(self, field_name: str, record_id: str = "") -> None:
        super().__init__(field_name)
        self.field_name = field_name
        #: The entry's record, when that much of it is sound.
        self.record_id = record_id


def _text(
    values: dict[str, object], name: str, record_id: str = "", *, required: bool = False
) -> str | None:
    """A field that is text, or null where null means "none"; else the entry is malformed."""
    value = values.get(name)
    if isinstance(value, str) or (value is None and not required):
        return value
    raise _Malformed(name, record_id)


def _read_entry(entry: object) -> _Line | RecordOutcome:
    """One entry checked, or the outcome that refuses it alone (named by its record if sound)."""
    try:
        return _checked_entry(entry)
    except _Malformed as malformed:
        shown = malformed.record_id if RECORD_ID_PATTERN.match(malformed.record_id) else ""
        return RecordOutcome(
            shown, DeliveryOutcome.IGNORED, MALFORMED, params={"field": malformed.field_name}
        )


def _checked_entry(entry: object) -> _Line | RecordOutcome:
    """Check one entry's shape: a bare ``Receipt``, or ``{receipt, state, reason, message}``.

    Every field must be text (or null where null means none), and the entry's own
    record id and state must be its receipt's; raises ``_Malformed`` otherwise.
    """
    if not isinstance(entry, dict):
        raise _Malformed("entry")
    nested = entry.get("receipt")
    if nested is not None and not isinstance(nested, dict):
        raise _Malformed("receipt")
    raw: dict[str, object] = nested if isinstance(nested, dict) else entry
    own_id = _text(entry, "record_id")
    record_id = _text(raw, "record_id") or own_id or ""
    if own_id is not None and own_id != record_id:
        raise _Malformed("record_id")
    if not RECORD_ID_PATTERN.match(record_id):
        return RecordOutcome(
            record_id[:64], DeliveryOutcome.IGNORED, Reason.INVALID_RECORD_ID.value
        )
    state, reason, message = (_text(entry, n, record_id) for n in ("state", "reason", "message"))
    if reason is not None and not _REASON_CODE.match(reason):
        raise _Malformed("reason", record_id)
    if message is not None and len(message) > MAX_MESSAGE_CHARS:
        raise _Malformed("message", record_id)
    if "signature" not in raw:
        return _Line(record_id, None, None, None)
    receipt = {name: _text(raw, name, record_id, required=True) or "" for name in RECEIPT_FIELDS}
    if receipt["record_id"] != record_id:
        raise _Malformed("record_id", record_id)
    if state not in {None, receipt["state"]}:
        raise _Malformed("state", record_id)
    return _Line(record_id, receipt, reason, message)


def _apply_entry(ws: Workspace, settings: SyncConfig, line: _Line) -> RecordOutcome:
    """One well-formed entry: only a receipt the enrolled data center signed changes anything."""
    record_id = line.record_id
    with ws.transaction() as session:
        info = outbox.record_info(session, record_id)
        if info is None:
            return RecordOutcome(
                record_id,
                DeliveryOutcome.IGNORED,
                Reason.RECORD_UNKNOWN.value,
                "record.not_on_laptop",
            )
        if line.receipt is None:
            # Anyone can write a line on a stick: without the data center's signature it
            # proves nothing, so it neither purges nor refuses (the record is sent again).
            return RecordOutcome(record_id, DeliveryOutcome.IGNORED, UNSIGNED, "record.unsigned")
        try:
            verdict = receipt_verdict(
                settings,
                info,
                receipt_from_json(dict(line.receipt)),
                reason=line.reason,
                message=line.message,
            )
        except SyncError as error:
            # Unlike an HTTPS answer to our own request, which marks the record to be sent
            # again, a line that does not verify is anyone's word: it changes nothing.
            log.warning("receipt for %s from the USB import did not verify", record_id)
            return outcome_of(info, DeliveryOutcome.PENDING, error.reason.value)
        outcome = flow.apply_verdict(
            session, verdict, actor=ws.officer.username, word=refusal_words
        )
    return worded(verdict, outcome)
