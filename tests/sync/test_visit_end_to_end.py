"""One whole visit, from the village's letter to the signed handover of the printed cards.

Real parts throughout: the SQLCipher store, the simulators over their real
transports, the data center in a subprocess over HTTPS, pcscd with vpcd's
virtual reader and a card with a UID, and the ISDV4 emulator on a pty.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from drivers.cardreader.pcsc import PcscCardReader
from fieldkit import demo, finish
from fieldkit.enrollment import outcomes
from fieldkit.handover import cards
from fieldkit.handover.cards import Relation
from fieldkit.planning import targets_import
from fieldkit.reports import berita_acara, serah_terima
from fieldkit.review import queue as review_queue
from fieldkit.sarpras import checklist
from fieldkit.sarpras.checklist import Phase
from fieldkit.workspace import Workspace
from sync.client.client import SyncClient
from sync.client.enroll import enroll_laptop
from tests.fieldkit.handover.handover_support import VIRTUAL_READER, read_card, sign
from tests.fieldkit.planning.planning_support import KETUA, PASSWORD, person, plan_visit, write_csv
from tests.fieldkit.reports.report_support import (
    assert_page_one_is_not_blank,
    pdf_text,
    record_target,
)
from tests.sync.server.dcsupport import (
    DataCenterProcess,
    list_records,
    new_code,
    searched,
    set_state,
)

CARD_UIDS = ("04C0FFEE123456", "04C0FFEE654321")


@pytest.fixture
def datacenter(tmp_path: Path) -> Iterator[DataCenterProcess]:
    server = DataCenterProcess(tmp_path / "dc", tmp_path / "dc.log")
    server.start()
    yield server
    server.stop()


def _self_tests_pass(ws: Workspace, visit_id: str) -> None:
    """The self-tests on the simulators; a failure names the device and its message."""
    view = checklist.run_self_tests(ws, visit_id, Phase.CHECKOUT, sim=True)
    failed = {i.key: i.self_test_message for i in view.items if i.self_test_ok is False}
    assert not failed, failed


def test_request_to_handover(
    workspace: Workspace, datacenter: DataCenterProcess, pcscd: object, tmp_path: Path
) -> None:
    del pcscd
    started = time.monotonic()
    ws = workspace

    # 1-2. The request from Desa Sumberjo, its visit and team, and the village's list.
    visit = plan_visit(ws)[0]
    imported = targets_import.import_targets(
        ws, visit.id, write_csv(tmp_path / "sasaran.csv", [person(i) for i in range(3)])
    )
    assert imported.imported == 3
    targets = [t.id for t in targets_import.list_targets(ws, visit.id)]

    # 3. Sarpras: self-tests on the simulators, the rest checked, the ketua tim signs.
    _self_tests_pass(ws, visit.id)
    marked = checklist.mark_rest_ok(ws, visit.id, Phase.CHECKOUT)
    assert marked.complete, marked.incomplete
    with Workspace.login(ws.directory, KETUA, PASSWORD) as ketua:
        assert checklist.sign_checklist(ketua, visit.id, Phase.CHECKOUT).signed
    assert checklist.ensure_recording_allowed(ws, visit.id) is None

    # The laptop is enrolled before the trip, so records are sealed to the real key.
    enroll_laptop(
        ws,
        datacenter.url,
        new_code(datacenter.data),
        ca_fingerprint_expected=datacenter.fingerprint,
    )

    # 4. In the field: two recorded (one with two amputated fingers), one refuses.
    with demo.SimKit(slaps=True) as kit:
        first = record_target(ws, kit, visit.id, targets[0], amputated=("finger:8", "finger:9"))
        second = record_target(ws, kit, visit.id, targets[1])
    finish.record_outcome(ws, visit.id, targets[2], outcomes.Outcome.REFUSED)
    assert len(outcomes.close_visit(ws, visit.id)) == 3
    records = [first.record_id, second.record_id]

    # 5. The berita acara of the visit.
    ba = berita_acara.ba_perekaman(ws, visit.id, tmp_path / "ba-perekaman.pdf")
    assert_page_one_is_not_blank(ba, tmp_path)
    text = pdf_text(ba)
    for expected in (
        "BERITA ACARA PELAKSANAAN PEREKAMAN",
        "Budi Santoso",
        "Menolak",
        "jari manis kiri (9)",
    ):
        assert expected in text, expected

    # 6. The ketua tim looks over the flagged records (two amputated fingers; the simulated
    # slaps kept below the threshold) and approves them; back at the office, the push sends
    # both to the data center, which accepts both.
    waiting = review_queue.list_reviews(ws)
    assert first.record_id in {i.record_id for i in waiting}
    with Workspace.login(ws.directory, KETUA, PASSWORD) as ketua:
        for item in waiting:
            review_queue.approve(ketua, item.record_id, "Diperiksa; foto bukti jelas")
    summary = SyncClient(ws).push()
    assert summary.ok, summary.as_json()
    assert {r["record_id"]: r["state"] for r in list_records(datacenter.data)} == dict.fromkeys(
        records, "ACCEPTED"
    )

    # 7. The data center prints the cards; the laptop pulls the states.
    assert cards.handover_list(ws) == []
    for record_id in records:
        searched(datacenter.data, record_id)  # penunggalan's verdict (its own tests search)
        set_state(datacenter.data, record_id, "PRINTED")
    assert SyncClient(ws).pull_status() >= 2
    assert [i.record_id for i in cards.handover_list(ws)] == records

    # 8. Handover: the card's UID over PC/SC, the owner signs on the pad.
    with PcscCardReader(VIRTUAL_READER, apdu_timeout_s=1.0) as reader:
        cards.check_card(ws, first.record_id, read_card(reader, CARD_UIDS[0]))
        with pytest.raises(cards.WrongCard):  # the other card is picked up by mistake
            cards.check_card(ws, first.record_id, read_card(reader, CARD_UIDS[1]))
        given = [
            cards.give_card(
                ws,
                record_id,
                card_uid=read_card(reader, uid),
                recipient=name,
                relation=relation,
                signature=sign(),
            )
            for record_id, uid, name, relation in (
                (first.record_id, CARD_UIDS[0], "Sasaran Uji 0", Relation.SELF),
                (second.record_id, CARD_UIDS[1], "Wali Sasaran Uji 1", Relation.GUARDIAN),
            )
        ]
    assert cards.handover_list(ws) == []

    # 9. The berita acara serah terima of the day.
    bast = serah_terima.ba_serah_terima(
        ws, tmp_path / "ba-serah-terima.pdf", date=cards.local_day(given[0].handed_at)
    )
    assert_page_one_is_not_blank(bast, tmp_path)
    text = pdf_text(bast)
    for expected in (
        "BERITA ACARA SERAH TERIMA KTP-EL",
        "sebanyak 2 (dua) keping",
        "Sasaran Uji 0",
        "Sasaran Uji 1",
        *CARD_UIDS,
        "Wali/pengampu",
        "TTD pad, mutu",
    ):
        assert expected in text, expected
    assert time.monotonic() - started < 90
