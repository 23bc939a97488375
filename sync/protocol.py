"""The sync wire protocol, shared by the laptop's client and the data center's service.

Plain dataclasses and enums only (no Qt, no web framework), so the laptop can
import this without the ``server`` extra.  The service uses the same
dataclasses as its request and response models, so the OpenAPI spec and this
module cannot drift apart.  ``docs/sync-protocol.md`` explains the flow.
"""

from __future__ import annotations

import base64
import enum
import hashlib
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.x509 import load_pem_x509_certificate

from fieldkit import safejson
from fieldkit.safejson import canonical_json
from fieldkit.update import versions

#: ``"0.3.1"`` as ``(0, 3, 1)``; written once, beside the release versions it also orders.
parse_version = versions.parse_version

PROTOCOL_VERSION = 1

#: Requests whose timestamp is further than this from the server's clock are refused.
CLOCK_WINDOW_S = 300

#: A record id is made by the laptop (a UUID in practice); this keeps it path- and log-safe.
RECORD_ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}\Z")
SHA256_PATTERN = re.compile(r"^[0-9a-f]{64}\Z")

HEADER_DEVICE = "X-FieldKit-Device"
HEADER_TIMESTAMP = "X-FieldKit-Timestamp"
HEADER_SIGNATURE = "X-FieldKit-Signature"
#: The sealed record's outer Ed25519 signature travels beside its body on upload.
HEADER_RECORD_SIGNATURE = "X-FieldKit-Record-Signature"
#: The laptop's FieldKit version; a data center may refuse versions it no longer supports.
HEADER_CLIENT_VERSION = "X-FieldKit-Version"
#: The SHA-256 of the body the signature covers, announced so the data center checks the
#: signature before it reads a byte of the body (then checks the body against it).
HEADER_CONTENT_SHA256 = "X-FieldKit-Content-SHA256"
#: The ketua tim's decision on a flagged record (base64 of its canonical JSON), on upload.
HEADER_REVIEW = "X-FieldKit-Review"
#: Ed25519 by the laptop's key over ``review_statement`` of that decision, base64.
HEADER_REVIEW_SIGNATURE = "X-FieldKit-Review-Signature"
#: A decision longer than this (base64) is refused: a note is a few sentences.
MAX_REVIEW_HEADER = 4096


class RecordState(enum.StrEnum):
    RECEIVED = "RECEIVED"
    ACCEPTED = "ACCEPTED"
    REJECTED = "REJECTED"
    DEDUPLICATED = "DEDUPLICATED"
    PRINTED = "PRINTED"
    READY_FOR_HANDOVER = "READY_FOR_HANDOVER"
    #: The data center asks the team to record the person again; ``message`` says why.
    RECAPTURE = "RECAPTURE"
    #: Penunggalan (the office's biometric search) found candidates: the record waits for a
    #: person at the office to decide (adjudication); no card meanwhile.
    DUPLICATE_RECORD = "DUPLICATE_RECORD"
    #: Penunggalan found nobody else, or a person decided "not a duplicate": the card may
    #: be printed.
    PRINT_READY_RECORD = "PRINT_READY_RECORD"
    #: The record's images cannot be searched (too few usable fingers and no usable face);
    #: the laptop treats it as RECAPTURE, ``message`` saying why.
    ENROLL_FAILURE = "ENROLL_FAILURE"
    #: Adjudicated a second recording of an older record, which stands; this one is closed,
    #: ``message`` saying why.
    DUPLICATE_CLOSED = "DUPLICATE_CLOSED"


#: States that send the person back to the revisit list on the laptop.
RECAPTURE_STATES = frozenset({RecordState.RECAPTURE, RecordState.ENROLL_FAILURE})

#: States an operator may set after ingest (``records set-state``).
LATER_STATES = frozenset(
    {
        RecordState.DEDUPLICATED,
        RecordState.PRINTED,
        RecordState.READY_FOR_HANDOVER,
        RecordState.RECAPTURE,
    }
)


