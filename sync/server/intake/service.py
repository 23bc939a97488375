"""The data center's rules, free of HTTP: enroll, authenticate, manifest, ingest, status.

The web layer (``app.py``) only parses, calls these and maps ``DataCenterError``
to a status code, and the USB import (``usb.py``) calls the very same
``ingest``, so a record is checked and stored the same way whichever road it
came by.  Payload bytes exist here only between decryption and validation;
they are never logged and never stored in clear.
"""

from __future__ import annotations

import binascii
import hashlib
import logging
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import ed25519
from sqlalchemy.exc import SQLAlchemyError

from fieldkit import sentences
from fieldkit.errors import InvalidInput
from fieldkit.printable import printable
from fieldkit.records.demo import DEMO_KID
from sync.office_package import HealthInvalid, check_health
from sync.protocol import (
    CLOCK_WINDOW_S,
    MAX_AUDIT_PROOFS,
    RECORD_ID_PATTERN,
    SHA256_PATTERN,
    AuditAnchorResponse,
    AuditAnswer,
    AuditFinding,
    AuditProblem,
    AuditReport,
    EnrollRequest,
    EnrollResponse,
    HealthResponse,
    ManifestEntry,
    ManifestRequest,
    ManifestResponse,
    ManifestVerdict,
    ReadyResponse,
    Reason,
    StatusEntry,
    StatusResponse,
    Verdict,
    b64decode,
    b64encode,
    parse_version,
    request_statement,
)
from sync.server.errors import DataCenterError
from sync.server.intake import anchors, reviews
from sync.server.intake.ingest import RecordIngest, receipt_of, revoked
from sync.server.intake.payload import MAX_RECORD_BYTES, PayloadValidator, validate_json_record
from sync.server.keys import DataCenterKeys, passphrase_from_environment
from sync.server.office.steering import Office
from sync.server.store.blobs import open_blob_store
from sync.server.store.database import SqlStore, make_data_dir, sqlite_url
from sync.server.store.rows import Announcement, Device, new_code
from sync.server.store.schema import known_revisions
from sync.server.store.stamps import iso

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

log = logging.getLogger(__name__)


MAX_MANIFEST_ENTRIES = 1000
#: A sequence number is stored as a signed 64-bit integer.
MAX_SEQ = 2**63 - 1
#: Key ids look like ``dc-20260302-a1b2c3`` (18 characters): a longer one is refused as
#: ``kid_unknown`` without being echoed in the answer (a manifest may carry a megabyte of one).
MAX_KID_CHARS = 64
CODE_TTL_S = 24 * 3600
#: One health report of a laptop kept per this many seconds over the network; more are
#: answered 429 with Retry-After (issue 46: 150 in 0.6 s were all written).  A laptop
#: reports once per sync: a sync right after another waits this long at most (its
#: transport waits out a 429), and a flood writes one row per laptop every 5 s.
HEALTH_EVERY_S = 5
#: Written by ``serve`` in the data directory: the address laptops are given in bundles
#: (``codes new --bundle-out`` and the console's enrollment page read it).
URL_FILE = "url.txt"


@dataclass
class HealthStored:
    """The answer to ``POST /v1/laptop/health``."""

    stored: bool
    server_time: str


