"""The data center's rules, free of HTTP: enroll, authenticate, manifest, ingest, status.

The web layer (``app.py``) only parses, calls these and maps ``DataCenterError``
to a status code, and the USB import (``usb.py``) calls the very same
``ingest``, so a record is checked and stored the same way whichever road it
came by.  Payload bytes exist here only between decryption and validation;
they are never logged and never stored in clear.
"""

from __future__ import annotations

import binascii
import contextlib
import datetime as dt
import functools
import hashlib
import logging
import re
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any, Protocol

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import ed25519, x25519
from sqlalchemy.exc import SQLAlchemyError

from fieldkit import safejson, sentences
from fieldkit.errors import InvalidInput, KnownError
from fieldkit.printable import printable
from fieldkit.promise import FIRST_DAY, LAST_DAY, in_range
from fieldkit.records import container
from fieldkit.records.demo import DEMO_KID, demo_private_key
from fieldkit.sealing import SealedRecord, SealError, open_sealed, verify_signature
from sync.office_package import HealthInvalid, check_health
from sync.protocol import (
    CLOCK_WINDOW_S,
    LATER_STATES,
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
    Receipt,
    RecordState,
    StatusEntry,
    StatusResponse,
    UploadResponse,
    Verdict,
    b64decode,
    b64encode,
    parse_version,
    read_review,
    request_statement,
)
from sync.server.errors import BlobStoreFull, DataCenterError, disk_full
from sync.server.intake import anchors, record_search, reviews
from sync.server.keys import DataCenterKeys, passphrase_from_environment
from sync.server.office.recorded import nik_mac, recorded_key
from sync.server.office.steering import Office
from sync.server.store.blobs import open_blob_store
from sync.server.store.database import (
    Added,
    Announcement,
    Device,
    RecordPlace,
    SqlStore,
    StoredRecord,
    known_revisions,
    make_data_dir,
    new_code,
    sqlite_url,
)

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from sqlalchemy.engine import Connection

log = logging.getLogger(__name__)

MAX_RECORD_BYTES = 64 * 1024 * 1024
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


