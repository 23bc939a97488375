"""The words the data center signs for an audit anchor, shared by both sides.

A module of its own so the data center reads it without the laptop's audit log and its
store tables (SQLAlchemy's ORM), which every ``fieldkit-datacenter`` command paid for.
"""

from __future__ import annotations

from fieldkit import safejson


def anchor_statement(device_id: str, epoch: int, seq: int, digest: str, anchored_at: str) -> bytes:
    """What the data center signs for an anchor: one definition for both sides."""
    return safejson.canonical_json(
        {
            "kind": "fieldkit.audit_anchor",
            "device_id": device_id,
            "epoch": epoch,
            "seq": seq,
            "hash": digest,
            "anchored_at": anchored_at,
        }
    )
