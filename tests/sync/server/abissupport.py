"""An ABIS for the tests of the folder queue, and the data-center side's helpers.

:class:`ImageHashEngine` is MOSIP's mock ABIS made small: it reads the ANSI/NIST-ITL
transaction an insert names with IDEMIA's ``nistitl`` (an independent reader), keeps the
SHA-256 of each image record, and an identify names every other reference sharing one.
It finds a replayed file, never a second capture, which is all these tests need: the
queue must not care how matching is done.  It lives here, never in ``sync/``.
"""

from __future__ import annotations

import hashlib
import json
import threading
from typing import TYPE_CHECKING, Any

import nistitl  # type: ignore[import-untyped]
import sqlalchemy as sa

from sync.server.dedup.abis import messages as abis
from sync.server.dedup.abis.answerer import EngineRefused
from sync.server.dedup.abis.messages import Candidate, FailureReason, Modality
from sync.server.dedup.abis.queue import Decision
from sync.server.store.tables import abis_requests, state_changes

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from sqlalchemy.engine import Connection

    from sync.server.dedup.abis.folder import AbisQueue
    from sync.server.store.database import SqlStore

#: ANSI/NIST-ITL record type → MOSIP's biometricType.
_MODALITY = {14: "FIR", 17: "IIR", 10: "FID"}


class ImageHashEngine:
    """References and their images' hashes, in memory (MOSIP's mock ABIS matches so)."""

    def __init__(self) -> None:
        self.held: dict[str, dict[str, str]] = {}  # reference → image hash → biometricType
        self.lock = threading.Lock()

    @staticmethod
    def hashes_of(transaction: bytes) -> dict[str, str]:
        message = nistitl.Message()
        try:
            message.parse(transaction)
        except Exception:  # noqa: BLE001 - nistitl raises bare exceptions on bad bytes
            raise EngineRefused(FailureReason.INVALID_CBEFF_FORMAT) from None
        hashes: dict[str, str] = {}
        for kind, modality in _MODALITY.items():
            for record in message.iter(kind):
                data = record["DATA"]
                if data is not None:
                    hashes[hashlib.sha256(data.value).hexdigest()] = modality
        if not hashes:
            raise EngineRefused(FailureReason.CBEFF_HAS_NO_DATA)
        return hashes

    def insert(self, reference_id: str, transaction: bytes) -> None:
        hashes = self.hashes_of(transaction)
        with self.lock:
            if reference_id in self.held:
                raise EngineRefused(FailureReason.REFERENCE_ID_EXISTS)
            self.held[reference_id] = hashes

    def delete(self, reference_id: str) -> None:
        with self.lock:
            if self.held.pop(reference_id, None) is None:
                raise EngineRefused(FailureReason.REFERENCE_ID_NOT_FOUND)

    def __len__(self) -> int:
        return len(self.held)

    def identify(
        self,
        reference_id: str,
        gallery: Sequence[str] | None,
        max_results: int | None,
        *,
        probe: bytes | None = None,
    ) -> Sequence[Candidate]:
        with self.lock:
            held = self.held.get(reference_id) if reference_id else None
        if held is None:
            if probe is None:
                raise EngineRefused(FailureReason.REFERENCE_ID_NOT_FOUND)
            held = self.hashes_of(probe)
        with self.lock:
            found = []
            for other, hashes in self.held.items():
                if other == reference_id or (gallery is not None and other not in gallery):
                    continue
                shared = [hashes[h] for h in held.keys() & hashes.keys()]
                if shared:
                    modalities = tuple(
                        Modality(kind, {"internalScore": str(shared.count(kind))})
                        for kind in sorted(set(shared))
                    )
                    found.append(Candidate(other, {"internalScore": str(len(shared))}, modalities))
        found.sort(key=lambda c: -float(c.analytics["internalScore"]))
        return found[:max_results] if max_results is not None else found


class RecordingHook:
    """The state hook of these tests: a state_changes row written on ``conn``, and a list.

    The row is written in the transaction that applies the answer, so a crash rolls it
    back with the ledger; the list is what this process saw.
    """

    def __init__(self) -> None:
        self.seen: list[Decision] = []
        self.lock = threading.Lock()

    def __call__(self, conn: Connection, decision: Decision) -> None:
        if decision.state is not None:
            conn.execute(
                state_changes.insert().values(
                    record_id=decision.record_id,
                    device_id=decision.device_id,
                    state=str(decision.state),
                    reason=str(decision.verdict),
                    message=decision.words,
                    changed_at=abis.timestamp(),
                )
            )
        with self.lock:
            self.seen.append(decision)


def states_written(store: SqlStore) -> list[tuple[str, str]]:
    """Every (record, state) the hook committed, in order."""
    with store.reading() as conn:
        return [
            (r.record_id, r.state)
            for r in conn.execute(
                sa.select(state_changes.c.record_id, state_changes.c.state).order_by(
                    state_changes.c.cursor
                )
            )
        ]


def write_transaction(device_id: str, record_id: str, target: Path) -> None:
    """An exporter for tests of the data center's side alone (no ABIS reads the file)."""
    target.write_bytes(f"AN2 stand-in {device_id} {record_id}\n".encode())
    target.chmod(0o600)


def request_ids(store: SqlStore, operation: str) -> list[str]:
    with store.reading() as conn:
        return list(
            conn.execute(
                sa.select(abis_requests.c.request_id)
                .where(abis_requests.c.operation == operation)
                .order_by(abis_requests.c.sent_at, abis_requests.c.request_id)
            ).scalars()
        )


def answer(queue: AbisQueue, document: dict[str, Any], name: str) -> Path:
    """An ABIS's answer dropped into ``responses/`` as a whole file."""
    path = queue.folder("responses") / name
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def identify_answer(request_id: str, *candidates: str, **extra: Any) -> dict[str, Any]:
    """An identify's success as MOSIP's documentation shows it."""
    return {
        "id": abis.IDENTIFY,
        "requestId": request_id,
        "responsetime": "2026-11-27T03:00:00.000Z",
        "returnValue": "1",
        "candidateList": {
            "count": str(len(candidates)),
            "candidates": [
                {
                    "referenceId": c,
                    "analytics": {"internalScore": "112", "confidence": "90"},
                    "modalities": [{"biometricType": "FIR", "analytics": {"confidence": "90"}}],
                }
                for c in candidates
            ],
        },
    } | extra


def failure_answer(request_id: str, operation: str, reason: int) -> dict[str, Any]:
    return {
        "id": operation,
        "requestId": request_id,
        "responsetime": "2026-11-27T03:00:00.000Z",
        "returnValue": "2",
        "failureReason": str(reason),
    }
