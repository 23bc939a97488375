"""The ABIS ledger's words (``abis_requests``): its outcomes, a verdict, its write lock.

The ledger is the arbiter of the hand-on (:mod:`sync.server.dedup.abis.queue`): what was
sent (:mod:`.sending`) and what was answered (:mod:`.queue`) are both written there.
What both sides name lives here, below both.
"""

from __future__ import annotations

import contextlib
import enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sqlalchemy.engine import Connection

    from sync.server.store.database import SqlStore

#: The ``abis_requests.outcome`` of an insert the ABIS stored (or already held: 10).
INSERTED = "inserted"


#: The ``abis_requests.outcome`` of a delete the ABIS did (or had nothing to delete: 12).
DELETED = "deleted"


class Verdict(enum.StrEnum):
    """What an identify's answer means for the record."""

    DUPLICATE = "duplicate"
    PRINT_READY = "print_ready"
    ENROLL_FAILURE = "enroll_failure"
    #: The ABIS could not search (down, the reference expired, a request it could not
    #: read): nothing is decided, and the record is sent again at the next submit.
    RETRY = "retry"


@contextlib.contextmanager
def alone(store: SqlStore) -> Iterator[Connection]:
    """A write transaction holding SQLite's write lock from its first statement."""
    with store.writing() as conn:
        if store.is_sqlite:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        yield conn