def iso(epoch: float) -> str:
    """Fixed-width UTC text, so stored times also sort and compare as strings."""
    return dt.datetime.fromtimestamp(epoch, dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class PayloadInvalid(KnownError):
    code = "payload_invalid"
    #: What the REJECTED record's receipt and status feed say (the laptop words it).
    reason = Reason.PAYLOAD_INVALID


class VisitDateOutOfRange(PayloadInvalid):
    """The header's visit is dated outside :data:`fieldkit.promise.FIRST_DAY` .. ``LAST_DAY``.

    Refused on its own (issue 57.2): stored, such a date made every console page that
    listed the record fail (9999-12-31) or stall (0001-01-01).
    """

    code = "payload_visit_date_out_of_range"
    reason = Reason.VISIT_DATE_OUT_OF_RANGE


class PayloadValidator(Protocol):
    """Checks a decrypted record; raises ``PayloadInvalid`` with a reason an operator can read."""

    def __call__(self, payload: bytes, announcement: Announcement) -> None: ...


def validate_json_record(payload: bytes, announcement: Announcement) -> None:
    """The default check: a JSON object whose own ``record_id``/``seq``, if present, match.

    An enrollment record is a container (JSON header + image blobs, each checked
    against the hash its signed header lists); its header is what is validated.
    """
    if container.is_container(payload):
        try:
            value: object = container.checked_header(payload)
        except container.ContainerError as error:
            raise PayloadInvalid(
                code="payload_container_invalid", params={"problem": error.params["problem"]}
            ) from None
    else:
        try:
            value = safejson.loads(payload, max_bytes=MAX_RECORD_BYTES)
        except safejson.JsonRefused as error:
            raise PayloadInvalid(code="payload_not_json", params={"problem": error.code}) from None
    if not isinstance(value, dict):
        raise PayloadInvalid(code="payload_not_object")
    _check_visit_date(value.get("visit"))
    if "record_id" in value and value["record_id"] != announcement.record_id:
        raise PayloadInvalid(code="payload_other_record")
    if "seq" in value and value["seq"] != announcement.seq:
        raise PayloadInvalid(code="payload_other_seq")


def _check_visit_date(visit: object) -> None:
    """Refuse a visit dated outside the range; a date that is no day at all is left out later."""
    day = _iso_day(visit.get("date")) if isinstance(visit, dict) else None
    if day is not None and not in_range(day):
        raise VisitDateOutOfRange(
            params={
                "day": day.isoformat(),
                "first": FIRST_DAY.isoformat(),
                "last": LAST_DAY.isoformat(),
            }
        )


#: A NIK's digits.
NIK_DIGITS = 16


@dataclass
class HealthStored:
    """The answer to ``POST /v1/laptop/health``."""

    stored: bool
    server_time: str


def payload_header(payload: bytes) -> dict[str, Any] | None:
    """An accepted record's JSON header (a container's) or the bare JSON record; else None."""
    try:
        if container.is_container(payload):
            head, _area = container.split(payload)
            header = safejson.loads(head, max_bytes=container.MAX_HEADER_BYTES)
        else:
            header = safejson.loads(payload, max_bytes=MAX_RECORD_BYTES)
    except (safejson.JsonRefused, container.ContainerError):
        return None
    return header if isinstance(header, dict) else None


def payload_nik(payload: bytes, header: dict[str, Any] | None = None) -> str | None:
    """The NIK in an accepted record's header, if it has a 16-digit one.

    A laptop's record is a container whose JSON header names the person under
    ``person.nik`` (``fieldkit/enrollment/canonical_record.py``); a bare JSON record may
    name one at the top (``nik``).
    """
    header = payload_header(payload) if header is None else header
    if header is None:
        return None
    person = header.get("person")
    nik = header.get("nik")
    if nik is None and isinstance(person, dict):
        nik = person.get("nik")
    if isinstance(nik, str) and len(nik) == NIK_DIGITS and nik.isascii() and nik.isdigit():
        return nik
    return None


#: A visit id as laptops and the office make them (a UUID), and a region code's digits.
_VISIT_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
_REGION_DIGITS = re.compile(r"[0-9]{1,16}")
#: An officer's username as the laptops' accounts are made (``fieldkit.officers``).
_USERNAME = re.compile(r"[a-z][a-z0-9._-]{1,31}")


def _iso_day(value: object) -> dt.date | None:
    if not isinstance(value, str) or len(value) != len("2026-01-31"):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _visit_date(value: object) -> str | None:
    """The visit's ISO day, if it is one inside the range FieldKit takes."""
    day = _iso_day(value)
    return day.isoformat() if day is not None and in_range(day) else None


def _region_code(value: object) -> str | None:
    digits = value.replace(".", "") if isinstance(value, str) else None
    return digits if digits is not None and _REGION_DIGITS.fullmatch(digits) else None


def payload_place(header: dict[str, Any] | None) -> RecordPlace | None:
    """The visit's id, date, desa, kecamatan and officer a record's header names, if well formed.

    The officer is the recording officer's username (an office login).  Only these coarse
    facts leave the opened record (``record_places``): never the person, never the GPS.
    A missing or malformed field is left out and never fails the upload; a header that
    names none of them gives None.  Whether a simulator took a kept capture comes too
    (issue 56.2: the print queue refuses such a record on a real office).
    """
    if header is None:
        return None
    simulated = payload_simulated(header)
    visit = header.get("visit")
    if not isinstance(visit, dict):  # no place to keep; the simulator's mark still is
        return RecordPlace(simulated=True) if simulated else None
    visit_id = visit.get("id")
    officer = header.get("officer")
    username = officer.get("username") if isinstance(officer, dict) else None
    place = RecordPlace(
        visit_id=visit_id if isinstance(visit_id, str) and _VISIT_ID.fullmatch(visit_id) else None,
        visit_date=_visit_date(visit.get("date")),
        desa_code=_region_code(visit.get("desa_code")),
        kecamatan_code=_region_code(visit.get("kecamatan_code")),
        officer=username if isinstance(username, str) and _USERNAME.fullmatch(username) else None,
        simulated=simulated,
    )
    return place if simulated or place != RecordPlace(simulated=False) else None


def payload_simulated(header: dict[str, Any]) -> bool:
    """Whether a simulator took any kept capture of the record (its ``device.simulated``).

    The laptop writes each attempt's device as it answered; a simulator says so on its
    own wire (``drivers.simulation``), and nothing on the laptop can clear the flag.
    """
    for capture in header.get("captures") or []:
        for attempt in (capture.get("attempts") or []) if isinstance(capture, dict) else []:
            if not isinstance(attempt, dict) or not attempt.get("kept"):
                continue
            device = attempt.get("device")
            if isinstance(device, dict) and bool(device.get("simulated")):
                return True
    return False


def _revoked() -> DataCenterError:
    return DataCenterError(
        403,
        Reason.DEVICE_REVOKED,
    )


def _receipt_of(record: StoredRecord) -> Receipt:
    data = dict(record.receipt)
    data["state"] = RecordState(data["state"])
    return Receipt(**data)


class DataCenter:
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

    def now(self) -> str:
        return iso(self.clock())

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

    # --- enrollment ------------------------------------------------------------

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

    # --- request authentication ------------------------------------------------

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
            raise _revoked()
        return device

    # --- keys ----------------------------------------------------------------------

    def private_key(self, kid: str) -> x25519.X25519PrivateKey | None:
        """The key that opens records sealed to ``kid``; the demo key only with --accept-demo.

        The demo key is never published in the key set: laptops must not seal real
        records to a key whose private half is public.
        """
        if kid == DEMO_KID:
            return demo_private_key() if self.accept_demo else None
        return self.keys.encryption_keys.get(kid)

    def _kid_refusal(self, kid: str) -> str:
        if kid == DEMO_KID:
            return sentences.english("errors", "datacenter_demo_refused")
        return sentences.english("errors", "datacenter_kid_not_held", {"kid": kid})

    # --- manifest ----------------------------------------------------------------

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
                        entry.record_id, Verdict.ALREADY_HAVE, receipt=_receipt_of(existing)
                    )
                )
            else:
                verdicts.append(self._conflict(existing, entry.sha256, now))
        self.store.announce(announce, now)
        return ManifestResponse(verdicts=verdicts)

    def _conflict(self, existing: StoredRecord, offered: str, now: str) -> ManifestVerdict:
        log.warning("conflict: record %s offered again with different content", existing.record_id)
        self.store.add_conflict(
            existing.record_id, existing.device_id, existing.sha256, offered, now
        )
        return ManifestVerdict(
            existing.record_id,
            Verdict.CONFLICT,
            Reason.CONFLICT,
            sentences.english("errors", "datacenter_conflict_shown"),
        )

    # --- upload --------------------------------------------------------------------

    def upload(
        self,
        device: Device,
        record_id: str,
        body: bytes,
        record_signature: str | None,
        body_sha256: str | None = None,
    ) -> UploadResponse:
        body_sha256 = body_sha256 or hashlib.sha256(body).hexdigest()
        announced, existing = self.store.upload_state(device.device_id, record_id)
        if existing is not None:
            return self._resend(device, existing, body_sha256)
        if announced is None:
            raise DataCenterError(
                409,
                Reason.NOT_ANNOUNCED,
            )
        return self._ingest_new(device, announced, body, record_signature, body_sha256)

    def keep_review(
        self,
        device: Device,
        record_id: str,
        sha256: str,
        header: str | None,
        signature: str | None,
    ) -> dict[str, object] | None:
        """Check the ketua tim's decision sent with an upload; returns it, or None if absent.

        Checked before the record is stored, so a forged or mismatched decision
        stores nothing (400 ``review_invalid``); kept once the record is stored.
        """
        if header is None and signature is None:
            return None
        if header is None or signature is None:
            raise DataCenterError(400, Reason.REVIEW_INVALID)
        try:
            return read_review(
                b64decode(device.public_key),
                header,
                signature,
                record_id=record_id,
                sha256=sha256,
            )
        except ValueError as exc:
            raise DataCenterError(400, Reason.REVIEW_INVALID) from exc

    def store_review(
        self,
        device: Device,
        record_id: str,
        review: dict[str, object],
        signed: tuple[str, str],
    ) -> None:
        """Keep a decision ``keep_review`` checked: its document (and note) sealed to our key."""
        document, signature = signed
        kept = reviews.seal_document(self.keys, device.device_id, record_id, b64decode(document))
        self.store.add_review(
            device.device_id,
            record_id,
            review,
            signature=signature,
            sealed=(kept.kid, kept.sealed),
            now=self.now(),
        )
        log.info("record %s: the ketua tim's decision kept", record_id)

    def ingest(
        self,
        device: Device,
        announced: Announcement,
        body: bytes,
        record_signature: str | None,
        body_sha256: str | None = None,
    ) -> UploadResponse:
        """Check and durably store one sealed record, or refuse it: the only way records get in.

        ``announced`` is what the laptop declared beforehand (a manifest line over
        HTTP, or a line of a USB export's signed manifest); ``record_signature`` is
        the envelope's outer signature, base64.  Idempotent: a record already held
        answers with its stored receipt.
        """
        sha256 = body_sha256 or hashlib.sha256(body).hexdigest()
        existing = self.store.record(device.device_id, announced.record_id)
        if existing is not None:
            return self._resend(device, existing, sha256)
        return self._ingest_new(device, announced, body, record_signature, sha256)

    def _ingest_new(
        self,
        device: Device,
        announced: Announcement,
        body: bytes,
        record_signature: str | None,
        sha256: str,
    ) -> UploadResponse:
        """``ingest`` of a record not held when the caller looked."""
        record_id = announced.record_id
        if len(body) != announced.size:
            raise DataCenterError(
                400,
                Reason.SIZE_MISMATCH,
                details={"received": len(body), "announced": announced.size},
                params={"received": len(body), "announced": announced.size},
            )
        if sha256 != announced.sha256:
            raise DataCenterError(
                400,
                Reason.SHA256_MISMATCH,
            )
        private = self.private_key(announced.kid)
        if private is None:
            raise DataCenterError(422, Reason.KID_UNKNOWN)
        sealed = SealedRecord(
            record_id=record_id,
            seq=announced.seq,
            kid=announced.kid,
            demo=announced.kid == DEMO_KID,
            envelope=body,
            sha256=sha256,
            signature=self._signature_bytes(record_signature),
        )
        device_key = b64decode(device.public_key)
        try:
            verify_signature(sealed, device_key)  # its hash was checked against the manifest
        except SealError:
            raise DataCenterError(
                403,
                Reason.RECORD_SIGNATURE_INVALID,
            ) from None
        # From here the record is stored whatever its content turns out to be (ACCEPTED or
        # REJECTED), so its blob is written and fsynced while it is decrypted and validated.
        had_blob = self.blobs.exists(sealed.sha256)
        writing = self._blob_writer.submit(
            self.blobs.put, sealed.sha256, sealed.envelope, digest_checked=True
        )
        try:
            state, reason, message, nik, place, search = self._open_and_validate(
                sealed, private, device_key, announced
            )
        except BaseException:
            self._undo_blob(writing, sealed, had_blob=had_blob)
            raise
        return self._store(
            device=device,
            sealed=sealed,
            state=state,
            reason=reason,
            message=message,
            size=announced.size,
            writing=writing,
            had_blob=had_blob,
            nik=nik,
            place=place,
            search=search,
        )

    def _undo_blob(self, writing: Future[None], sealed: SealedRecord, *, had_blob: bool) -> None:
        """Remove a blob this request wrote if its record did not get stored.

        Under the sweep's lock, as the sweep deletes (``SqlStore.delete_unreferenced``):
        another upload of the same bytes may be committing its record right now.
        """
        with contextlib.suppress(Exception):
            writing.result()
        if not had_blob:
            self.store.delete_unreferenced([sealed.sha256], self.blobs.delete)

    def _ensure_blob(self, sealed: SealedRecord) -> None:
        """In the record's commit: its blob is there, or is written again from these bytes.

        A sweep may have deleted it between its write and this commit (an orphan of an
        earlier crash, sent again, looked old); the commit holds the lock the sweep
        deletes under, so once this returns the blob stays until the commit is done.
        """
        if self.blobs.exists(sealed.sha256):
            return
        log.warning(
            "record %s: its blob was swept before its commit; writing it again", sealed.record_id
        )
        self.blobs.put(sealed.sha256, sealed.envelope, digest_checked=True)

    @staticmethod
    def _signature_bytes(record_signature: str | None) -> bytes:
        try:
            return b64decode(record_signature or "")
        except (binascii.Error, ValueError):
            raise DataCenterError(
                400,
                Reason.RECORD_SIGNATURE_INVALID,
            ) from None

    def _open_and_validate(
        self,
        sealed: SealedRecord,
        private: x25519.X25519PrivateKey,
        device_key: bytes,
        announced: Announcement,
    ) -> tuple[
        RecordState,
        Reason | None,
        str | None,
        str | None,
        RecordPlace | None,
        list[tuple[str, str]],
    ]:
        """The record's state, why, and (ACCEPTED) the NIK, its place and its blind index."""
        try:
            # ingest hashed these bytes into sealed.sha256 and checked the outer signature.
            payload = open_sealed(sealed, private, device_key, envelope_verified=True)
        except SealError:
            log.warning("record %s could not be decrypted; stored as REJECTED", sealed.record_id)
            why = sentences.english("errors", "datacenter_cannot_decrypt")
            return RecordState.REJECTED, Reason.DECRYPT_FAILED, why, None, None, []
        try:
            self.validator(payload, announced)
        except PayloadInvalid as exc:
            log.warning(
                "record %s failed validation (%s); stored as REJECTED", sealed.record_id, exc.code
            )
            return RecordState.REJECTED, exc.reason, exc.message, None, None, []
        header = payload_header(payload)
        return (
            RecordState.ACCEPTED,
            None,
            None,
            payload_nik(payload, header),
            payload_place(header),
            self._search_rows(header),
        )

    def _search_rows(self, header: dict[str, Any] | None) -> list[tuple[str, str]]:
        """The header's blind-index rows (``sync.server.intake.record_search``); none if no key.

        A key that cannot be read never fails the upload: ``records reindex`` adds the
        record's rows later.  The terms themselves are never logged.
        """
        if header is None:
            return []
        try:
            if self._search_key is None:
                self._search_key = record_search.search_key(self.keys)
        except (KnownError, OSError):
            log.exception("the records' search key could not be read; run 'records reindex'")
            return []
        return record_search.index_rows(self._search_key, record_search.header_terms(header))

    def _store(
        self,
        *,
        device: Device,
        sealed: SealedRecord,
        state: RecordState,
        reason: Reason | None,
        message: str | None,
        size: int,
        writing: Future[None],
        had_blob: bool,
        nik: str | None = None,
        place: RecordPlace | None = None,
        search: list[tuple[str, str]] | None = None,
    ) -> UploadResponse:
        """Blob first (fsynced), then the metadata commit; undo the blob if the commit fails."""
        try:
            writing.result()
        except BlobStoreFull:
            raise disk_full("blob store") from None
        receipt = Receipt(
            record_id=sealed.record_id,
            device_id=device.device_id,
            sha256=sealed.sha256,
            state=state,
            received_at=self.now(),
        )
        receipt.signature = b64encode(self.keys.receipt_key.sign(receipt.statement()))
        stored = StoredRecord(
            record_id=sealed.record_id,
            device_id=device.device_id,
            seq=sealed.seq,
            kid=sealed.kid,
            sha256=sealed.sha256,
            size=size,
            state=state,
            reason=None if reason is None else str(reason),
            message=message,
            received_at=receipt.received_at,
            receipt={**asdict(receipt), "state": str(state)},
        )
        try:
            added = self.store.add_record(
                stored,
                b64encode(sealed.signature),
                [RecordState.RECEIVED, state],
                ensure_blob=functools.partial(self._ensure_blob, sealed),
                place=place if state is RecordState.ACCEPTED else None,
                search=search if state is RecordState.ACCEPTED and search else (),
            )
        except BlobStoreFull:  # the blob, swept meanwhile, could not be written again
            self._undo_blob(writing, sealed, had_blob=had_blob)
            raise disk_full("blob store") from None
        except BaseException:
            self._undo_blob(writing, sealed, had_blob=had_blob)
            raise
        if added is Added.DEVICE_REVOKED:  # revoked while this upload was being checked
            self._undo_blob(writing, sealed, had_blob=had_blob)
            raise _revoked()
        if added is Added.ALREADY_HELD:  # a concurrent upload of the same record won the race
            existing = self.store.record(device.device_id, sealed.record_id)
            if existing is None:  # pragma: no cover - an IntegrityError implies a row
                raise DataCenterError(500, Reason.INTERNAL_ERROR)
            return self._resend(device, existing, sealed.sha256)
        log.info("stored record %s as %s", sealed.record_id, state)
        if nik is not None and state is RecordState.ACCEPTED:
            self._remember_recorded(nik, receipt.received_at)
        return UploadResponse(receipt=receipt, reason=reason, message=message)

    def _remember_recorded(self, nik: str, received_at: str) -> None:
        """The NIK's MAC into ``recorded_niks``; a failure here never undoes the record."""
        try:
            if self._recorded_key is None:
                self._recorded_key = recorded_key(self.keys)
            self.office.record_nik(nik_mac(self._recorded_key, nik), received_at[:10])
        except (KnownError, SQLAlchemyError, OSError):
            log.exception("the recorded-NIK list could not be updated for an accepted record")

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

    def already_have(self, device: Device, entry: Announcement) -> UploadResponse | None:
        """The stored receipt if this device's record with this hash is already here."""
        existing = self.store.record(device.device_id, entry.record_id)
        if existing is None:
            return None
        if existing.sha256 != entry.sha256:
            return None
        return self._resend(device, existing, entry.sha256)

    def _resend(self, device: Device, existing: StoredRecord, sha256: str) -> UploadResponse:
        """``existing`` is ``device``'s own record (records are keyed by device and id)."""
        if existing.device_id != device.device_id:  # pragma: no cover - looked up by device
            raise DataCenterError(500, Reason.INTERNAL_ERROR)
        if existing.sha256 != sha256:
            self._conflict(existing, sha256, self.now())
            raise DataCenterError(409, Reason.CONFLICT, params={"record_id": existing.record_id})
        reason = None if existing.reason is None else Reason(existing.reason)
        return UploadResponse(
            receipt=_receipt_of(existing), reason=reason, message=existing.message
        )

    # --- status and operator actions ---------------------------------------------------

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
                    receipt=_receipt_of(record),
                    reason=None if change.reason is None else Reason(change.reason),
                    message=change.message,
                )
            )
        next_cursor = changes[-1].cursor if changes else since
        return StatusResponse(entries=entries, next_cursor=next_cursor, server_time=self.now())

    # --- the audit anchors (``sync.server.intake.anchors``) --------------------------------

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


