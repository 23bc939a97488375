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
from sync.server.dedup import index, matcher
from sync.server.store import dedup_templates, records

if TYPE_CHECKING:
    from sync.server.keys import DataCenterKeys
    from sync.server.store import SqlStore

log = logging.getLogger(__name__)

#: Records that are not searched against: refused, closed as a duplicate of an older record
#: (which is there itself), or sent back for recapture (the new recording replaces them).
NOT_IN_GALLERY = frozenset(
    {RecordState.RECEIVED, RecordState.REJECTED, RecordState.DUPLICATE_CLOSED} | RECAPTURE_STATES
)
_ROWS_PER_QUERY = 500


def _info(device_id: str, record_id: str, kid: str) -> bytes:
    """Binds a sealed entry to its record: copied onto another row, it does not open."""
    return f"fieldkit-dc-dedup-v1|{device_id}|{record_id}|{kid}".encode()


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
    kid = keys.active_kid
    public = keys.encryption_keys[kid].public_key().public_bytes_raw()
    sealed = seal_to(public, templates.to_bytes(), info=_info(device_id, record_id, kid))
    with store.writing() as conn:
        conn.execute(
            store.upsert(dedup_templates)
            .values(
                device_id=device_id,
                record_id=record_id,
                kid=kid,
                sealed=b64encode(sealed),
                made_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            )
            .on_conflict_do_nothing(index_elements=["device_id", "record_id"])
        )


class Gallery:
    """The opened entries of every record in the gallery, in this process's memory only.

    :meth:`current` reads which rows are in the gallery now (record states change: a
    closed duplicate leaves it), opens only the rows it has not opened before, and forgets
    those that left.  Not shared between threads: each searcher has its own.
    """

    def __init__(self, keys: DataCenterKeys) -> None:
        self._keys = keys
        self._opened: dict[int, matcher.Loaded] = {}
        # The pre-filter's rows, in the order :meth:`current` lists its entries.
        self._order: list[int] = []
        self._index = index.Index()

    def __len__(self) -> int:
        return len(self._opened)

    @property
    def prefilter(self) -> index.Index:
        """The entries' vectors, row for row as the last :meth:`current` listed them."""
        return self._index

    def _follow(self) -> None:
        """Rows for the entries opened since; all of them again when one has left.

        An entry leaves rarely: a closed duplicate, a recapture.
        """
        if any(seq not in self._opened for seq in self._order):
            self._order, self._index = [], index.Index()
        for seq in sorted(set(self._opened) - set(self._order)):
            self._order.append(seq)
            self._index.add(self._opened[seq].vectors)

    def current(self, store: SqlStore) -> list[matcher.Loaded]:
        member = (
            sa.select(dedup_templates.c.seq)
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
            wanted = set(conn.execute(member).scalars())
            for gone in set(self._opened) - wanted:
                del self._opened[gone]
            missing = sorted(wanted - set(self._opened))
            for start in range(0, len(missing), _ROWS_PER_QUERY):
                chunk = missing[start : start + _ROWS_PER_QUERY]
                rows = conn.execute(
                    sa.select(dedup_templates).where(dedup_templates.c.seq.in_(chunk))
                ).all()
                for row in rows:
                    loaded = self._open(row.device_id, row.record_id, row.kid, row.sealed)
                    if loaded is not None:
                        self._opened[row.seq] = loaded
        self._follow()
        return [self._opened[seq] for seq in self._order]

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


__all__ = ["NOT_IN_GALLERY", "Gallery", "keep"]
