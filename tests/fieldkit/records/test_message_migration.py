"""Revision 0008 splits the old ``"reason: message"`` once, as the sync screen used to."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from fieldkit.store import database, keyring

_ROW = (
    "INSERT INTO sealed_records (record_id, seq, kid, demo, sha256, size, signature, state,"
    " reason, sealed_at, updated_at) VALUES (:id, :seq, 'dc-1', 0, :sha, 1, x'00', 'REJECTED',"
    " :reason, '2026-11-23 00:00:00', '2026-11-23 00:00:00')"
)


def test_an_old_joined_reason_is_split_into_code_and_words(tmp_path: Path) -> None:
    engine = database._engine(tmp_path / "fieldkit.db", keyring.new_db_key())
    try:
        database.upgrade(engine, "0007")
        old = {
            "rec-1": "kid_unknown: sealed to key dc-9: not here",
            "rec-2": "damaged",
            "rec-3": "rejected: ",
            "rec-4": None,
        }
        with engine.begin() as connection:
            for seq, (record_id, reason) in enumerate(old.items(), 1):
                connection.execute(
                    sa.text(_ROW), {"id": record_id, "seq": seq, "sha": "0" * 64, "reason": reason}
                )
        database.upgrade(engine, "head")
        with engine.connect() as connection:
            rows = connection.execute(
                sa.text("SELECT record_id, reason, message FROM sealed_records")
            ).all()
    finally:
        engine.dispose()
    assert {row[0]: (row[1], row[2]) for row in rows} == {
        "rec-1": ("kid_unknown", "sealed to key dc-9: not here"),
        "rec-2": ("damaged", None),
        "rec-3": ("rejected", None),
        "rec-4": (None, None),
    }
