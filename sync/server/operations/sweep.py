"""Deleting the blobs no record points at: what a crash between a blob and its commit leaves.

``fieldkit-datacenter blobs sweep`` calls :func:`sweep_blobs`, and may run while laptops
push.  Its guarantee: **a blob that any record points at is never deleted, whatever the
timing.**  A blob is written before its record is committed, and blobs are shared by
content, so "no record points at it" can change under the sweep's feet.  The sweep
therefore looks the references up again and deletes only under a lock that every
record's commit also takes (``SqlStore.delete_unreferenced``), and each commit, under that
lock, writes its blob again if a sweep took it first (``SqlStore.add_record``).  The age
(``--older-than-minutes``) only spares the sweep and the uploads work: a blob written
again by an upload is young again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sync.server.store.blobs import BlobStore
    from sync.server.store.database import SqlStore

log = logging.getLogger(__name__)

#: Orphans deleted per hold of the lock: the uploads' commits wait while it is held.
BATCH = 50


@dataclass(frozen=True)
class SweepResult:
    """How many blobs were old enough to look at, and how many of them were deleted."""

    checked: int
    deleted: int


def sweep_blobs(
    store: SqlStore, blobs: BlobStore, older_than_s: float, *, batch: int = BATCH
) -> SweepResult:
    """Delete the blobs older than ``older_than_s`` seconds that no record points at.

    A first look without the lock leaves out the blobs in use (nearly all), so the
    uploads wait for the lock only while a few orphans at a time are checked again
    and deleted.
    """
    candidates = blobs.older_than(older_than_s)
    orphans = sorted(set(candidates) - store.referenced_blobs(candidates))
    deleted = 0
    for start in range(0, len(orphans), batch):
        deleted += len(store.delete_unreferenced(orphans[start : start + batch], blobs.delete))
    log.info("swept %d blobs no record points at", deleted)
    return SweepResult(checked=len(candidates), deleted=deleted)
