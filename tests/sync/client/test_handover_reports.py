"""The push reports the cards' handovers to the real data center (issue 49 §2).

A real workspace hands printed cards over with the core's own functions (signatures
from the ISDV4 pad emulator), and ``SyncClient.push`` and ``fieldkit sync push`` send
them over HTTPS to ``fieldkit-datacenter serve`` on 127.0.0.1.  Each handover the data
center keeps is confirmed on the laptop and never sent again; one it refuses (the card
is not printed there) stays to go with a later push.  No receiver's name reaches the
data center's disk.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from fieldkit.handover import cards
from fieldkit.handover.models import HandoverReport
from sync.client.client import SyncClient
from tests.fieldkit.handover.handover_support import mark_printed, sign
from tests.support import cli
from tests.sync.client.syncsupport import FixedPortDataCenter, cli_env, enroll, seal_records
from tests.sync.server.dcsupport import searched, set_state

if TYPE_CHECKING:
    from pathlib import Path

    from fieldkit.workspace import Workspace

NAMES = ("Siti Aminah", "Budi Kurir", "Wayan Sudarta")


def _kept(server: FixedPortDataCenter) -> list[dict[str, Any]]:
    engine = sa.create_engine(server.database_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                sa.text(
                    "SELECT record_id, outcome, receiver_role, courier_receipt"
                    " FROM card_handovers ORDER BY outcome"
                )
            ).mappings()
            return [dict(r) for r in rows]
    finally:
        engine.dispose()


def _confirmed(ws: Workspace) -> int:
    with ws.transaction() as session:
        return len(session.scalars(sa.select(HandoverReport)).all())


def _printed_at_both(ws: Workspace, server: FixedPortDataCenter, count: int) -> list[str]:
    ids = seal_records(ws, count)
    assert SyncClient(ws).push().ok
    for record_id in ids:
        searched(server.data, record_id)
        set_state(server.data, record_id, "PRINTED")
    assert SyncClient(ws).pull_status() == 2 * count  # print-ready, then printed
    return ids


def test_the_push_reports_each_handover_once_and_keeps_a_refused_one_for_later(
    workspace: Workspace, server: FixedPortDataCenter
) -> None:
    enroll(workspace, server)
    family, courier = _printed_at_both(workspace, server, 2)
    (not_printed,) = seal_records(workspace, 1)
    assert SyncClient(workspace).push().ok
    mark_printed(workspace, not_printed)  # the laptop believes it; the data center does not
    cards.give_card(
        workspace,
        family,
        card_uid="04A2F1C3",
        recipient=NAMES[0],
        relation=cards.Relation.GUARDIAN,
        signature=sign(),
    )
    [given] = cards.give_to_courier(
        workspace,
        [(courier, "04A2F1C4")],
        courier=NAMES[1],
        organisation="Becak Pintar",
        signature=sign(),
    )
    cards.give_card(
        workspace,
        not_printed,
        card_uid="04A2F1C5",
        recipient=NAMES[2],
        relation=cards.Relation.SELF,
        signature=sign(),
    )

    summary = SyncClient(workspace).push()
    assert summary.ok, summary.as_json()
    assert summary.as_json()["handovers"] == {
        "confirmed": 2,
        "refused": {"record_not_printed": 1},
    }
    assert _confirmed(workspace) == 2
    assert _kept(server) == [
        {
            "record_id": courier,
            "outcome": "courier",
            "receiver_role": "Kurir",
            "courier_receipt": given.batch_id,
        },
        {
            "record_id": family,
            "outcome": "family",
            "receiver_role": "Wali/pengampu",
            "courier_receipt": None,
        },
    ]

    again = SyncClient(workspace).push()
    assert again.as_json()["handovers"] == {"confirmed": 0, "refused": {"record_not_printed": 1}}
    assert len(_kept(server)) == 2, "nothing kept twice"

    searched(server.data, not_printed)
    set_state(server.data, not_printed, "PRINTED")
    last = SyncClient(workspace).push()
    assert last.as_json()["handovers"] == {"confirmed": 1, "refused": {}}
    assert [k["outcome"] for k in _kept(server)] == ["courier", "family", "owner"]
    assert _confirmed(workspace) == 3

    # The names stayed on the laptop: not in the data center's database, nor its log.
    written = b"".join(p.read_bytes() for p in server.data.rglob("*") if p.is_file())
    written += server.log.read_bytes()
    for name in NAMES:
        assert name.encode() not in written


def test_fieldkit_sync_push_reports_the_handovers(
    workspace: Workspace, home: Path, server: FixedPortDataCenter
) -> None:
    enroll(workspace, server)
    (record_id,) = _printed_at_both(workspace, server, 1)
    cards.give_card(
        workspace,
        record_id,
        card_uid="04A2F1D0",
        recipient=NAMES[0],
        relation=cards.Relation.VILLAGE_OFFICER,
        signature=sign(),
    )
    workspace.close()
    done = cli("sync", "push", "--json", env=cli_env(home))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["handovers"] == {"confirmed": 1, "refused": {}}
    assert [(k["record_id"], k["outcome"]) for k in _kept(server)] == [(record_id, "desa")]