def named_record(store: SqlStore, record_id: str, device_id: str | None = None) -> StoredRecord:
    """The record an operator names by its id; ``device_id`` only when two laptops used it.

    409 ``datacenter_record_ambiguous`` naming the laptops when the id alone is not
    enough; 404 when no laptop sent it.
    """
    if device_id is None:
        holders = store.devices_holding(record_id)
        if len(holders) > 1:
            raise DataCenterError(
                409,
                Reason.INVALID_REQUEST,
                code="datacenter_record_ambiguous",
                params={"record_id": record_id, "devices": ", ".join(holders)},
            )
        device_id = holders[0] if holders else ""
    record = store.record(device_id, record_id)
    if record is None:
        raise DataCenterError(404, Reason.RECORD_UNKNOWN, params={"record_id": record_id})
    return record


#: The one table of the moves a person may make by hand (``records set-state``, the
#: console's recapture, a card marked printed): from each state, where it may go.  A
#: record reaches PRINT_READY_RECORD only through penunggalan (or an administrator's
#: decision on its candidates), so nothing here skips the search: ACCEPTED may only be
#: sent back for a recapture, DUPLICATE_RECORD waits for ``records adjudicate`` (or a
#: recapture), and a state never moves back.  DEDUPLICATED is the office's word from
#: before penunggalan: a record already there may be printed, nothing moves into it.
#: Every state not named (RECEIVED, REJECTED, ENROLL_FAILURE, RECAPTURE,
#: DUPLICATE_CLOSED, READY_FOR_HANDOVER) moves no further by hand (issue 57 §3).
HAND_MOVES: dict[RecordState, frozenset[RecordState]] = {
    RecordState.ACCEPTED: frozenset({RecordState.RECAPTURE}),
    RecordState.DEDUPLICATED: frozenset({RecordState.PRINTED, RecordState.RECAPTURE}),
    RecordState.PRINT_READY_RECORD: frozenset({RecordState.PRINTED, RecordState.RECAPTURE}),
    RecordState.DUPLICATE_RECORD: frozenset({RecordState.RECAPTURE}),
    RecordState.PRINTED: frozenset({RecordState.READY_FOR_HANDOVER}),
}
#: The ``console_audit`` action of a state set with ``records set-state``.
STATE_SET = "record_state_set"
#: A reason typed for a move: the team reads a recapture's on the laptop.
MAX_MOVE_REASON = 500