class DataCenter(RecordIngest):
    """One data directory: keys, metadata store and blob store."""

    def __init__(
        self,
        data_dir: Path,
        database_url: str | None = None,
        *,
        validator: PayloadValidator = validate_json_record,
        max_record_bytes: int = MAX_RECORD_BYTES,
        clock: Callable[[], float] = time.time,
        accept_demo: bool = False,
        min_client_version: str | None = None,
        key_passphrase: bytes | None = None,
    ) -> None:
        """``accept_demo`` also opens records sealed to the published demo key (training only).

        ``key_passphrase`` protects the private keys; None reads
        ``$FIELDKIT_DATACENTER_KEY_PASSPHRASE`` (``b""``: none at all).

        ``min_client_version`` refuses laptops running an older FieldKit.
        """
        make_data_dir(data_dir)
        self.data_dir = data_dir
        self.keys = DataCenterKeys(
            data_dir / "keys",
            passphrase_from_environment() if key_passphrase is None else key_passphrase or None,
        )
        self.store = SqlStore(database_url or sqlite_url(data_dir))
        self.office = Office(self.store)
        #: ``recorded_niks``' HMAC key, read from ``DATA/keys`` at the first accepted record.
        self._recorded_key: bytes | None = None
        #: ``record_search``'s HMAC key (derived from the recorded key), read at first use.
        self._search_key: bytes | None = None
        # Decisions an earlier release kept in the clear: the first start with the keys seals them.
        reviews.seal_plaintext(self.store, self.keys)
        self.blobs = open_blob_store(data_dir)
        self.validator = validator
        self.max_record_bytes = max_record_bytes
        self.clock = clock
        self.accept_demo = accept_demo
        self.min_client_version = min_client_version
        self._min_version = parse_version(min_client_version) if min_client_version else None
        if min_client_version and self._min_version is None:
            msg = f"--min-client-version {min_client_version!r} is not a version like 0.3.0"
            raise ValueError(msg)
        #: Writes and fsyncs blobs beside the decryption of the same record.
        self._blob_writer = ThreadPoolExecutor(max_workers=4, thread_name_prefix="blob-writer")
        if accept_demo:
            log.warning("accepting records sealed to the public demo key: for training only")

    def close(self) -> None:
        self._blob_writer.shutdown(wait=True)
        self.store.close()

    def health(self) -> HealthResponse:
        now = self.clock()
        return HealthResponse(status="ok", server_time=iso(now), server_timestamp=int(now))

    def ready(self) -> ReadyResponse:
        """Readiness: the database answers at this code's schema, the blob store takes a write.

        ``health`` says the process lives; this says it can take a record now, for a
        load balancer's check or a monitor.  Each failing part is named in ``details``.
        """
        head = known_revisions()[-1]
        problems: dict[str, str] = {}
        try:
            schema = self.store.schema_revision()
        except SQLAlchemyError as exc:
            schema = None
            problems["database"] = f"unreachable ({type(exc).__name__})"
        if schema is not None and schema != head:
            problems["database"] = f"schema {schema}, this code's is {head}"
        blobs = self.blobs.problem()
        if blobs is not None:
            problems["blobs"] = blobs
        if problems:
            log.warning("not ready: %s", problems)
            raise DataCenterError(
                503,
                Reason.NOT_READY,
                details=problems,
                params={"parts": ", ".join(sorted(problems))},
            )
        return ReadyResponse(status="ready", schema=head)

    def enroll(self, request: EnrollRequest) -> EnrollResponse:
        try:
            raw = b64decode(request.public_key)
            ed25519.Ed25519PublicKey.from_public_bytes(raw)
        except (binascii.Error, ValueError):
            raise DataCenterError(
                400, Reason.INVALID_REQUEST, code="datacenter_public_key_invalid"
            ) from None
        # Shown to the office (its hostname): controls and bidi overrides written visibly.
        info = {
            printable(str(k)[:64]): printable(str(v)[:256])
            for k, v in list(request.laptop.items())[:32]
        }
        now = self.now()
        device_id = self.store.enroll(request.code, b64encode(raw), info, now)
        log.info("enrolled device %s", device_id)
        return EnrollResponse(
            device_id=device_id,
            key_set=self.keys.key_set(now),
            ca_certificate=self.keys.ca_pem.decode(),
            ca_fingerprint=self.keys.fingerprint,
            server_time=now,
        )

    def authenticate(
        self,
        *,
        method: str,
        path: str,
        device_id: str | None,
        timestamp: str | None,
        signature: str | None,
        body: bytes,
        body_sha256: str | None = None,
    ) -> Device:
        """The device a request comes from, or a 401/403 saying exactly what is wrong.

        ``body_sha256`` spares a second pass over a 2 MB upload whose hash the
        caller already has (the same digest checks the envelope).
        """
        device = self.identify(device_id, timestamp, signature)
        digest = body_sha256 or hashlib.sha256(body).hexdigest()
        self.verify_request(
            device,
            method=method,
            path=path,
            timestamp=timestamp,
            signature=signature,
            digest=digest,
        )
        return device

    def verify_request(
        self,
        device: Device,
        *,
        method: str,
        path: str,
        timestamp: str | None,
        signature: str | None,
        digest: str,
    ) -> None:
        """The request's signature by ``device``, already ``identify``-ed: no second lookup.

        An upload identifies its device before reading the body; the device's key
        cannot change, and a revocation since then is caught when the record is
        committed (``SqlStore.add_record`` checks the device in that transaction).
        """
        statement = request_statement(method, path, int(timestamp or 0), digest)
        try:
            ed25519.Ed25519PublicKey.from_public_bytes(b64decode(device.public_key)).verify(
                b64decode(signature or ""), statement
            )
        except (InvalidSignature, binascii.Error, ValueError):
            raise DataCenterError(
                401,
                Reason.AUTH_INVALID,
            ) from None

    def check_client_version(self, sent: str | None) -> None:
        """Refuse a laptop whose FieldKit is older than this data center supports."""
        if self._min_version is None:
            return
        version = parse_version(sent or "")
        if version is not None and version >= self._min_version:
            return
        raise DataCenterError(
            426,
            Reason.CLIENT_TOO_OLD,
            details={"minimum": self.min_client_version, "client": sent},
            params={"minimum": self.min_client_version},
        )

    def identify(
        self, device_id: str | None, timestamp: str | None, signature: str | None
    ) -> Device:
        """The checks that need no body, so a bad client is refused before it uploads megabytes."""
        if not device_id or not timestamp or not signature:
            raise DataCenterError(
                401,
                Reason.AUTH_MISSING,
            )
        try:
            sent = int(timestamp)
        except ValueError:
            raise DataCenterError(401, Reason.AUTH_INVALID) from None
        now = self.clock()
        if abs(now - sent) > CLOCK_WINDOW_S:
            skew = int(sent - now)
            raise DataCenterError(
                401,
                Reason.CLOCK_SKEW,
                details={"skew_s": skew, "window_s": CLOCK_WINDOW_S},
                code="clock_skew_ahead" if skew > 0 else "clock_skew_behind",
                params={"seconds": abs(skew)},
            )
        device = self.store.device(device_id)
        if device is None:
            raise DataCenterError(
                401,
                Reason.DEVICE_UNKNOWN,
            )
        if device.revoked_at is not None:
            raise revoked()
        return device

    def _kid_refusal(self, kid: str) -> str:
        if kid == DEMO_KID:
            return sentences.english("errors", "datacenter_demo_refused")
        return sentences.english("errors", "datacenter_kid_not_held", {"kid": kid})

    def check_entry(self, entry: ManifestEntry | Announcement) -> tuple[Reason, str] | None:
        """What is wrong with a declared record (HTTP or USB manifest line), if anything."""
        if not RECORD_ID_PATTERN.match(entry.record_id):
            return Reason.INVALID_RECORD_ID, sentences.english("errors", "invalid_record_id")
        if not SHA256_PATTERN.match(entry.sha256):
            return Reason.INVALID_SHA256, sentences.english("errors", "datacenter_sha256_format")
        if not 0 < entry.size <= self.max_record_bytes:
            return Reason.SIZE_INVALID, sentences.english(
                "errors", "datacenter_size_out_of_range", {"max": self.max_record_bytes}
            )
        if not 0 <= entry.seq <= MAX_SEQ:  # found by fuzzing: 2**70 answered 500
            return Reason.INVALID_REQUEST, sentences.english(
                "errors", "datacenter_seq_out_of_range", {"max": MAX_SEQ}
            )
        return self._kid_problem(entry.kid)

    def _kid_problem(self, kid: str) -> tuple[Reason, str] | None:
        if len(kid) > MAX_KID_CHARS:  # never echoed: the words give the limit, not the kid
            return Reason.KID_UNKNOWN, sentences.english(
                "errors", "datacenter_kid_too_long", {"max": MAX_KID_CHARS}
            )
        if self.private_key(kid) is None:
            return Reason.KID_UNKNOWN, self._kid_refusal(kid)
        return None

    def manifest(self, device: Device, request: ManifestRequest) -> ManifestResponse:
        if len(request.entries) > MAX_MANIFEST_ENTRIES:
            raise DataCenterError(
                413,
                Reason.INVALID_REQUEST,
                code="datacenter_manifest_too_long",
                params={"max": MAX_MANIFEST_ENTRIES},
            )
        verdicts: list[ManifestVerdict] = []
        announce: list[Announcement] = []
        now = self.now()
        # Only well-formed ids reach the database (found by fuzzing: PostgreSQL refuses a NUL
        # in a query parameter with an error); the others are rejected entry by entry below.
        held = self.store.records_by_id(
            device.device_id,
            (e.record_id for e in request.entries if RECORD_ID_PATTERN.match(e.record_id)),
        )
        for index, entry in enumerate(request.entries):
            problem = self.check_entry(entry)
            if problem is not None:
                # A line whose id is no record id is named by its place, never echoed (the
                # body may hold a megabyte of it), as a USB manifest's line is.
                named = entry.record_id if RECORD_ID_PATTERN.match(entry.record_id) else f"#{index}"
                verdicts.append(ManifestVerdict(named, Verdict.REJECTED, *problem))
                continue
            # Held records are this device's own: (device, record id) is the key, so an id
            # another laptop used first is no obstacle here.
            existing = held.get(entry.record_id)
            if existing is None:
                announce.append(Announcement(device.device_id, **asdict(entry)))
                verdicts.append(ManifestVerdict(entry.record_id, Verdict.UPLOAD))
            elif existing.sha256 == entry.sha256:
                verdicts.append(
                    ManifestVerdict(
                        entry.record_id, Verdict.ALREADY_HAVE, receipt=receipt_of(existing)
                    )
                )
            else:
                verdicts.append(self._conflict(existing, entry.sha256, now))
        self.store.announce(announce, now)
        return ManifestResponse(verdicts=verdicts)

    def office_package(self, device: Device) -> dict[str, Any] | None:
        """The sealed office package for this laptop (§14.2), or None (answered 204).

        A package the laptop's own checks would refuse, or one over the size budget, is
        never sent: the office sees why (``fieldkit-datacenter package show``) and the
        laptop keeps its last package until the office fixes it.
        """
        try:
            return self.office.sealed_package(device.device_id, self.keys)
        except InvalidInput as refused:
            log.error("no office package for %s: %s", device.device_id, refused.code)  # noqa: TRY400 - a refusal, not a crash
            raise DataCenterError(
                500,
                Reason.INTERNAL_ERROR,
                code="datacenter_package_too_large"
                if refused.code == "datacenter_package_too_large"
                else "package_malformed",
                params=dict(refused.params),
            ) from None

    def laptop_health(self, device: Device, report: object, *, via: str) -> HealthStored:
        """Keep the laptop's health report (§14.1) if it is newer than the one kept.

        400 ``invalid_request`` if not its shape; 409 ``conflict`` if signed before the one
        kept (an old stick); over the network 429 ``busy`` with Retry-After while another
        was kept less than ``HEALTH_EVERY_S`` ago.  The very report kept already (a retry,
        a stick imported again) is answered as stored, and nothing is written.
        """
        try:
            checked = check_health(report)
        except HealthInvalid as exc:
            raise DataCenterError(
                400, Reason.INVALID_REQUEST, details={"field": exc.params.get("field")}
            ) from None
        # A first login is true whether or not this report is kept (issue 56.4).
        self.office.first_logins_reported(device.device_id, checked["first_logins"])
        every_s = HEALTH_EVERY_S if via == "https" else 0
        kept = self.office.store_health(device.device_id, checked, via=via, every_s=every_s)
        if kept.why == "older":
            raise DataCenterError(
                409,
                Reason.CONFLICT,
                code="health_older",
                params={"reported": checked["reported_at"], "kept": kept.kept_at},
                details={"kept_reported_at": kept.kept_at},
            )
        if kept.why == "too_soon":
            raise DataCenterError(
                429,
                Reason.BUSY,
                code="health_too_soon",
                params={"every": int(every_s), "seconds": kept.retry_after_s},
                details={"retry_after_s": kept.retry_after_s},
            )
        return HealthStored(stored=True, server_time=self.now())

    def status(self, device: Device, since: int, limit: int) -> StatusResponse:
        changes = self.store.changes(device.device_id, since, limit)
        held = self.store.records_by_id(device.device_id, (change.record_id for change in changes))
        entries = []
        for change in changes:
            record = held.get(change.record_id)
            if record is None:  # pragma: no cover - history rows are written with their record
                continue
            entries.append(
                StatusEntry(
                    cursor=change.cursor,
                    record_id=change.record_id,
                    state=change.state,
                    changed_at=change.changed_at,
                    receipt=receipt_of(record),
                    reason=None if change.reason is None else Reason(change.reason),
                    message=change.message,
                )
            )
        next_cursor = changes[-1].cursor if changes else since
        return StatusResponse(entries=entries, next_cursor=next_cursor, server_time=self.now())

    def audit_anchor(self, device: Device) -> AuditAnchorResponse:
        """The anchor the laptop must prove next: the newest of its current epoch."""
        state = self.store.audit_state(device.device_id)
        latest = state.anchors[-1] if state.anchors else None
        return AuditAnchorResponse(None if latest is None else anchors.anchor_body(latest))

    def audit_report(self, device: Device, report: AuditReport, *, via: str) -> AuditAnswer:
        """Hold the laptop's head against its anchors; anchor it, or keep what differs."""
        if not anchors.report_is_well_formed(report, MAX_AUDIT_PROOFS):
            raise DataCenterError(
                400,
                Reason.INVALID_REQUEST,
                code="datacenter_audit_report_invalid",
                params={"max": MAX_AUDIT_PROOFS},
            )
        now = self.now()
        state, decision = self.store.check_audit(
            device.device_id,
            lambda state: anchors.judge(
                # A stick may reach the office after a push over the network overtook it.
                state,
                report,
                now=now,
                receipt_key=self.keys.receipt_key,
                late=via == "usb",
            ),
            via=via,
            now=now,
        )
        kept = [*state.anchors, *([decision.anchor] if decision.anchor else [])]
        for finding in decision.findings:
            log.warning(
                "audit history of device %s: %s at event %d",
                device.device_id,
                finding.problem,
                finding.seq,
            )
        return AuditAnswer(
            verdict="differs" if decision.findings else "anchored",
            anchor=anchors.anchor_body(kept[-1]) if kept else None,
            findings=[
                AuditFinding(AuditProblem(f.problem), f.seq, f.detail) for f in decision.findings
            ],
        )


def issue_code(store: SqlStore, now: float, ttl_s: int = CODE_TTL_S) -> str:
    """A one-time enrollment code for one laptop, valid for ``ttl_s`` seconds."""
    code = new_code()
    store.add_code(code, iso(now), iso(now + ttl_s))
    return code
