"""The laptop's keys and sequence numbers: its signing identity and the data center's keys.

These change when the laptop enrolls, re-enrolls or rotates its key, never when
a record is written; the files a seal writes are :mod:`fieldkit.records.sealed_files`
and the outbox index over them is :mod:`fieldkit.records.outbox`.  Everything
takes the caller's session, so a key change commits with whatever else changed.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from typing import TYPE_CHECKING

from cryptography.hazmat.primitives.asymmetric import ed25519
from sqlalchemy import select, update

from fieldkit import training
from fieldkit.records import demo
from fieldkit.records.models import DataCenterKeyRow, DeviceIdentity
from fieldkit.sealing import DataCenterKey
from fieldkit.store.models import Setting

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sqlalchemy.orm import Session

#: Settings row: the public keys of earlier enrollments (base64, JSON list).
RETIRED_KEYS = "device.retired_public_keys"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


# --- the laptop's identity ----------------------------------------------------------


def _identity(session: Session) -> DeviceIdentity:
    row = session.get(DeviceIdentity, 1)
    if row is None:
        key = ed25519.Ed25519PrivateKey.generate()
        row = DeviceIdentity(
            id=1, signing_key=key.private_bytes_raw(), next_seq=1, created_at=_now()
        )
        session.add(row)
        session.flush()
    return row


def device_key(session: Session) -> ed25519.Ed25519PrivateKey:
    """The laptop's Ed25519 key, made on first use; it never leaves the encrypted store."""
    return ed25519.Ed25519PrivateKey.from_private_bytes(_identity(session).signing_key)


def device_public_key(session: Session) -> bytes:
    return device_key(session).public_key().public_bytes_raw()


def retired_public_keys(session: Session) -> list[bytes]:
    """Public keys this laptop signed with before its current one (oldest first)."""
    row = session.get(Setting, RETIRED_KEYS)
    return [base64.b64decode(k) for k in json.loads(row.value)] if row is not None else []


def retire_signing_key(session: Session) -> None:
    """Replace the laptop's signing key, keeping the old public key for verifying old records."""
    identity = _identity(session)
    old = ed25519.Ed25519PrivateKey.from_private_bytes(identity.signing_key)
    retired = [*retired_public_keys(session), old.public_key().public_bytes_raw()]
    session.merge(
        Setting(
            key=RETIRED_KEYS,
            value=json.dumps([base64.b64encode(k).decode() for k in retired]),
        )
    )
    identity.signing_key = ed25519.Ed25519PrivateKey.generate().private_bytes_raw()
    session.flush()


def peek_next_seq(session: Session) -> int:
    """The number the next :func:`seal_record` in this transaction will take (for the record)."""
    return _identity(session).next_seq


def next_seq(session: Session) -> int:
    """Take the next per-laptop sequence number (committed with the caller's transaction)."""
    identity = _identity(session)
    seq = identity.next_seq
    identity.next_seq = seq + 1
    session.flush()
    return seq


def advance_seq_past(session: Session, seq: int) -> None:
    """Make sure the next number taken is above ``seq`` (a record adopted after a crash)."""
    identity = _identity(session)
    identity.next_seq = max(identity.next_seq, seq + 1)


# --- data-center keys -----------------------------------------------------------------


def install_datacenter_keys(
    session: Session, keys: Iterable[DataCenterKey], active_kid: str
) -> None:
    """Remember an enrolled data center's keys; ``active_kid`` becomes the one sealed to."""
    keys = list(keys)
    if active_kid not in {k.kid for k in keys}:
        raise ValueError(f"active kid {active_kid} is not among the keys")
    session.execute(update(DataCenterKeyRow).values(active=False))
    for key in keys:
        row = session.get(DataCenterKeyRow, key.kid)
        if row is None:
            row = DataCenterKeyRow(
                kid=key.kid, public_key=key.public_key, demo=key.demo, active=False, added_at=_now()
            )
            session.add(row)
        row.active = key.kid == active_kid
    session.flush()


def active_datacenter_key(session: Session) -> DataCenterKey:
    """The key to seal to: the enrolled data center's active key, else the flagged demo key."""
    row = session.scalars(select(DataCenterKeyRow).where(DataCenterKeyRow.active.is_(True))).first()
    if row is None:
        return demo.DEMO_KEY
    return DataCenterKey(kid=row.kid, public_key=row.public_key, demo=row.demo)


def sealing_key(session: Session, visit_id: str | None) -> DataCenterKey:
    """The key a record of ``visit_id`` is sealed to: the demo key for training, never sent."""
    if training.is_training_visit(session, visit_id) and not training.is_training_store(session):
        return demo.DEMO_KEY
    return active_datacenter_key(session)


def datacenter_enrolled(session: Session) -> bool:
    return not active_datacenter_key(session).demo
