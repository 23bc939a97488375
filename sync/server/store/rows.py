"""The rows the store hands out and takes in: devices, announcements, records, audit.

Plain frozen dataclasses, so a room reads a record or a device without SQLAlchemy's
rows, and :class:`MetadataStore`, what the service needs of a store.
"""

from __future__ import annotations

import enum
import hashlib
import secrets
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from fieldkit.records.demo import DEMO_KID

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

    from sqlalchemy.engine import Connection

    from sync.protocol import Reason, RecordState


@dataclass(frozen=True)
class Counts:
    """Laptops by whether revoked, records by state: what ``/metrics`` shows as gauges."""

    laptops: dict[str, int]
    records: dict[str, int]


@dataclass(frozen=True)
class StoredAnchor:
    device_id: str
    epoch: int
    seq: int
    hash: str
    anchored_at: str
    signature: str


@dataclass(frozen=True)
class AuditFindingRow:
    problem: str
    seq: int
    detail: str


@dataclass(frozen=True)
class AuditState:
    """A laptop's current epoch and the anchors that bind it, oldest first."""

    device_id: str
    epoch: int
    anchors: list[StoredAnchor]


@dataclass(frozen=True)
class AuditDecision:
    """What to keep after checking a laptop's head: a new anchor, or findings (or neither)."""

    anchor: StoredAnchor | None = None
    findings: list[AuditFindingRow] = field(default_factory=list)


def hash_code(code: str) -> str:
    """Codes are stored hashed: a copied database does not hand out enrollments."""
    normalised = code.strip().upper().replace("-", "")
    return hashlib.sha256(normalised.encode()).hexdigest()


def new_code() -> str:
    alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud over the phone
    raw = "".join(secrets.choice(alphabet) for _ in range(12))
    return "-".join(raw[i : i + 4] for i in range(0, 12, 4))


@dataclass(frozen=True)
class Device:
    device_id: str
    public_key: str
    info: dict[str, str]
    enrolled_at: str
    revoked_at: str | None
    revoke_reason: str | None


@dataclass(frozen=True)
class Announcement:
    device_id: str
    record_id: str
    seq: int
    sha256: str
    size: int
    kid: str


@dataclass(frozen=True)
class StoredRecord:
    record_id: str
    device_id: str
    seq: int
    kid: str
    sha256: str
    size: int
    state: RecordState
    reason: str | None
    message: str | None
    received_at: str
    receipt: dict[str, Any]

    @property
    def demo(self) -> bool:
        """Sealed to the public demo key: training data, never a real enrollment."""
        return self.kid == DEMO_KID


@dataclass(frozen=True)
class RecordPlace:
    """An ACCEPTED record's visit and place, as its header named them (each may be missing)."""

    visit_id: str | None = None
    visit_date: str | None = None
    desa_code: str | None = None
    kecamatan_code: str | None = None
    officer: str | None = None
    #: Whether a simulator took any kept capture (the header's ``device.simulated``).
    simulated: bool | None = None


@dataclass(frozen=True)
class NewRecord:
    """What ``add_record`` writes: the record, its outer signature and its first states.

    ``ensure_blob`` makes sure the record's blob is in the blob store; it is called in
    the record's transaction, under the lock blob deletions take (``add_record``).
    """

    record: StoredRecord
    signature: str
    history: tuple[str, ...]
    ensure_blob: Callable[[], None] | None = None
    #: Its visit and place (``record_places``), written in the record's own transaction.
    place: RecordPlace | None = None
    #: Its blind index's rows (``record_search``: kind, HMAC), in the record's transaction.
    search: tuple[tuple[str, str], ...] = ()


class Added(enum.Enum):
    """What became of a record handed to ``add_record``."""

    STORED = "stored"
    #: A concurrent upload of the same record id committed first.
    ALREADY_HELD = "already_held"
    #: Its device was revoked before the record's transaction: nothing was stored.
    DEVICE_REVOKED = "device_revoked"


@dataclass(frozen=True)
class StateChange:
    cursor: int
    record_id: str
    state: RecordState
    reason: str | None
    message: str | None
    changed_at: str


class MetadataStore(Protocol):
    """What the service needs from a metadata backend."""

    def add_code(self, code: str, now: str, expires_at: str) -> None: ...
    def enroll(self, code: str, public_key: str, info: dict[str, str], now: str) -> str: ...
    def device(self, device_id: str) -> Device | None: ...
    def devices(self) -> list[Device]: ...
    def revoke(self, device_id: str, reason: str, now: str) -> None: ...
    def announce(self, entries: list[Announcement], now: str) -> None: ...
    def announcement(self, device_id: str, record_id: str) -> Announcement | None: ...
    def record(self, device_id: str, record_id: str) -> StoredRecord | None: ...
    def records_by_id(
        self, device_id: str, record_ids: Iterable[str]
    ) -> dict[str, StoredRecord]: ...
    def records(self) -> list[StoredRecord]: ...
    def add_record(
        self,
        record: StoredRecord,
        signature: str,
        history: list[str],
        *,
        ensure_blob: Callable[[], None] | None = None,
    ) -> Added: ...
    def delete_unreferenced(
        self, names: Sequence[str], delete: Callable[[str], None]
    ) -> list[str]: ...
    def set_state(
        self,
        device_id: str,
        record_id: str,
        state: RecordState,
        now: str,
        *,
        reason: Reason | None = None,
        message: str | None = None,
        also: Callable[[Connection], None] | None = None,
        expected: RecordState | None = None,
    ) -> None: ...
    def changes(self, device_id: str, since: int, limit: int) -> list[StateChange]: ...
    def add_conflict(
        self, record_id: str, device_id: str, stored: str, offered: str, now: str
    ) -> None: ...
    def conflicts(self) -> list[dict[str, Any]]: ...
    def audit_state(self, device_id: str) -> AuditState: ...
    def check_audit(
        self,
        device_id: str,
        decide: Callable[[AuditState], AuditDecision],
        *,
        via: str,
        now: str,
    ) -> tuple[AuditState, AuditDecision]: ...
    def audit_findings(self, *, include_acknowledged: bool = False) -> list[dict[str, Any]]: ...
    def acknowledge_audit(
        self,
        device_id: str,
        reason: str,
        now: str,
        *,
        also: Callable[[Connection, int], None] | None = None,
    ) -> int: ...
