"""Penunggalan's gallery: every searched record's templates, sealed at rest, open in memory.

A fingerprint template is biometric data (it identifies the person as the image does, and
ISO 19794-2 minutiae can be turned back into a plausible print), so it is never on a disk
in the clear.  Each record's :class:`~sync.server.dedup.matcher.Templates` are
HPKE-sealed (``fieldkit.sealing.seal_to``, the suite records are sealed with) to the data
center's active encryption key and bound to the record, in ``dedup_templates``; the
searching process opens them into its memory and nowhere else.  Rebuilding them from the
sealed records at each start would cost an NBIS extraction per finger (about 50 ms, so
8 minutes per 1,000 people); opening a sealed row costs a fraction of a millisecond
(``docs/threat-model.md``, "Penunggalan", has the figures and who sees what).
"""

from __future__ import annotations

import binascii
import datetime as dt
import logging
from typing import TYPE_CHECKING

import sqlalchemy as sa

from fieldkit.records.demo import DEMO_KID
from fieldkit.sealing import SealError, open_from, seal_to
from sync.protocol import RECAPTURE_STATES, RecordState, b64decode, b64encode
from sync.server.dedup import index, matcher, snapshot
from sync.server.store.tables import dedup_templates, records

if TYPE_CHECKING:
    from pathlib import Path

    from sync.server.keys import DataCenterKeys
    from sync.server.store.database import SqlStore

log = logging.getLogger(__name__)

#: Records that are not searched against: refused, closed as a duplicate of an older record
#: (which is there itself), or sent back for recapture (the new recording replaces them).
NOT_IN_GALLERY = frozenset(
    {RecordState.RECEIVED, RecordState.REJECTED, RecordState.DUPLICATE_CLOSED} | RECAPTURE_STATES
)
_ROWS_PER_QUERY = 500
#: Rows opened (or dropped) since the snapshot before it is written again: rewriting a
#: regency's snapshot takes seconds, opening a thousand rows about five.
SNAPSHOT_AFTER = 1000


def _info(device_id: str, record_id: str, kid: str) -> bytes:
    """Binds a sealed entry to its record: copied onto another row, it does not open."""
    return f"fieldkit-dc-dedup-v1|{device_id}|{record_id}|{kid}".encode()


