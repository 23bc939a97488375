"""The records' blind index (issue 49 §3): find a record by name, NIK or officer, sealed.

A record's person lives only inside its sealed envelope.  To find records by the
person without keeping a name or a NIK in the clear, each searchable term of an
accepted record's header is kept as ``HMAC-SHA256(search_key, kind + term)`` in
``record_search``:

* ``nik``: the person's NIK (16 digits, exact);
* ``name``: each word of the person's name, normalised (Unicode NFKC, case-folded,
  letters and digits only), so "wulan" finds "Sasaran Rahasia WULANDARI" only as a
  whole word: a blind index matches whole terms, never part of one;
* ``officer``: the user name of the officer who made the record (the officer filter).

The key is derived from ``recorded_key`` (itself sealed to the data center's active
encryption key, ``sync.server.office.steering``), so a copy of the database without the keys
folder tells no one whose records it holds.  Terms are never logged.  Rows are written
in the record's own transaction at upload (``SqlStore.add_record``) and, for records
stored before, by ``fieldkit-datacenter records reindex``.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from fieldkit import safejson
from fieldkit.records import container
from fieldkit.records.demo import DEMO_KID, demo_private_key
from fieldkit.sealing import SealedRecord, SealError, open_sealed
from sync.protocol import RecordState, b64decode
from sync.server.office.recorded import recorded_key
from sync.server.store.tables import record_search, records

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from sync.server.keys import DataCenterKeys
    from sync.server.store.blobs import BlobStore
    from sync.server.store.database import SqlStore
    from sync.server.store.rows import StoredRecord

log = logging.getLogger(__name__)

KIND_NIK, KIND_NAME, KIND_OFFICER = "nik", "name", "officer"
NIK_DIGITS = 16
#: A person's name gives at most this many words to the index (a name is a few words).
MAX_NAME_WORDS = 12
_WORD = re.compile(r"[^\W_]+")
_NIK = re.compile(r"[0-9]{16}")
_SEARCH_INFO = b"fieldkit-dc-record-search-v1"
#: Records read per batch by ``reindex``.
_BATCH = 200


def search_key(keys: DataCenterKeys) -> bytes:
    """The index's HMAC key: derived from ``recorded_key``, so as protected as the keys."""
    return hmac.new(recorded_key(keys), _SEARCH_INFO, hashlib.sha256).digest()


def term_mac(key: bytes, kind: str, term: str) -> str:
    """``HMAC-SHA256(key, kind NUL term)`` in hex: what ``record_search`` keeps of a term."""
    return hmac.new(key, f"{kind}\x00{term}".encode(), hashlib.sha256).hexdigest()


def name_words(text: str) -> list[str]:
    """A name's words as the index keeps them: NFKC, case-folded, letters and digits only."""
    normal = unicodedata.normalize("NFKC", text).casefold()
    words: list[str] = []
    for word in _WORD.findall(normal):
        if word not in words:
            words.append(word)
    return words


def is_nik(text: str) -> bool:
    return _NIK.fullmatch(text) is not None


def header_terms(header: dict[str, Any]) -> list[tuple[str, str]]:
    """The searchable terms of a record's header, in the clear: held in memory only."""
    terms: list[tuple[str, str]] = []
    person = header.get("person")
    person = person if isinstance(person, dict) else {}
    nik = person.get("nik", header.get("nik"))
    if isinstance(nik, str) and is_nik(nik):
        terms.append((KIND_NIK, nik))
    name = person.get("name")
    if isinstance(name, str):
        terms.extend((KIND_NAME, word) for word in name_words(name)[:MAX_NAME_WORDS])
    officer = header.get("officer")
    username = officer.get("username") if isinstance(officer, dict) else None
    if isinstance(username, str) and username.strip():
        terms.append((KIND_OFFICER, username.strip().casefold()))
    return terms


