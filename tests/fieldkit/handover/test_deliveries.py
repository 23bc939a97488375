"""The office's card deliveries on the laptop (issue 49 §2): each card under its delivery
with its state, the UID the office printed checked at the card's first read, and the
berita acara serah terima of one delivery, from the core and from the command line."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from fieldkit import office
from fieldkit.errors import InvalidInput
from fieldkit.handover import cards, deliveries
from fieldkit.handover.cards import HandoverState, Relation
from fieldkit.reports import serah_terima
from fieldkit.workspace import Workspace
from tests.fieldkit.handover.handover_support import (
    GONE,
    NUMBER,
    OFFICE_UID,
    copy_of,
    delivery_package,
    sign,
)
from tests.fieldkit.reports.report_support import (
    assert_page_one_is_not_blank,
    pdf_text,
)
from tests.support import ADMIN, ADMIN_PASSWORD, cli

OTHER_UID = "04B2C3D4E5F607"


@pytest.fixture
def workspace(printed_template: tuple[Path, list[str]], home: Path) -> Iterator[Workspace]:
    """Two people recorded, their cards printed (this test's copy), and the delivery sent."""
    ws = copy_of(printed_template[0], home)
    office.apply_package(
        ws, office.OfficePackage.from_document(delivery_package(printed_template[1]))
    )
    yield ws
    ws.close()


def test_each_card_is_listed_under_its_delivery_with_its_state(
    workspace: Workspace, records: list[str]
) -> None:
    (listed,) = deliveries.list_deliveries(workspace)
    assert (listed.number, listed.delivery_date, listed.desa_name, listed.team) == (
        NUMBER,
        dt.date(2026, 12, 1),
        "Kalipucung",
        "Tim 2",
    )
    assert [c.record_id for c in listed.cards] == [*records, GONE]
    assert [c.office_uid for c in listed.cards] == [OFFICE_UID, None, None]
    first, second, gone = listed.cards
    assert first.item is not None
    assert first.item.name == "Sasaran Uji 0"
    assert second.item is not None
    assert second.item.state is HandoverState.READY
    assert gone.item is None
    assert listed.handed_over == 0
    assert "nik" not in json.dumps(listed.as_json())  # no personal data in its JSON
    assert deliveries.find_delivery(workspace, "dst-2026-0001 ") == listed
    with pytest.raises(InvalidInput) as unknown:
        deliveries.find_delivery(workspace, "DST-2026-0099")
    assert unknown.value.code == "unknown_delivery"
    assert "No card delivery DST-2026-0099" in unknown.value.message


def test_a_card_with_another_uid_than_the_office_printed_is_refused_in_words(
    workspace: Workspace, records: list[str]
) -> None:
    first, second = records
    with pytest.raises(cards.WrongCard) as wrong:
        cards.read_card_for(workspace, first, OTHER_UID)
    assert wrong.value.code == "not_the_delivery_card"
    assert wrong.value.params == {
        "uid": OTHER_UID,
        "record": first[:8],
        "office_uid": OFFICE_UID,
        "delivery": NUMBER,
    }
    assert f"delivery {NUMBER} lists UID {OFFICE_UID}" in wrong.value.message
    # Not bound: the right card read next is compared with the office's UID, and matches.
    check = cards.read_card_for(workspace, first, OFFICE_UID.lower())
    assert (check.first_read, check.office_uid_matched) == (False, True)
    # A card the office recorded no UID for is bound at its first read, as before.
    unchecked = cards.read_card_for(workspace, second, OTHER_UID)
    assert (unchecked.first_read, unchecked.office_uid_matched) == (True, False)


def test_a_card_the_office_printed_for_someone_else_is_refused_with_their_name(
    workspace: Workspace, records: list[str]
) -> None:
    # Issue 56.1: the first person's card (the UID the office printed for them) read for the
    # second, whose card has no UID in a delivery, was bound to the second without a word.
    first, second = records
    for give in (
        lambda: cards.read_card_for(workspace, second, OFFICE_UID),
        lambda: cards.give_card(
            workspace,
            second,
            card_uid=OFFICE_UID,
            recipient="Siti Aminah",
            relation=Relation.GUARDIAN,
            signature=sign(),
        ),
    ):
        with pytest.raises(cards.WrongCard) as wrong:
            give()
        assert wrong.value.code == "card_printed_for_another"
        assert wrong.value.params == {
            "uid": OFFICE_UID,
            "record": second[:8],
            "person": "Sasaran Uji 1",
            "name": "Sasaran Uji 0",
        }
        assert "printed for Sasaran Uji 0, not Sasaran Uji 1's card" in wrong.value.message
    assert cards.read_card_for(workspace, first, OFFICE_UID).office_uid_matched
    (listed,) = deliveries.list_deliveries(workspace)
    assert [c.item.state for c in listed.cards[:2] if c.item] == [HandoverState.READY] * 2


def test_the_berita_acara_of_a_delivery_lists_every_card_and_its_outcome(
    workspace: Workspace, records: list[str], tmp_path: Path
) -> None:
    first, _second = records
    given = cards.give_card(
        workspace,
        first,
        card_uid=OFFICE_UID,
        recipient="Siti Aminah",
        relation=Relation.GUARDIAN,
        signature=sign(),
    )
    assert deliveries.find_delivery(workspace, NUMBER).handed_over == 1
    pdf = serah_terima.ba_serah_terima_delivery(workspace, tmp_path / "bast.pdf", NUMBER)
    assert_page_one_is_not_blank(pdf, tmp_path)
    text = pdf_text(pdf)
    for expected in (
        "BERITA ACARA SERAH TERIMA KTP-EL",
        f"Pengiriman : {NUMBER}",
        "Tanggal pengiriman : Selasa, 1 Desember 2026",
        "Kalipucung (3505012001)",
        "Wonodadi (350501)",
        "Tim : Tim 2",
        "sebanyak 3 (tiga) keping, 1 (satu) keping di antaranya telah diserahkan",
        "Sasaran Uji 0",
        "Sasaran Uji 1",
        f"Rekaman {GONE[:8]}",
        OFFICE_UID,
        "Diserahkan kepada Siti Aminah (Wali/pengampu)",
        f"TTD pad, mutu {given.signature_score:.0f}",
        "Belum diserahkan",
        "sebanyak 2 (dua) keping dibawa kembali",
        "Admin Uji",
    ):
        assert expected in text, expected
    assert text.count("Belum diserahkan") == 2


def test_the_command_line_makes_the_berita_acara_of_a_delivery(
    workspace: Workspace, records: list[str], tmp_path: Path
) -> None:
    del records
    out = tmp_path / "bast.pdf"
    env = {"FIELDKIT_PASSWORD": ADMIN_PASSWORD, "FIELDKIT_OFFICER": ADMIN}
    workspace.close()
    done = cli(
        "report", "ba-serah-terima", "--delivery", NUMBER, "--out", str(out), "--json", env=env
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout)["delivery"] == NUMBER
    assert "Kalipucung" in pdf_text(out)
    both = cli(
        "report",
        "ba-serah-terima",
        "--delivery",
        NUMBER,
        "--date",
        "2026-12-01",
        "--out",
        str(out),
        "--json",
        env=env,
    )
    assert both.returncode == 1
    assert json.loads(both.stdout)["error"]["code"] == "cli_serah_terima_delivery_alone"
