"""What enrollment pins, kept as ``sync.*`` rows in the workspace's encrypted settings table.

The chain of trust is: pinned CA fingerprint -> CA certificate -> signed key
set -> receipt key and encryption kids.  All of it lives inside the SQLCipher
store, so it is as well protected as the records themselves.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from fieldkit.records import outbox
from fieldkit.store.models import Setting
from sync.protocol import EncryptionKey, KeySet, b64decode

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from fieldkit.workspace import Workspace

URL = "sync.url"
DEVICE_ID = "sync.device_id"
CA_PEM = "sync.ca_pem"
CA_FINGERPRINT = "sync.ca_fingerprint"
RECEIPT_KEY = "sync.receipt_key"
KEY_SET = "sync.key_set"
STATUS_CURSOR = "sync.status_cursor"
LAST_ATTEMPT_AT = "sync.last_attempt_at"
CLOCK_OFFSET = "sync.clock_offset_s"


@dataclass(frozen=True)
class SyncConfig:
    url: str
    device_id: str
    ca_pem: str
    ca_fingerprint: str
    #: Raw Ed25519 public key that signs receipts, base64.
    receipt_key: str
    key_set: KeySet

    @property
    def receipt_public_key(self) -> bytes:
        return b64decode(self.receipt_key)

    @property
    def kids(self) -> frozenset[str]:
        return frozenset(k.kid for k in self.key_set.keys)


def key_set_from_json(raw: dict[str, Any]) -> KeySet:
    return KeySet(**{**raw, "keys": [EncryptionKey(**k) for k in raw["keys"]]})


def get(session: Session, key: str) -> str | None:
    row = session.get(Setting, key)
    return row.value if row is not None else None


def put(session: Session, key: str, value: str) -> None:
    session.merge(Setting(key=key, value=value))
    session.flush()


def load(session: Session) -> SyncConfig | None:
    """The pinned data center, or None before enrollment."""
    values = {key: get(session, key) for key in (URL, DEVICE_ID, CA_PEM, CA_FINGERPRINT)}
    receipt_key, key_set = get(session, RECEIPT_KEY), get(session, KEY_SET)
    if None in values.values() or receipt_key is None or key_set is None:
        return None
    return SyncConfig(
        url=str(values[URL]),
        device_id=str(values[DEVICE_ID]),
        ca_pem=str(values[CA_PEM]),
        ca_fingerprint=str(values[CA_FINGERPRINT]),
        receipt_key=receipt_key,
        key_set=key_set_from_json(json.loads(key_set)),
    )


def save(session: Session, config: SyncConfig) -> None:
    put(session, URL, config.url)
    put(session, DEVICE_ID, config.device_id)
    put(session, CA_PEM, config.ca_pem)
    put(session, CA_FINGERPRINT, config.ca_fingerprint)
    put(session, RECEIPT_KEY, config.receipt_key)
    put(session, KEY_SET, json.dumps(asdict(config.key_set), sort_keys=True))


def save_key_set(session: Session, key_set: KeySet) -> None:
    put(session, RECEIPT_KEY, key_set.receipt_key)
    put(session, KEY_SET, json.dumps(asdict(key_set), sort_keys=True))


def forget_status(session: Session) -> None:
    """Drop the status cursor: a new enrollment's news starts from its beginning."""
    row = session.get(Setting, STATUS_CURSOR)
    if row is not None:
        session.delete(row)
        session.flush()


@dataclass(frozen=True)
class DataCenterLink:
    """The data center as the settings screen shows it."""

    #: The address enrollment pinned, None before enrollment.
    url: str | None
    #: Records are sealed to the data center's own key (not the demo key).
    enrolled: bool


def data_center_link(ws: Workspace) -> DataCenterLink:
    """Where this laptop sends its records and whether it is enrolled there, in one read."""
    with ws.transaction() as session:
        return DataCenterLink(get(session, URL), outbox.datacenter_enrolled(session))
