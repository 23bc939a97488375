"""The ketua tim's decisions at rest: sealed to the data center's own key, as records are.

A decision comes beside an approved record, signed by the laptop (protocol §4.4).  Its
document holds the ketua's note: words typed about the person, often a health condition,
which the laptop erases once the record is delivered.  Here it is personal data like the
record itself, so the document is kept only HPKE-sealed (``fieldkit.sealing.seal_to``, the
suite records are sealed with) to the data center's active encryption key, bound to its
laptop and record, with that key's id.  The note is never in the database in the clear,
so never in a backup's rows, and never in a log; ``reviews list`` opens it with the keys
(and so needs their passphrase, as ``serve`` and ``import`` do).  What a decision says
without the note (approved, by whom, when, the flag codes, the laptop's signature) stays
in its own columns.
"""

from __future__ import annotations

import binascii
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from fieldkit import safejson
from fieldkit.sealing import SealError, open_from, seal_to
from sync.protocol import MAX_REVIEW_HEADER, Reason, b64decode, b64encode
from sync.server.errors import DataCenterError

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric import x25519

    from sync.server.keys import DataCenterKeys
    from sync.server.store.database import SqlStore

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SealedReview:
    """A decision's document as kept: the key's id and the ciphertext, base64."""

    kid: str
    sealed: str


def _info(device_id: str, record_id: str, kid: str) -> bytes:
    """Binds a sealed document to its row: moved to another record's, it does not open."""
    return f"fieldkit-dc-review-v1|{device_id}|{record_id}|{kid}".encode()


def seal_document(
    keys: DataCenterKeys, device_id: str, record_id: str, document: bytes
) -> SealedReview:
    """Seal a decision's signed document (canonical JSON) to the active encryption key."""
    kid = keys.active_kid
    public = keys.encryption_keys[kid].public_key().public_bytes_raw()
    sealed = seal_to(public, document, info=_info(device_id, record_id, kid))
    return SealedReview(kid, b64encode(sealed))


def open_document(
    keys: DataCenterKeys, device_id: str, record_id: str, kept: SealedReview
) -> bytes:
    """The signed document back; refused if this data center lacks the key or it was altered."""
    private: x25519.X25519PrivateKey | None = keys.encryption_keys.get(kept.kid)
    if private is None:
        raise DataCenterError(
            400, Reason.KID_UNKNOWN, code="datacenter_kid_not_held", params={"kid": kept.kid}
        )
    try:
        return open_from(
            private, b64decode(kept.sealed), info=_info(device_id, record_id, kept.kid)
        )
    except (SealError, binascii.Error, ValueError):
        raise DataCenterError(
            500,
            Reason.INTERNAL_ERROR,
            code="datacenter_review_unreadable",
            params={"record_id": record_id},
        ) from None


def seal_plaintext(store: SqlStore, keys: DataCenterKeys) -> int:
    """Seal the decisions an earlier release kept in the clear; run at every start with keys.

    The schema's migration cannot do it: it runs wherever the database is opened, also
    by chores that hold no keys.  So the first ``serve``, ``import`` or ``reviews list``
    after the upgrade seals them and empties their clear columns.
    """

    def seal(device_id: str, record_id: str, document: str) -> tuple[str, str]:
        kept = seal_document(keys, device_id, record_id, b64decode(document))
        return kept.kid, kept.sealed

    sealed = store.seal_plaintext_reviews(seal)
    if sealed:
        log.info("sealed %d review decisions an earlier release kept in the clear", sealed)
    return sealed


def opened_reviews(store: SqlStore, keys: DataCenterKeys) -> list[dict[str, Any]]:
    """Every decision with its note and signed document opened, oldest first.

    ``document`` is the signed canonical JSON, base64, as the laptop sent it: with
    ``signature`` and the laptop's key it still proves who decided.
    """
    seal_plaintext(store, keys)
    opened: list[dict[str, Any]] = []
    for row in store.reviews():
        kept = SealedReview(str(row["kid"]), str(row["sealed"]))
        document = open_document(keys, row["device_id"], row["record_id"], kept)
        value = safejson.loads(document, max_bytes=MAX_REVIEW_HEADER)
        note = value.get("note") if isinstance(value, dict) else None
        opened.append(
            {
                "device_id": row["device_id"],
                "record_id": row["record_id"],
                "decision": row["decision"],
                "decided_by": row["decided_by"],
                "decided_at": row["decided_at"],
                "note": note if isinstance(note, str) else None,
                "flags": row["flags"],
                "document": b64encode(document),
                "signature": row["signature"],
                "received_at": row["received_at"],
                "kid": kept.kid,
            }
        )
    return opened
