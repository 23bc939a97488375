"""Show the data center this laptop's audit head, prove the events it anchored, keep its answer.

The other half of ``sync.server.intake.anchors``: once per push, after the records.  The
laptop asks which event the data center anchored last, walks its chain once
(``fieldkit.audit.checkpoint``) for the hashes of that event and of the anchors it
keeps itself, and sends them with the head.  The answer is the new anchor, signed
by the data center's receipt key, kept beside the store for ``audit verify``; or
what the data center found different, which the officer is told about and the
audit log records.  Nothing here holds a record back: a tampered log is the
office's matter, the records still go.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cryptography.exceptions import InvalidSignature

from fieldkit import audit, sentences
from sync.client.errors import SYNC_CONTEXT, SyncError, SyncReason

if TYPE_CHECKING:
    from collections.abc import Callable

    from fieldkit.workspace import Workspace
    from sync.client.config import SyncConfig
    from sync.client.transport import Transport

log = logging.getLogger(__name__)

__all__ = ["AuditCheck", "anchor_audit", "keep_answer", "report"]

#: An older data center without the audit endpoints answers 404: the push goes on.
_NOT_FOUND = 404


@dataclass
class AuditCheck:
    """The data center's verdict on this laptop's audit log at this push."""

    #: ``sync.protocol.AuditProblem`` values; empty when the head was anchored.
    problems: list[str] = field(default_factory=list)
    anchored_seq: int | None = None

    @property
    def differs(self) -> bool:
        return bool(self.problems)

    def as_json(self) -> dict[str, Any]:
        return {"problems": self.problems, "anchored_seq": self.anchored_seq}

    def sentence(self, words: Callable[[str, str, dict[str, object]], str]) -> str:
        """What the officer reads, through ``words`` (the window's language, or English)."""
        named = ", ".join(
            words(SYNC_CONTEXT, f"detail.audit.{p}", {}) for p in sorted(set(self.problems))
        )
        return words(SYNC_CONTEXT, "detail.audit_differs", {"problems": named})

    def english(self) -> str:
        return self.sentence(sentences.english)


def _anchor_from(raw: object, settings: SyncConfig) -> audit.Anchor | None:
    """The data center's anchor in an answer, checked: its key signed it, for this laptop."""
    if raw is None:
        return None
    try:
        anchor = audit.Anchor.from_json(raw)
        anchor.verify(settings.receipt_public_key)
    except (ValueError, InvalidSignature) as exc:
        raise SyncError(SyncReason.BAD_RESPONSE) from exc
    if anchor.device_id != settings.device_id:
        raise SyncError(SyncReason.BAD_RESPONSE)
    return anchor


def report(ws: Workspace, settings: SyncConfig, prove: audit.Anchor | None) -> dict[str, Any]:
    """The head, and the hashes of ``prove`` and of the anchors kept here (one chain walk)."""
    kept = audit.binding_anchors(audit.load_anchors(ws.directory, settings.receipt_public_key))
    seqs = {a.seq for a in kept} | ({prove.seq} if prove is not None else set())
    with ws.transaction() as session:
        walked = audit.checkpoint(session, seqs)
    body: dict[str, Any] = {
        "head_seq": walked.head_seq,
        "head_hash": walked.head_hash,
        "proofs": [{"seq": s, "hash": h} for s, h in sorted(walked.hashes.items())],
    }
    if walked.first_bad is not None:
        body["problem"] = walked.first_bad.problem.value
        body["problem_seq"] = walked.first_bad.seq
    return body


def anchor_audit(ws: Workspace, transport: Transport, settings: SyncConfig) -> AuditCheck | None:
    """One round: ask, prove, keep.  ``None`` from a data center that predates anchors."""
    try:
        asked = transport.request("GET", "/v1/audit/anchor")
    except SyncError as error:
        if error.status == _NOT_FOUND:
            log.info("the data center keeps no audit anchors (an older version)")
            return None
        raise
    try:
        prove = _anchor_from(asked.json()["anchor"], settings)
    except (ValueError, KeyError, TypeError) as exc:
        raise SyncError(SyncReason.BAD_RESPONSE) from exc
    body = json.dumps(report(ws, settings, prove)).encode()
    answer = transport.request("POST", "/v1/audit", body, {"content-type": "application/json"})
    try:
        raw = answer.json()
    except ValueError as exc:
        raise SyncError(SyncReason.BAD_RESPONSE) from exc
    return keep_answer(ws, settings, raw)


def keep_answer(ws: Workspace, settings: SyncConfig, raw: object) -> AuditCheck:
    """Keep the data center's anchor from an answer (over the network or on a stick)."""
    try:
        if not isinstance(raw, dict):
            raise TypeError  # noqa: TRY301 - one refusal for every wrong shape
        anchor = _anchor_from(raw["anchor"], settings)
        problems = [str(f["problem"]) for f in raw["findings"]]
    except (KeyError, TypeError) as exc:
        raise SyncError(SyncReason.BAD_RESPONSE) from exc
    if anchor is not None:
        audit.keep_anchor(ws.directory, anchor, settings.receipt_public_key)
    check = AuditCheck(problems, None if anchor is None else anchor.seq)
    if check.differs:
        log.warning("the data center finds this laptop's audit log changed: %s", problems)
        with ws.transaction() as session:
            audit.append(
                session,
                ws.officer.username,
                "sync.audit_differs",
                None,
                {"problems": ",".join(sorted(set(problems)))[:200]},
            )
    return check