def may_move(current: RecordState | str, state: RecordState) -> bool:
    """Whether :data:`HAND_MOVES` lets a person move a record from ``current`` to ``state``."""
    return state in HAND_MOVES.get(RecordState(current), frozenset())


def move_words(reason: str | None) -> str | None:
    """A typed reason as it is kept and shown: one line, no control or format character.

    Whitespace runs become one space; an escape (ESC), a bidi override (U+202E) or a
    zero-width character left is written visibly (``fieldkit.printable``), so what the
    team's laptop and the console show is what was typed, never a terminal command or
    reordered text (issue 57 §12).
    """
    words = printable(" ".join((reason or "").split()))[:MAX_MOVE_REASON]
    return words or None


def set_later_state(
    store: SqlStore,
    record_id: str,
    state: RecordState,
    now: str,
    device_id: str | None = None,
    *,
    audit: Callable[[Connection, StoredRecord], None],
    reason: str | None = None,
    expected: RecordState | None = None,
) -> None:
    """A move made by a person, by :data:`HAND_MOVES`; RECEIVED/ACCEPTED/REJECTED are ingest's.

    A record is named by its id; ``device_id`` is needed only when two laptops used it.
    RECAPTURE asks the team to record the person again and needs ``reason``, in words
    the team will read on the laptop's revisit list.  ``audit`` writes the caller's
    ``console_audit`` line (who, and why) in the change's own transaction, given the
    record as it was read (its laptop, the state it moves from): both or neither, so no
    move goes unaudited.
    ``expected``: only from that state, which the caller checked (a card is printed only
    for a PRINT_READY_RECORD); 409 ``datacenter_state_changed`` if it moved meanwhile.
    """
    if state not in LATER_STATES:
        allowed = ", ".join(sorted(LATER_STATES))
        raise DataCenterError(
            400,
            Reason.INVALID_REQUEST,
            code="datacenter_state_unknown",
            params={"allowed": allowed},
        )
    words = move_words(reason)
    if state == RecordState.RECAPTURE and words is None:
        raise DataCenterError(400, Reason.INVALID_REQUEST, code="datacenter_recapture_needs_reason")
    record = named_record(store, record_id, device_id)
    if expected is not None and record.state != expected:
        # The caller read ``expected`` a moment ago; another request moved it meanwhile
        # (two operators marking one card): said as a change, not as a move refused.
        raise DataCenterError(
            409,
            Reason.INVALID_REQUEST,
            code="datacenter_state_changed",
            params={"record_id": record_id, "expected": str(expected)},
        )
    if record.state == RecordState.REJECTED:
        raise DataCenterError(
            409,
            Reason.INVALID_REQUEST,
            code="datacenter_record_rejected",
            params={"record_id": record_id},
        )
    if record.state == RecordState.DUPLICATE_CLOSED:
        raise DataCenterError(
            409,
            Reason.INVALID_REQUEST,
            code="datacenter_record_closed_duplicate",
            params={"record_id": record_id},
        )
    # Penunggalan's candidates wait for a person's decision (``records adjudicate``); only
    # a recapture (the office wants new prints to decide on) may come before it.
    if record.state == RecordState.DUPLICATE_RECORD and state != RecordState.RECAPTURE:
        raise DataCenterError(
            409,
            Reason.INVALID_REQUEST,
            code="datacenter_record_awaits_adjudication",
            params={"record_id": record_id},
        )
    if not may_move(record.state, state):
        raise DataCenterError(
            409,
            Reason.INVALID_REQUEST,
            code="datacenter_state_move_refused",
            params={
                "record_id": record_id,
                "state": str(record.state),
                "target": str(state),
                "allowed": ", ".join(sorted(HAND_MOVES.get(record.state, ()))) or "-",
            },
        )
    # Only from the state just read: a search deciding the record meanwhile is not undone.
    expected = expected or RecordState(record.state)

    def audited(conn: Connection) -> None:
        audit(conn, record)

    if state == RecordState.RECAPTURE:
        store.set_state(
            record.device_id,
            record_id,
            state,
            now,
            reason=Reason.RECAPTURE_REQUESTED,
            message=words,
            also=audited,
            expected=expected,
        )
    else:
        store.set_state(record.device_id, record_id, state, now, also=audited, expected=expected)
