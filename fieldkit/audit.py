"""The hash-chained audit log.

Each event's hash covers its own fields and the previous event's hash, so an
edited, deleted or reordered event breaks the chain from that point on.  The
latest sequence number and hash are also kept in the settings table, which
catches the one thing a chain alone cannot: events cut off the end.

Neither catches a person who holds the store's key and rewrites the chain from
some event on, recomputing every hash and the head, or who puts an older copy of
the store back.  So the data center anchors the chain: at every sync the laptop
shows it the head and proves the hash of the event the data center last saw, and
the data center answers with that head signed by its receipt key (an
:class:`Anchor`).  Anchors are kept beside the store, not in it (``audit-anchors.json``),
and :func:`verify` checks the log against them: a log that ends before an anchored
event was rolled back, a log whose anchored event hashes differently was
rewritten.  The data center runs the same check on its own copy of the anchors,
which nobody on the laptop can reach (``docs/threat-model.md``).

Events say who did what, when, and to which record id; never a NIK, a name or
an image.  :func:`append` refuses details that look like personal data, so a
careless caller fails in tests instead of leaking into the log.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import enum
import hashlib
import json
import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlalchemy as sa
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import ed25519

from fieldkit import safejson
from fieldkit.audit_statement import anchor_statement
from fieldkit.durable import atomic_write
from fieldkit.errors import BugError
from fieldkit.paths import make_private
from fieldkit.store.models import AuditEvent, Setting

if TYPE_CHECKING:
    from collections.abc import Collection, Iterable, Iterator, Mapping
    from pathlib import Path

    from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

GENESIS = "0" * 64
HEAD_KEY = "audit.head"
_HEAD_HELD = "audit.head_row"
SYSTEM_ACTOR = "system"

DetailValue = str | int | float | bool | None

_DIGIT_RUN = re.compile(r"\d{16}")
#: A hex digest (an installer's SHA-256, a document's): its digits can run to 16 by
#: chance (about one SHA-256 in 40), and that is no NIK.  At least one letter, so a long
#: run of decimal digits (NIKs written one after another) is still refused.
_DIGEST = re.compile(r"(?=[0-9]*[a-f])[0-9a-f]{40,128}")
_PERSONAL_KEYS = frozenset(
    {"nik", "kk", "name", "nama", "full_name", "address", "alamat", "image", "photo", "foto"}
)
_MAX_DETAIL_CHARS = 200


#: Beside the store, not in it: putting an older ``fieldkit.db`` back leaves it in place.
ANCHORS_FILE = "audit-anchors.json"
#: The data center's receipt key, kept by enrollment (``sync.client.config.RECEIPT_KEY``).
RECEIPT_KEY_SETTING = "sync.receipt_key"
#: The newest anchors kept on the laptop; the data center keeps every one.
KEPT_ANCHORS = 32
_MAX_ANCHORS_BYTES = 256 * 1024
_HASH = re.compile(r"[0-9a-f]{64}\Z")


class Problem(enum.StrEnum):
    EDITED = "edited"
    MISSING = "missing"
    OUT_OF_ORDER = "out_of_order"
    TRUNCATED = "truncated"
    #: The log ends before an event the data center has seen (an older copy of the store).
    ROLLED_BACK = "rolled_back"
    #: An event the data center has seen hashes differently now (the chain was recomputed).
    REWRITTEN = "rewritten"


@dataclass(frozen=True)
class Finding:
    seq: int
    problem: Problem
    message: str

    def as_json(self) -> dict[str, object]:
        return {"seq": self.seq, "problem": self.problem.value, "message": self.message}


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    events: int
    first_bad: Finding | None

    def as_json(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "events": self.events,
            "first_bad": self.first_bad.as_json() if self.first_bad else None,
        }


@dataclass(frozen=True)
class Anchor:
    """The data center's signed word that it saw this laptop's chain reach ``seq`` with ``hash``.

    ``epoch`` starts at 0 and grows each time the office accepts a laptop's changed
    history (``fieldkit-datacenter audit acknowledge``, after a restore for instance);
    only the newest epoch's anchors bind the log.
    """

    device_id: str
    epoch: int
    seq: int
    hash: str
    anchored_at: str
    #: Ed25519 by the data center's receipt key over :meth:`statement`, base64.
    signature: str = ""

    def statement(self) -> bytes:
        return anchor_statement(self.device_id, self.epoch, self.seq, self.hash, self.anchored_at)

    def verify(self, receipt_public_key: bytes) -> None:
        """Raise ``InvalidSignature`` unless the data center's receipt key signed this."""
        try:
            signature = base64.b64decode(self.signature, validate=True)
        except (binascii.Error, ValueError):
            raise InvalidSignature from None
        ed25519.Ed25519PublicKey.from_public_bytes(receipt_public_key).verify(
            signature, self.statement()
        )

    def as_json(self) -> dict[str, str | int]:
        return {
            "device_id": self.device_id,
            "epoch": self.epoch,
            "seq": self.seq,
            "hash": self.hash,
            "anchored_at": self.anchored_at,
            "signature": self.signature,
        }

    @classmethod
    def from_json(cls, raw: object) -> Anchor:
        """Read an anchor from outside (the data center's answer, a file); ``ValueError`` if odd."""
        if not isinstance(raw, dict):
            raise ValueError("an anchor is an object")  # noqa: TRY004 - bad input, one error type
        fields = {name: raw.get(name) for name in ("device_id", "anchored_at", "hash", "signature")}
        numbers = {name: raw.get(name) for name in ("epoch", "seq")}
        if not all(isinstance(v, str) and 0 < len(v) <= 128 for v in fields.values()):  # noqa: PLR2004
            raise ValueError("an anchor's text fields are short strings")
        if not all(type(v) is int and 0 <= v < 2**62 for v in numbers.values()):
            raise ValueError("an anchor's numbers are small integers")
        if not _HASH.match(str(fields["hash"])):
            raise ValueError("an anchor's hash is 64 hex digits")
        return cls(
            device_id=str(fields["device_id"]),
            epoch=int(str(numbers["epoch"])),
            seq=int(str(numbers["seq"])),
            hash=str(fields["hash"]),
            anchored_at=str(fields["anchored_at"]),
            signature=str(fields["signature"]),
        )


