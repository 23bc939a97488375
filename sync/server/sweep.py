"""Deleting the blobs no record points at: what a crash between a blob and its commit leaves.

``fieldkit-datacenter blobs sweep`` calls :func:`sweep_blobs`; the function is here, not in
the CLI, so it can be run and tested beside a serving data center.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sync.server.blobs import BlobStore
    from sync.server.store import SqlStore

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SweepResult:
    """How many blobs were old enough to look at, and how many of them were deleted."""

    checked: int
    deleted: int


def sweep_blobs(store: SqlStore, blobs: BlobStore, older_than_s: float) -> SweepResult:
    """Delete the blobs older than ``older_than_s`` seconds that no record points at."""
    candidates = blobs.older_than(older_than_s)
    orphans = sorted(set(candidates) - store.referenced_blobs(candidates))
    for name in orphans:
        blobs.delete(name)
    log.info("swept %d blobs no record points at", len(orphans))
    return SweepResult(checked=len(candidates), deleted=len(orphans))
