"""The laptops' audit logs as the data center anchored them: state, checks, findings.

A part of :class:`~sync.server.store.database.SqlStore` (issue 24): each laptop's
anchored chain, what differs from it, and the office's acknowledgement after a restore.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from sync.protocol import Reason
from sync.server.errors import DataCenterError
from sync.server.store.base import DEVICE, StoreBase
from sync.server.store.rows import AuditDecision, AuditState, StoredAnchor
from sync.server.store.tables import audit_anchors, audit_epochs, audit_findings

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlalchemy.engine import Connection


class AuditBook(StoreBase):
    """The audit anchors' part of the store."""

    @staticmethod
    def _audit_state(conn: Connection, device_id: str) -> AuditState:
        epoch = conn.execute(
            sa.select(audit_epochs.c.epoch).where(audit_epochs.c.device_id == device_id)
        ).scalar()
        current = int(epoch or 0)
        rows = conn.execute(
            sa.select(audit_anchors)
            .where(audit_anchors.c.device_id == device_id, audit_anchors.c.epoch == current)
            .order_by(audit_anchors.c.seq)
        ).all()
        anchors = [
            StoredAnchor(r.device_id, int(r.epoch), int(r.seq), r.hash, r.anchored_at, r.signature)
            for r in rows
        ]
        return AuditState(device_id, current, anchors)

    def audit_state(self, device_id: str) -> AuditState:
        with self._read() as conn:
            return self._audit_state(conn, device_id)

    def check_audit(
        self,
        device_id: str,
        decide: Callable[[AuditState], AuditDecision],
        *,
        via: str,
        now: str,
    ) -> tuple[AuditState, AuditDecision]:
        """Read a laptop's anchors, let ``decide`` judge its head, and keep the verdict: one step.

        One transaction with the device serialised, so two syncs of one laptop at once
        (the window and the CLI, or a push beside a stick's import) cannot both judge
        against the same old anchor.
        """
        with self._write() as conn:
            self._serialise_device(conn, device_id)
            state = self._audit_state(conn, device_id)
            decision = decide(state)
            if decision.anchor is not None:
                conn.execute(
                    self._insert(audit_anchors)
                    .values(**asdict(decision.anchor))
                    .on_conflict_do_nothing(
                        index_elements=[
                            audit_anchors.c.device_id,
                            audit_anchors.c.epoch,
                            audit_anchors.c.seq,
                        ]
                    )
                )
            for finding in decision.findings:
                conn.execute(
                    self._insert(audit_findings)
                    .values(
                        device_id=device_id,
                        epoch=state.epoch,
                        problem=finding.problem,
                        seq=finding.seq,
                        detail=finding.detail,
                        via=via,
                        found_at=now,
                    )
                    .on_conflict_do_nothing(
                        index_elements=[
                            audit_findings.c.device_id,
                            audit_findings.c.epoch,
                            audit_findings.c.problem,
                            audit_findings.c.seq,
                        ]
                    )
                )
        return state, decision

    def audit_findings(self, *, include_acknowledged: bool = False) -> list[dict[str, Any]]:
        query = sa.select(audit_findings).order_by(audit_findings.c.id)
        if not include_acknowledged:
            query = query.where(audit_findings.c.acknowledged_at.is_(None))
        with self._read() as conn:
            rows = conn.execute(query).all()
        return [dict(row._mapping) for row in rows]  # noqa: SLF001 - SQLAlchemy's public Row API

    def devices_with_findings(self) -> set[str]:
        """The laptops with a finding not yet acknowledged: each once, whatever their count."""
        query = (
            sa.select(audit_findings.c.device_id)
            .where(audit_findings.c.acknowledged_at.is_(None))
            .distinct()
        )
        with self._read() as conn:
            return set(conn.execute(query).scalars())

    def acknowledge_audit(
        self,
        device_id: str,
        reason: str,
        now: str,
        *,
        also: Callable[[Connection, int], None] | None = None,
    ) -> int:
        """The office accepts the laptop's history as it is now: the next epoch, findings closed.

        ``also(conn, epoch)`` runs in the same transaction: the console writes its audit
        line there, so an acknowledgement is never made without the name of who made it.
        """
        with self._write() as conn:
            self._serialise_device(conn, device_id)
            if conn.execute(DEVICE, {"device_id": device_id}).first() is None:
                raise DataCenterError(
                    404,
                    Reason.DEVICE_UNKNOWN,
                    code="datacenter_device_unknown",
                    params={"device_id": device_id},
                )
            epoch = self._audit_state(conn, device_id).epoch + 1
            upsert = self._insert(audit_epochs).values(
                device_id=device_id, epoch=epoch, changed_at=now, reason=reason
            )
            conn.execute(
                upsert.on_conflict_do_update(
                    index_elements=[audit_epochs.c.device_id],
                    set_={"epoch": epoch, "changed_at": now, "reason": reason},
                )
            )
            conn.execute(
                audit_findings.update()
                .where(
                    audit_findings.c.device_id == device_id,
                    audit_findings.c.acknowledged_at.is_(None),
                )
                .values(acknowledged_at=now, acknowledgement=reason)
            )
            if also is not None:
                also(conn, epoch)
        return epoch