@dataclass(frozen=True)
class Checkpoint:
    """The chain as walked now: its head, the hashes asked for, and the first break if any."""

    head_seq: int
    head_hash: str
    hashes: dict[int, str]
    first_bad: Finding | None


def _event_hash(
    *,
    seq: int,
    occurred_at: str,
    actor: str,
    action: str,
    record_id: str | None,
    details: str,
    prev_hash: str,
) -> str:
    canonical = json.dumps(
        [seq, occurred_at, actor, action, record_id, details, prev_hash],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _check_details(details: Mapping[str, DetailValue]) -> str:
    for key, value in details.items():
        if key.lower() in _PERSONAL_KEYS:
            raise BugError(f"audit detail {key!r} would put personal data in the audit log")
        text = str(value)
        if _DIGIT_RUN.search(text) and not _DIGEST.fullmatch(text):
            raise BugError(f"audit detail {key!r} looks like a NIK or KK number")
        if len(text) > _MAX_DETAIL_CHARS:
            raise BugError(f"audit detail {key!r} is too long for an audit event")
    return json.dumps(dict(details), sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _head(session: Session) -> tuple[int, str]:
    return _parse_head(session.get(Setting, HEAD_KEY))


def _parse_head(row: Setting | None) -> tuple[int, str]:
    if row is None:
        return 0, GENESIS
    seq, digest = json.loads(row.value)
    return int(seq), str(digest)


def append(
    session: Session,
    actor: str,
    action: str,
    record_id: str | None = None,
    details: Mapping[str, DetailValue] | None = None,
    *,
    now: dt.datetime | None = None,
    flush: bool = True,
) -> AuditEvent:
    """Add an event inside the caller's transaction, so it commits with the change it records.

    ``flush=False`` leaves the insert to the transaction's next flush (the chain
    stays right: the next event reads the head from this session), so a batch
    of events goes to SQLite as one statement.
    """
    details_json = _check_details(details or {})
    if _HEAD_HELD in session.info:  # a later event of this transaction: the lock is held
        head = session.get(Setting, HEAD_KEY)
    else:
        head = _head_under_write_lock(session)
    last_seq, last_hash = _parse_head(head)
    seq = last_seq + 1
    occurred_at = (now or dt.datetime.now(dt.UTC)).isoformat(timespec="microseconds")
    digest = _event_hash(
        seq=seq,
        occurred_at=occurred_at,
        actor=actor,
        action=action,
        record_id=record_id,
        details=details_json,
        prev_hash=last_hash,
    )
    event = AuditEvent(
        seq=seq,
        occurred_at=occurred_at,
        actor=actor,
        action=action,
        record_id=record_id,
        details=details_json,
        prev_hash=last_hash,
        hash=digest,
    )
    session.add(event)
    # Updating the row already loaded costs less than a merge, which looks it up again.
    if head is None:
        head = Setting(key=HEAD_KEY, value=json.dumps([seq, digest]))
        session.add(head)
    else:
        head.value = json.dumps([seq, digest])
    # Held for the session's life (the identity map's references are weak), so the next
    # event of the same transaction finds the head without a query.
    session.info[_HEAD_HELD] = head
    if flush:
        session.flush()
    return event


def _head_under_write_lock(session: Session) -> Setting | None:
    """The chain's head, read after taking the store's write lock.

    SQLite (in Python's default transaction mode) runs a transaction's first reads
    before its ``BEGIN``: two processes read the same head, both wrote event N+1, and
    the second failed on ``audit_events.seq``.  A write that changes nothing, first,
    makes SQLite take the write lock (waiting out ``busy_timeout`` for another writer);
    the head read after it is the last one committed, and nobody can move it.
    """
    session.execute(
        sa.update(Setting)
        .where(Setting.key == HEAD_KEY)
        .values(value=Setting.value)
        .execution_options(synchronize_session=False)
    )
    return session.get(Setting, HEAD_KEY, populate_existing=True)


def _walk(session: Session, wanted: Collection[int]) -> tuple[VerifyResult, dict[int, str]]:
    """Walk the chain once, in sequence order; name the first break, collect ``wanted`` hashes.

    A hash is collected only from an event whose own hash was recomputed and found
    right, so what is shown to the data center is the chain itself, not a column.
    """
    expected_seq = 1
    prev_hash = GENESIS
    count = 0
    hashes: dict[int, str] = {}
    rows: Iterator[AuditEvent] = iter(
        session.execute(sa.select(AuditEvent).order_by(AuditEvent.seq)).scalars()
    )
    for event in rows:
        count += 1
        problem = _broken(event, expected_seq, prev_hash)
        if problem is not None:
            return _bad(count, *problem), hashes
        if event.seq in wanted:
            hashes[event.seq] = event.hash
        prev_hash = event.hash
        expected_seq += 1
    head_seq, head_hash = _head(session)
    last_seq = expected_seq - 1
    if head_seq != last_seq or (last_seq and head_hash != prev_hash):
        missing = last_seq + 1
        return _bad(
            count,
            missing,
            Problem.TRUNCATED,
            f"events from {missing} to {head_seq} were removed from the end of the log",
        ), hashes
    return VerifyResult(ok=True, events=count, first_bad=None), hashes


def _broken(
    event: AuditEvent, expected_seq: int, prev_hash: str
) -> tuple[int, Problem, str] | None:
    if event.seq != expected_seq:
        return (
            expected_seq,
            Problem.MISSING,
            f"event {expected_seq} is missing (the next one present is {event.seq})",
        )
    if event.prev_hash != prev_hash:
        return (
            event.seq,
            Problem.OUT_OF_ORDER,
            f"event {event.seq} does not follow event {event.seq - 1}",
        )
    recomputed = _event_hash(
        seq=event.seq,
        occurred_at=event.occurred_at,
        actor=event.actor,
        action=event.action,
        record_id=event.record_id,
        details=event.details,
        prev_hash=event.prev_hash,
    )
    if recomputed != event.hash:
        return event.seq, Problem.EDITED, f"event {event.seq} was altered"
    return None


def verify(session: Session, anchors: Iterable[Anchor] = ()) -> VerifyResult:
    """Walk the chain, then hold it against the data center's anchors (newest epoch only)."""
    binding = binding_anchors(anchors)
    result, hashes = _walk(session, {a.seq for a in binding})
    if not result.ok:
        return result
    finding = _against_anchors(result.events, hashes, binding)
    if finding is not None:
        return VerifyResult(ok=False, events=result.events, first_bad=finding)
    return result


def checkpoint(session: Session, seqs: Collection[int]) -> Checkpoint:
    """The head and the hashes at ``seqs``, for the data center (one walk of the chain)."""
    result, hashes = _walk(session, seqs)
    head_seq, head_hash = _head(session)
    return Checkpoint(head_seq, head_hash, hashes, result.first_bad)


def binding_anchors(anchors: Iterable[Anchor]) -> list[Anchor]:
    """The anchors of the newest epoch, oldest first: an acknowledged change voids the older."""
    kept = list(anchors)
    if not kept:
        return []
    epoch = max(a.epoch for a in kept)
    return sorted((a for a in kept if a.epoch == epoch), key=lambda a: a.seq)


def _against_anchors(
    events: int, hashes: Mapping[int, str], anchors: list[Anchor]
) -> Finding | None:
    for anchor in anchors:
        if anchor.seq > events:
            return Finding(
                events + 1,
                Problem.ROLLED_BACK,
                f"the log ends at event {events}, but the data center saw it reach event "
                f"{anchor.seq} on {anchor.anchored_at[:10]}: an older copy of the store is in use",
            )
        if hashes.get(anchor.seq) != anchor.hash:
            return Finding(
                anchor.seq,
                Problem.REWRITTEN,
                f"the events up to {anchor.seq} are not the ones the data center saw on "
                f"{anchor.anchored_at[:10]}: the log was rewritten",
            )
    return None


# --- the anchors file ---------------------------------------------------------------


def receipt_key(session: Session) -> bytes | None:
    """The enrolled data center's receipt key, or ``None`` before enrollment."""
    row = session.get(Setting, RECEIPT_KEY_SETTING)
    if row is None:
        return None
    try:
        return base64.b64decode(row.value, validate=True)
    except (binascii.Error, ValueError):
        return None


def load_anchors(
    directory: Path, public_key: bytes | None, device_id: str | None = None
) -> list[Anchor]:
    """The anchors in ``directory``'s file that the data center really signed.

    A missing file is no anchor.  A damaged file, or a line the key did not sign,
    is logged and left out: an anchor only ever adds a check, so the worst a
    forger achieves by deleting one is what deleting the file achieves, which the
    data center still sees at the next sync.
    """
    path = directory / ANCHORS_FILE
    if public_key is None or not path.exists():
        return []
    try:
        raw, _ = safejson.load_file(path, max_bytes=_MAX_ANCHORS_BYTES)
    except safejson.JsonRefused as exc:
        log.warning("the audit anchors file is unreadable (%s); no anchor is checked", exc.reason)
        return []
    anchors: list[Anchor] = []
    for entry in raw if isinstance(raw, list) else []:
        try:
            anchor = Anchor.from_json(entry)
            anchor.verify(public_key)
        except (ValueError, InvalidSignature):
            log.warning("an audit anchor without the data center's signature was ignored")
            continue
        if device_id is None or anchor.device_id == device_id:
            anchors.append(anchor)
    return anchors


def keep_anchor(directory: Path, anchor: Anchor, public_key: bytes) -> None:
    """Add the data center's newest anchor to the file: atomically, newest epoch, newest few."""
    kept = [a for a in load_anchors(directory, public_key) if a.device_id == anchor.device_id]
    kept = binding_anchors([*kept, anchor])
    unique = {(a.epoch, a.seq): a for a in kept}
    newest = sorted(unique.values(), key=lambda a: a.seq)[-KEPT_ANCHORS:]
    data = json.dumps([a.as_json() for a in newest], indent=1).encode("utf-8")
    path = directory / ANCHORS_FILE
    atomic_write(path, data)
    make_private(path)


def _bad(count: int, seq: int, problem: Problem, message: str) -> VerifyResult:
    return VerifyResult(ok=False, events=count, first_bad=Finding(seq, problem, message))


def recent(session: Session, limit: int = 50) -> list[AuditEvent]:
    query = sa.select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(limit)
    return list(session.execute(query).scalars())