def sealed_row(
    keys: DataCenterKeys, device_id: str, record_id: str, templates: matcher.Templates
) -> dict[str, str]:
    """A record's ``dedup_templates`` row: its templates sealed to the active key, bound to it."""
    kid = keys.active_kid
    public = keys.encryption_keys[kid].public_key().public_bytes_raw()
    sealed = seal_to(public, templates.to_bytes(), info=_info(device_id, record_id, kid))
    return {
        "device_id": device_id,
        "record_id": record_id,
        "kid": kid,
        "sealed": b64encode(sealed),
        "made_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }


def keep(
    store: SqlStore,
    keys: DataCenterKeys,
    device_id: str,
    record_id: str,
    templates: matcher.Templates,
) -> None:
    """Seal a record's templates into the gallery (kept as it is if already there).

    A search killed after this and taken again extracts the same templates from the
    same record: the first row stands.
    """
    row = sealed_row(keys, device_id, record_id, templates)
    with store.writing() as conn:
        conn.execute(
            store.upsert(dedup_templates)
            .values(**row)
            .on_conflict_do_nothing(index_elements=["device_id", "record_id"])
        )


class Gallery:
    """The opened entries of every record in the gallery, in this process's memory only.

    :meth:`current` reads which rows are in the gallery now (record states change: a
    closed duplicate leaves it), opens only the rows it has not opened before, and forgets
    those that left.  Not shared between threads: each searcher has its own.  The index
    holds each entry's vectors, face and image hashes compactly; the entry keeps its
    templates (:func:`matcher.held`).

    ``snapshot``: where the opened gallery is kept sealed between starts (None: nowhere);
    it is written again once ``snapshot_after`` rows (or a tenth of the gallery, if more)
    were opened or dropped since it was last read or written.
    """

    def __init__(
        self,
        keys: DataCenterKeys,
        *,
        snapshot: Path | None = None,
        snapshot_after: int = SNAPSHOT_AFTER,
    ) -> None:
        self._keys = keys
        self._snapshot = snapshot
        self._snapshot_after = snapshot_after
        self._entries: list[matcher.Loaded] = []
        self._seqs: list[int] = []
        self._row_of: dict[int, int] = {}
        self._index = index.Index()
        self._changed = 0
        self._snapshot_read = snapshot is None

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def prefilter(self) -> index.Index:
        """The entries' vectors, row for row as the last :meth:`current` listed them."""
        return self._index

    def _hold(self, seq: int, loaded: matcher.Loaded) -> None:
        self._row_of[seq] = self._index.add(loaded.vectors, loaded.face, loaded.hashes)
        self._entries.append(matcher.held(loaded))
        self._seqs.append(seq)

    def _drop(self, gone: set[int]) -> None:
        """Rows no longer in the gallery out of the entries and the index.

        Rare: a closed duplicate, a recapture.
        """
        kept = [row for row, seq in enumerate(self._seqs) if seq not in gone]
        self._index = self._index.take(kept)
        self._entries = [self._entries[row] for row in kept]
        self._seqs = [self._seqs[row] for row in kept]
        self._row_of = {seq: row for row, seq in enumerate(self._seqs)}

    def _read_snapshot(self) -> None:
        self._snapshot_read = True
        if self._snapshot is None or self._entries:
            return
        kept = snapshot.read(self._snapshot, self._keys)
        if kept is not None:
            self._seqs, self._entries, self._index = kept
            self._row_of = {seq: row for row, seq in enumerate(self._seqs)}
            log.info("penunggalan gallery: %d entries from its snapshot", len(self._entries))

    def _write_snapshot(self) -> None:
        if self._snapshot is None:
            return
        if self._changed < max(self._snapshot_after, len(self._entries) // 10):
            return
        try:
            snapshot.write(self._snapshot, self._keys, self._seqs, self._entries, self._index)
        except OSError as exc:  # a full disk costs the next start time, never a search
            log.warning("penunggalan snapshot not written (%s)", exc.strerror or exc)
            return
        self._changed = 0
        log.info("penunggalan gallery: snapshot of %d entries written", len(self._entries))

    def current(self, store: SqlStore) -> list[matcher.Loaded]:
        if not self._snapshot_read:
            self._read_snapshot()
        member = (
            sa.select(
                dedup_templates.c.seq, dedup_templates.c.device_id, dedup_templates.c.record_id
            )
            .join(
                records,
                sa.and_(
                    records.c.device_id == dedup_templates.c.device_id,
                    records.c.record_id == dedup_templates.c.record_id,
                ),
            )
            .where(records.c.state.not_in([str(s) for s in NOT_IN_GALLERY]))
            .where(records.c.kid != DEMO_KID)
        )
        with store.reading() as conn:
            wanted = {row.seq: (row.device_id, row.record_id) for row in conn.execute(member)}
            # A row gone, or (a snapshot of another database) naming another record.
            gone = {
                seq
                for seq, row in self._row_of.items()
                if wanted.get(seq) != (self._entries[row].device_id, self._entries[row].record_id)
            }
            if gone:
                self._drop(gone)
                self._changed += len(gone)
            missing = sorted(set(wanted) - set(self._row_of))
            for start in range(0, len(missing), _ROWS_PER_QUERY):
                chunk = missing[start : start + _ROWS_PER_QUERY]
                rows = conn.execute(
                    sa.select(dedup_templates).where(dedup_templates.c.seq.in_(chunk))
                ).all()
                for row in sorted(rows, key=lambda r: r.seq):
                    loaded = self._open(row.device_id, row.record_id, row.kid, row.sealed)
                    if loaded is not None:
                        self._hold(row.seq, loaded)
                        self._changed += 1
        # The mean and the rows' products with it before the first search, not in it.
        self._index.prepare()
        self._write_snapshot()
        return self._entries

    def _open(self, device_id: str, record_id: str, kid: str, sealed: str) -> matcher.Loaded | None:
        private = self._keys.encryption_keys.get(kid)
        if private is None:
            log.warning("gallery entry of record %s sealed to key %s not held", record_id, kid)
            return None
        try:
            plain = open_from(private, b64decode(sealed), info=_info(device_id, record_id, kid))
            templates = matcher.Templates.from_bytes(plain)
        except (SealError, binascii.Error, ValueError, KeyError, TypeError):
            log.warning("gallery entry of record %s does not open; it is left out", record_id)
            return None
        return matcher.load(device_id, record_id, templates)


__all__ = ["NOT_IN_GALLERY", "SNAPSHOT_AFTER", "Gallery", "keep", "sealed_row"]
