"""Judging a laptop's audit head against the anchors the data center gave it before.

The laptop's audit log is a hash chain (``fieldkit.audit``); anyone holding the
store's key can rewrite it and recompute every hash, or put an older copy of the
store back.  What they cannot reach is this side's record of what the chain looked
like at each sync.  So at every sync the laptop shows its head and the hashes of
the events this side anchored, recomputed from its chain; a hash that changed means
the log was rewritten, a head behind the last anchor means it was rolled back.  A
head that extends the last anchor becomes the new anchor, signed by the receipt key
so the laptop can hold its own copy (``audit verify`` checks against it offline).

Findings never refuse records: nothing may be lost because a log was tampered with.
They are kept for the office (``fieldkit-datacenter audit findings``) until it
acknowledges them, which starts the laptop's next epoch.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fieldkit.audit_statement import anchor_statement
from sync.protocol import AuditAnchorBody, AuditProblem, AuditReport, b64encode
from sync.server.store.rows import AuditDecision, AuditFindingRow, AuditState, StoredAnchor

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric import ed25519

__all__ = ["anchor_body", "judge", "report_is_well_formed"]

_HEX = frozenset("0123456789abcdef")
#: As ``fieldkit.audit.Anchor`` reads it back: far beyond any real log, inside a BIGINT.
_MAX_SEQ = 2**62 - 1


def _is_hash(value: object) -> bool:
    return isinstance(value, str) and len(value) == 64 and set(value) <= _HEX  # noqa: PLR2004


def _is_seq(value: object) -> bool:
    return type(value) is int and 0 <= value <= _MAX_SEQ


def report_is_well_formed(report: AuditReport, max_proofs: int) -> bool:
    """Numbers in range, hashes as 64 hex digits, a bounded number of proofs."""
    if not (_is_seq(report.head_seq) and _is_hash(report.head_hash)):
        return False
    if len(report.proofs) > max_proofs:
        return False
    if not all(_is_seq(p.seq) and _is_hash(p.hash) for p in report.proofs):
        return False
    if report.problem is not None and not (
        isinstance(report.problem, str) and 0 < len(report.problem) <= 32  # noqa: PLR2004
    ):
        return False
    return report.problem_seq is None or _is_seq(report.problem_seq)


def anchor_body(anchor: StoredAnchor) -> AuditAnchorBody:
    return AuditAnchorBody(
        device_id=anchor.device_id,
        epoch=anchor.epoch,
        seq=anchor.seq,
        hash=anchor.hash,
        anchored_at=anchor.anchored_at,
        signature=anchor.signature,
    )


def judge(
    state: AuditState,
    report: AuditReport,
    *,
    now: str,
    receipt_key: ed25519.Ed25519PrivateKey,
    late: bool = False,
) -> AuditDecision:
    """The verdict on ``report`` given the laptop's anchors in ``state`` (oldest first).

    ``late``: the report may be older than the last anchor (a USB export carried to
    the office after a push over the network).  A head behind the last anchor then
    proves nothing either way: it is neither a rollback nor a new anchor, though a
    hash that contradicts an anchor it covers is still a rewrite.
    """
    latest = state.anchors[-1] if state.anchors else None
    behind = latest is not None and report.head_seq < latest.seq
    findings = _findings(state, report, late=late)
    if findings or behind or (latest is not None and report.head_seq == latest.seq):
        return AuditDecision(None, findings)
    statement = anchor_statement(
        state.device_id, state.epoch, report.head_seq, report.head_hash, now
    )
    return AuditDecision(
        StoredAnchor(
            device_id=state.device_id,
            epoch=state.epoch,
            seq=report.head_seq,
            hash=report.head_hash,
            anchored_at=now,
            signature=b64encode(receipt_key.sign(statement)),
        )
    )


def _findings(state: AuditState, report: AuditReport, *, late: bool) -> list[AuditFindingRow]:
    findings: list[AuditFindingRow] = []
    if report.problem is not None:
        seq = report.problem_seq or 0
        findings.append(
            AuditFindingRow(
                AuditProblem.BROKEN_ON_LAPTOP.value,
                seq,
                f"the laptop's own check of its log failed at event {seq} ({report.problem})",
            )
        )
    shown = {p.seq: p.hash for p in report.proofs}
    shown[report.head_seq] = report.head_hash
    for anchor in state.anchors:
        if anchor.seq in shown and shown[anchor.seq] != anchor.hash:
            findings.append(
                AuditFindingRow(
                    AuditProblem.REWRITTEN.value,
                    anchor.seq,
                    f"event {anchor.seq} differs from the one anchored on {anchor.anchored_at}: "
                    "the log was rewritten up to there",
                )
            )
            break
    if not state.anchors:
        return findings
    latest = state.anchors[-1]
    if report.head_seq < latest.seq:
        if late:
            return findings
        findings.append(
            AuditFindingRow(
                AuditProblem.ROLLED_BACK.value,
                latest.seq,
                f"the log ends at event {report.head_seq}, but it had reached event "
                f"{latest.seq} on {latest.anchored_at}: an older copy of the store is in use",
            )
        )
    elif latest.seq not in shown:
        findings.append(
            AuditFindingRow(
                AuditProblem.UNPROVEN.value,
                latest.seq,
                f"the laptop did not show event {latest.seq}, anchored on {latest.anchored_at}: "
                "the events up to there cannot be checked",
            )
        )
    return findings