class Reason(enum.StrEnum):
    """Machine reasons: every 4xx/5xx body and every rejected manifest entry carries one."""

    # enrollment
    CODE_UNKNOWN = "code_unknown"
    CODE_USED = "code_used"
    CODE_EXPIRED = "code_expired"
    KEY_ALREADY_ENROLLED = "key_already_enrolled"
    # request authentication
    AUTH_MISSING = "auth_missing"
    AUTH_INVALID = "auth_invalid"
    CLOCK_SKEW = "clock_skew"
    DEVICE_UNKNOWN = "device_unknown"
    DEVICE_REVOKED = "device_revoked"
    CLIENT_TOO_OLD = "client_too_old"
    # manifest and upload
    INVALID_REQUEST = "invalid_request"
    INVALID_RECORD_ID = "invalid_record_id"
    INVALID_SHA256 = "invalid_sha256"
    SIZE_INVALID = "size_invalid"
    KID_UNKNOWN = "kid_unknown"
    NOT_ANNOUNCED = "not_announced"
    CONFLICT = "conflict"
    OWNED_BY_OTHER_DEVICE = "owned_by_other_device"
    SIZE_MISMATCH = "size_mismatch"
    SHA256_MISMATCH = "sha256_mismatch"
    RECORD_SIGNATURE_INVALID = "record_signature_invalid"
    DECRYPT_FAILED = "decrypt_failed"
    PAYLOAD_INVALID = "payload_invalid"
    #: The record's visit is dated outside the days FieldKit takes (issue 57.2): REJECTED.
    VISIT_DATE_OUT_OF_RANGE = "visit_date_out_of_range"
    RECORD_UNKNOWN = "record_unknown"
    #: The ketua tim's decision sent with an upload does not verify or names another record.
    REVIEW_INVALID = "review_invalid"
    #: A later state: the data center asks for a recapture (the operator's words in ``message``).
    RECAPTURE_REQUESTED = "recapture_requested"
    #: Penunggalan: candidates found (DUPLICATE_RECORD); a person at the office decides.
    DUPLICATE_CANDIDATES = "duplicate_candidates"
    #: Penunggalan: an image is byte for byte one of another record's (DUPLICATE_RECORD): a
    #: file sent again, not a second capture of a person.
    REPLAYED_IMAGES = "replayed_images"
    #: Penunggalan: too few usable fingers and no usable face (ENROLL_FAILURE); ``message``
    #: says so in the team's words.
    IMAGES_UNSEARCHABLE = "images_unsearchable"
    #: Penunggalan: decided by a person at the office (PRINT_READY_RECORD or DUPLICATE_CLOSED).
    ADJUDICATED = "adjudicated"
    #: USB import: the manifest lists a record whose ``.sealed`` file is not in the export.
    FILE_MISSING = "file_missing"
    #: USB import: a record file or the stick itself cannot be read (not a file, I/O error).
    FILE_UNREADABLE = "file_unreadable"
    #: A body larger than its endpoint's limit (the upload's is ``size_invalid``).
    BODY_TOO_LARGE = "body_too_large"
    #: A body that stopped arriving: nothing more for the data center's idle time (408).
    BODY_TOO_SLOW = "body_too_slow"
    #: Too many bodies of one laptop being read at once, from a client that does not
    #: announce its body's hash (429, with Retry-After): try again shortly.
    BUSY = "busy"
    # server side
    DISK_FULL = "disk_full"
    #: ``/v1/ready``: the database or the blob store cannot be used (``details`` says which).
    NOT_READY = "not_ready"
    INTERNAL_ERROR = "internal_error"


class Verdict(enum.StrEnum):
    """The server's answer to one manifest entry."""

    UPLOAD = "upload"
    ALREADY_HAVE = "already_have"
    CONFLICT = "conflict"
    REJECTED = "rejected"