def index_rows(key: bytes, terms: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """The terms as ``record_search`` keeps them: (kind, HMAC), each once."""
    rows: list[tuple[str, str]] = []
    for kind, term in terms:
        row = (kind, term_mac(key, kind, term))
        if row not in rows:
            rows.append(row)
    return rows


def matching(key: bytes, kind: str, terms: Sequence[str]) -> Any:
    """A subquery of the (device, record) pairs whose index holds every one of ``terms``."""
    macs = sorted({term_mac(key, kind, term) for term in terms})
    return (
        sa.select(record_search.c.device_id, record_search.c.record_id)
        .where(record_search.c.kind == kind, record_search.c.mac.in_(macs))
        .group_by(record_search.c.device_id, record_search.c.record_id)
        .having(sa.func.count(sa.distinct(record_search.c.mac)) == len(macs))
    )


# --- opening a record's header ---------------------------------------------------------


def open_header(
    store: SqlStore, blobs: BlobStore, keys: DataCenterKeys, stored: StoredRecord
) -> dict[str, Any] | None:
    """A stored record's JSON header, opened in memory; None if it cannot be opened.

    Only the header: the images (the container's area) are never unpacked here.
    """
    device = store.device(stored.device_id)
    private = demo_private_key() if stored.kid == DEMO_KID else keys.encryption_keys.get(stored.kid)
    if device is None or private is None:
        return None
    try:
        envelope = blobs.get(stored.sha256)
    except (OSError, KeyError):
        return None
    if hashlib.sha256(envelope).hexdigest() != stored.sha256:
        return None
    sealed = SealedRecord(
        record_id=stored.record_id,
        seq=stored.seq,
        kid=stored.kid,
        demo=stored.demo,
        envelope=envelope,
        sha256=stored.sha256,
        signature=b"",  # the outer signature was checked at ingest
    )
    try:
        payload = open_sealed(sealed, private, b64decode(device.public_key), envelope_verified=True)
        if container.is_container(payload):
            head, _area = container.split(payload)
            header = safejson.loads(head, max_bytes=container.MAX_HEADER_BYTES)
        else:
            header = safejson.loads(payload, max_bytes=len(payload) + 1)
    except (SealError, container.ContainerError, safejson.JsonRefused, ValueError):
        return None
    return header if isinstance(header, dict) else None


# --- reindex ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Reindexed:
    """What ``reindex`` did: records indexed, and those it could not open (left as they were)."""

    indexed: int
    unopened: int


def reindex(store: SqlStore, blobs: BlobStore, keys: DataCenterKeys) -> Reindexed:
    """Index every record not yet in ``record_search`` (``records reindex``); idempotent.

    Only records whose header was opened at upload: ACCEPTED and the states after it
    (a REJECTED record was never opened).  Each record's rows are one transaction.
    """
    key = search_key(keys)
    indexed = unopened = 0
    with store.reading() as conn:
        done = {
            (r.device_id, r.record_id)
            for r in conn.execute(
                sa.select(record_search.c.device_id, record_search.c.record_id).distinct()
            )
        }
        wanted = [
            (r.device_id, r.record_id)
            for r in conn.execute(
                sa.select(records.c.device_id, records.c.record_id).where(
                    records.c.state.not_in([RecordState.REJECTED.value])
                )
            )
            if (r.device_id, r.record_id) not in done
        ]
    for device_id, record_id in wanted:
        stored = store.record(device_id, record_id)
        header = None if stored is None else open_header(store, blobs, keys, stored)
        if header is None:
            unopened += 1
            continue
        rows = index_rows(key, header_terms(header))
        with store.writing() as conn:
            conn.execute(
                record_search.delete().where(
                    record_search.c.device_id == device_id, record_search.c.record_id == record_id
                )
            )
            if rows:
                conn.execute(
                    record_search.insert(),
                    [
                        {"device_id": device_id, "record_id": record_id, "kind": k, "mac": m}
                        for k, m in rows
                    ],
                )
        indexed += 1
    log.info("record search index: %d records indexed, %d could not be opened", indexed, unopened)
    return Reindexed(indexed, unopened)