def b64encode(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def b64decode(text: str) -> bytes:
    """Strict base64, so a mangled key or signature fails here rather than later."""
    return base64.b64decode(text.encode("ascii"), validate=True)


@dataclass
class ReadyResponse:
    """``/v1/ready``: the database answers at this code's schema; the blob store takes a write."""

    status: str
    schema: str


@dataclass
class HealthResponse:
    """Unauthenticated: lets a laptop tell "server down" from "network down" from "refused"."""

    status: str
    server_time: str
    server_timestamp: int
    protocol: int = PROTOCOL_VERSION


# --- enrollment ------------------------------------------------------------


@dataclass
class EnrollRequest:
    code: str
    #: Raw Ed25519 public key, base64.
    public_key: str
    #: Free-form description of the laptop (hostname, serial, app version); shown to operators.
    laptop: dict[str, str] = field(default_factory=dict)


@dataclass
class EncryptionKey:
    kid: str
    #: Raw X25519 public key, base64; records are sealed to it with HPKE.
    public_key: str
    algorithm: str = "HPKE-X25519-HKDF-SHA256-AES-256-GCM"


@dataclass
class KeySet:
    """The data center's public keys, signed by its CA so a pinned CA vouches for them."""

    keys: list[EncryptionKey]
    #: The kid new records should be sealed to.
    active_kid: str
    #: Raw Ed25519 public key, base64; receipts are signed with it.
    receipt_key: str
    issued_at: str
    #: ECDSA P-256 / SHA-256 by the CA over ``canonical_json`` of the fields above, base64 DER.
    signature: str = ""

    def statement(self) -> bytes:
        body = asdict(self)
        body.pop("signature")
        return b"fieldkit-keyset-v1|" + canonical_json(body)


@dataclass
class EnrollResponse:
    device_id: str
    key_set: KeySet
    #: PEM of the data center's CA; the laptop pins it for every later connection.
    ca_certificate: str
    ca_fingerprint: str
    server_time: str


def ca_fingerprint(ca_pem: str | bytes) -> str:
    """SHA-256 of the CA certificate's DER, lowercase hex: what operators compare by eye."""
    data = ca_pem.encode() if isinstance(ca_pem, str) else ca_pem
    cert = load_pem_x509_certificate(data)
    return cert.fingerprint(hashes.SHA256()).hex()


def verify_key_set(key_set: KeySet, ca_pem: str | bytes) -> None:
    """Raise ``InvalidSignature`` unless the CA signed this key set."""
    data = ca_pem.encode() if isinstance(ca_pem, str) else ca_pem
    public = load_pem_x509_certificate(data).public_key()
    if not isinstance(public, ec.EllipticCurvePublicKey):
        raise InvalidSignature("the CA key is not an EC key")
    public.verify(b64decode(key_set.signature), key_set.statement(), ec.ECDSA(hashes.SHA256()))


# --- request authentication ------------------------------------------------


def request_statement(method: str, path: str, timestamp: int, body_sha256: str) -> bytes:
    """What the device signs for each request; ``path`` includes ``?query`` when there is one."""
    return f"fieldkit-request-v1|{method.upper()}|{path}|{timestamp}|{body_sha256}".encode()


def sign_request(
    device_id: str,
    device_key: ed25519.Ed25519PrivateKey,
    *,
    method: str,
    path: str,
    body: bytes,
    timestamp: int,
    body_sha256: str | None = None,
) -> dict[str, str]:
    """The headers that authenticate one request as this device (``body_sha256`` if known)."""
    digest = body_sha256 or hashlib.sha256(body).hexdigest()
    statement = request_statement(method, path, timestamp, digest)
    return {
        HEADER_DEVICE: device_id,
        HEADER_TIMESTAMP: str(timestamp),
        HEADER_SIGNATURE: b64encode(device_key.sign(statement)),
        HEADER_CONTENT_SHA256: digest,
    }


# --- the ketua tim's decision, sent with an approved record ------------------


def review_statement(document: dict[str, Any]) -> bytes:
    """What the laptop signs for a decision: the document names the record and its hash."""
    return b"fieldkit-review-v1|" + canonical_json(document)


def review_headers(
    device_key: ed25519.Ed25519PrivateKey, document: dict[str, Any]
) -> dict[str, str]:
    """The two upload headers that carry a signed decision (outside the sealed record)."""
    return {
        HEADER_REVIEW: b64encode(canonical_json(document)),
        HEADER_REVIEW_SIGNATURE: b64encode(device_key.sign(review_statement(document))),
    }


def read_review(
    public_key: bytes, header: str, signature: str, *, record_id: str, sha256: str
) -> dict[str, Any]:
    """The decision from its headers, checked; ValueError when it is malformed or forged.

    It must verify with the uploading laptop's key and name this record and
    exactly the envelope being uploaded.
    """
    if len(header) > MAX_REVIEW_HEADER or len(signature) > MAX_REVIEW_HEADER:
        msg = "review header too long"
        raise ValueError(msg)
    try:
        raw = b64decode(header)
        document = safejson.loads(raw, max_bytes=MAX_REVIEW_HEADER)
        if not isinstance(document, dict):
            msg = "review is not an object"
            raise TypeError(msg)  # noqa: TRY301 - one refusal for every malformed review
        ed25519.Ed25519PublicKey.from_public_bytes(public_key).verify(
            b64decode(signature), review_statement(document)
        )
    except (InvalidSignature, ValueError, TypeError, safejson.JsonRefused) as exc:
        msg = f"review does not verify: {type(exc).__name__}"
        raise ValueError(msg) from exc
    if canonical_json(document) != raw:
        msg = "review is not canonical JSON"
        raise ValueError(msg)
    if document.get("record_id") != record_id or document.get("sha256") != sha256:
        msg = "review names another record or other content"
        raise ValueError(msg)
    if document.get("decision") != "approved":
        msg = "only an approved record is sent"
        raise ValueError(msg)
    return document


# --- manifest, upload, receipts --------------------------------------------


@dataclass
class ManifestEntry:
    record_id: str
    seq: int
    #: SHA-256 (hex) of the sealed envelope, exactly the bytes that will be PUT.
    sha256: str
    size: int
    kid: str


@dataclass
class ManifestRequest:
    entries: list[ManifestEntry]


@dataclass
class Receipt:
    """The data center's signed word that it holds a record, and in which state."""

    record_id: str
    device_id: str
    sha256: str
    state: RecordState
    received_at: str
    #: Ed25519 by the receipt key over ``statement()``, base64.
    signature: str = ""

    def statement(self) -> bytes:
        return canonical_json(
            {
                "record_id": self.record_id,
                "device_id": self.device_id,
                "sha256": self.sha256,
                "state": str(self.state),
                "received_at": self.received_at,
            }
        )

    def verify(self, receipt_public_key: bytes) -> None:
        """Raise ``InvalidSignature`` unless the data center's receipt key signed this."""
        ed25519.Ed25519PublicKey.from_public_bytes(receipt_public_key).verify(
            b64decode(self.signature), self.statement()
        )


@dataclass
class ManifestVerdict:
    record_id: str
    verdict: Verdict
    reason: Reason | None = None
    message: str | None = None
    receipt: Receipt | None = None


@dataclass
class ManifestResponse:
    verdicts: list[ManifestVerdict]


@dataclass
class UploadResponse:
    receipt: Receipt
    #: Why the record was REJECTED after decryption or validation; ``None`` when ACCEPTED.
    reason: Reason | None = None
    message: str | None = None


@dataclass
class StatusEntry:
    cursor: int
    record_id: str
    state: RecordState
    changed_at: str
    receipt: Receipt
    reason: Reason | None = None
    message: str | None = None


@dataclass
class StatusResponse:
    entries: list[StatusEntry]
    #: Pass back as ``since`` to get only newer changes.
    next_cursor: int
    server_time: str


@dataclass
class ErrorBody:
    """Every non-2xx answer: a machine reason, and text an operator can act on."""

    reason: Reason
    message: str
    hint: str | None = None
    #: Present on ``clock_skew`` (and every error) so a laptop can correct its clock offset.
    server_time: str | None = None
    server_timestamp: int | None = None
    details: dict[str, Any] | None = None


# --- the audit anchor (``fieldkit.audit``; protocol §4.6) -------------------

#: Written by the data center's USB import beside ``receipts.json``: an ``AuditAnswer``.
AUDIT_ANSWER_FILE = "audit-anchor.json"
#: Proofs a laptop may send in one report: the data center's latest anchor and the
#: laptop's own newest ones (``fieldkit.audit.KEPT_ANCHORS``).
MAX_AUDIT_PROOFS = 64


class AuditProblem(enum.StrEnum):
    """What the data center found when it held a laptop's audit head against its anchors."""

    #: An event the data center anchored hashes differently now: the log was rewritten.
    REWRITTEN = "rewritten"
    #: The log ends before the event the data center last anchored: an older store is in use.
    ROLLED_BACK = "rolled_back"
    #: The laptop did not prove the event the data center last anchored (its copy lost).
    UNPROVEN = "unproven"
    #: The laptop's own walk of the chain broke (an edited, missing or reordered event).
    BROKEN_ON_LAPTOP = "broken_on_laptop"


@dataclass
class AuditProof:
    """The hash of event ``seq`` in the laptop's chain as it is now."""

    seq: int
    hash: str


@dataclass
class AuditReport:
    """Sent with every sync (and in every USB export's manifest): the chain's head and proofs."""

    head_seq: int
    head_hash: str
    proofs: list[AuditProof] = field(default_factory=list)
    #: ``fieldkit.audit.Problem`` of the laptop's own check, if its chain is already broken.
    problem: str | None = None
    problem_seq: int | None = None


@dataclass
class AuditAnchorBody:
    """``fieldkit.audit.Anchor`` on the wire: the data center's signed word about a head."""

    device_id: str
    epoch: int
    seq: int
    hash: str
    anchored_at: str
    signature: str


@dataclass
class AuditFinding:
    problem: AuditProblem
    seq: int
    #: English, for the office's log and console; the laptop words ``problem`` itself.
    message: str


@dataclass
class AuditAnswer:
    """``anchored`` (the head is the new anchor, or nothing new) or ``differs`` (findings)."""

    verdict: str
    #: The newest anchor the data center stands by for this laptop, after this report.
    anchor: AuditAnchorBody | None
    findings: list[AuditFinding] = field(default_factory=list)


@dataclass
class AuditAnchorResponse:
    """The anchor the laptop must prove in its next report (``None``: none yet)."""

    anchor: AuditAnchorBody | None


# --- the card's handover, back from the laptop (issue 49 §2) -----------------------------

#: Where a laptop reports its cards' handovers (``POST``, signed like every request).
HANDOVERS_PATH = "/v1/handovers"
#: Events in one report at most: a day's work of a team is a few dozen.
MAX_HANDOVER_EVENTS = 500


class HandoverOutcome(enum.StrEnum):
    """Who the card went to: the owner, a family member (or guardian), a courier, an office."""

    OWNER = "owner"
    FAMILY = "family"
    COURIER = "courier"
    KECAMATAN = "kecamatan"
    DESA = "desa"


class HandoverVerdictKind(enum.StrEnum):
    """The data center's answer to one handover event."""

    STORED = "stored"
    #: This laptop's event of this id is already kept (a resend): nothing written again.
    ALREADY_STORED = "already_stored"
    #: Not kept: ``reason`` says why (the record is unknown here, or its card not printed).
    REFUSED = "refused"


#: Refusals of one event (``HandoverVerdict.reason``); the others in its report still count.
HANDOVER_RECORD_UNKNOWN = "record_unknown"
HANDOVER_NOT_PRINTED = "record_not_printed"


@dataclass
class HandoverEvent:
    """One step of a printed card's way, as the laptop recorded it; no receiver's name.

    ``event_id`` is the laptop's own id of the step (its ``handovers`` row): sent twice,
    kept once.  ``receiver_role`` is the role in words ("Wali/pengampu", "Kurir"), never a
    person; ``courier_receipt`` names the courier's receipt (SOP 002) the card went with.
    """

    event_id: str
    record_id: str
    outcome: str
    receiver_role: str
    handed_over_on: str
    courier_receipt: str | None = None


@dataclass
class HandoverReport:
    events: list[HandoverEvent]


@dataclass
class HandoverVerdict:
    event_id: str
    verdict: HandoverVerdictKind
    reason: str | None = None


@dataclass
class HandoverAnswer:
    verdicts: list[HandoverVerdict]
