"""Handing printed cards over: the list, the card check over real PC/SC, signatures, couriers."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from drivers.cardreader.pcsc import PcscCardReader
from fieldkit.handover import cards
from fieldkit.handover.cards import HandoverState, Relation
from fieldkit.handover.models import Handover
from fieldkit.reports import serah_terima
from fieldkit.reports.photos import set_include_photos
from fieldkit.workspace import Workspace
from tests.fieldkit.handover.handover_support import VIRTUAL_READER, mark_printed, read_card, sign
from tests.fieldkit.reports.report_support import (
    RecordedVisit,
    assert_page_one_is_not_blank,
    embedded_images,
    pdf_text,
    recorded_visit,
)
from tests.support import wildcard_twin

CARD_A = "04A1B2C3D4E5F6"
CARD_B = "04B2C3D4E5F607"


@pytest.fixture
def reader(pcscd: object) -> Iterator[PcscCardReader]:
    del pcscd
    with PcscCardReader(VIRTUAL_READER, apdu_timeout_s=1.0) as r:
        yield r


@pytest.fixture
def visit(workspace: Workspace, tmp_path: Path) -> RecordedVisit:
    return recorded_visit(workspace, tmp_path)


def test_a_printed_card_is_bound_read_again_and_handed_over(
    workspace: Workspace, visit: RecordedVisit, reader: PcscCardReader, tmp_path: Path
) -> None:
    ws = workspace
    first, second = visit.records
    assert cards.handover_list(ws) == []  # nothing printed yet
    mark_printed(ws, first)
    mark_printed(ws, second, "READY_FOR_HANDOVER")
    listed = cards.handover_list(ws)
    assert [i.record_id for i in listed] == [first, second]
    assert listed[0].name == "Sasaran Uji 0"
    assert listed[0].as_json()["nik"] != listed[0].nik  # masked in JSON
    assert {i.state for i in listed} == {HandoverState.READY}

    uid = read_card(reader, CARD_A)
    assert uid == CARD_A
    cards.check_card(ws, first[:8], uid)  # first read: bound
    with pytest.raises(cards.WrongCard) as not_its_card:
        cards.check_card(ws, first, read_card(reader, CARD_B))
    assert not_its_card.value.code == "wrong_card"
    assert not_its_card.value.params == {"uid": CARD_B, "record": first[:8], "bound_uid": CARD_A}
    assert "not the card of record" in not_its_card.value.message
    with pytest.raises(cards.WrongCard) as of_another:
        cards.give_card(
            ws,
            second,
            card_uid=CARD_A,
            recipient="Ibu Uji",
            relation=Relation.FAMILY,
            signature=sign(),
        )
    assert of_another.value.code == "card_of_another_record"
    assert of_another.value.params == {
        "uid": CARD_A,
        "record": second[:8],
        "other": first[:8],
        "name": "Sasaran Uji 0",  # the card's owner by name, not only a record id
    }
    assert "is Sasaran Uji 0's card" in of_another.value.message
    info = cards.give_card(
        ws,
        first,
        card_uid=read_card(reader, CARD_A),
        recipient="Sasaran Uji 0",
        relation=Relation.SELF,
        signature=sign(),
    )
    assert info.signature_score is not None
    assert info.signature_score >= 50
    assert [i.record_id for i in cards.handover_list(ws)] == [second]
    with pytest.raises(cards.AlreadyHandedOver):
        cards.give_card(
            ws, first, card_uid=CARD_A, recipient="X", relation=Relation.SELF, signature=sign()
        )

    pdf = serah_terima.ba_serah_terima(
        ws, tmp_path / "bast.pdf", date=cards.local_day(info.handed_at)
    )
    assert_page_one_is_not_blank(pdf, tmp_path)
    assert embedded_images(pdf) == 0  # the default: no picture leaves the office
    text = pdf_text(pdf)
    for expected in (
        "BERITA ACARA SERAH TERIMA KTP-EL",
        "sebanyak 1 (satu) keping",
        "Sasaran Uji 0",
        CARD_A,
        "Pemilik KTP-el",
        "langsung",
        "TTD pad, mutu",
        "Yang Menyerahkan",
        "Admin Uji",
    ):
        assert expected in text, expected

    set_include_photos(ws, enabled=True)
    pdf = serah_terima.ba_serah_terima(ws, tmp_path / "bast-foto.pdf", handover_ids=[info.id])
    assert embedded_images(pdf) == 1  # the signature, because the admin allowed it


def test_courier_receipt_then_delivery_reported_by_the_courier(
    workspace: Workspace, visit: RecordedVisit, reader: PcscCardReader, tmp_path: Path
) -> None:
    ws = workspace
    first, second = visit.records
    mark_printed(ws, first)
    mark_printed(ws, second)
    batch = cards.give_to_courier(
        ws,
        [(first, read_card(reader, CARD_A)), (second, read_card(reader, CARD_B))],
        courier="Pak Kurir Uji",
        organisation="Becak Pintar",
        signature=sign("loops"),
    )
    assert len({b.batch_id for b in batch}) == 1
    assert {i.state for i in cards.handover_list(ws)} == {HandoverState.WITH_COURIER}
    with pytest.raises(cards.AlreadyHandedOver) as with_courier:
        cards.give_card(
            ws, first, card_uid=CARD_A, recipient="X", relation=Relation.SELF, signature=sign()
        )
    assert with_courier.value.code == "handover_with_courier"
    assert with_courier.value.params["record"] == first[:8]
    reported = cards.confirm_delivery(ws, first, recipient="Sasaran Uji 0", relation=Relation.SELF)
    assert reported.source == "courier_report"
    signed = cards.confirm_delivery(
        ws,
        second,
        recipient="Wali Uji",
        relation=Relation.GUARDIAN,
        signature=sign("flourish"),
        card_uid=CARD_B,
    )
    assert signed.source == "signed"
    assert cards.handover_list(ws) == []
    text = pdf_text(
        serah_terima.ba_serah_terima(
            ws, tmp_path / "kurir.pdf", date=cards.local_day(signed.handed_at)
        )
    )
    for expected in ("Becak Pintar", "Pak Kurir Uji", "kepada kurir", "Laporan kurir", "Wali"):
        assert expected in text, expected
    # Two cards, each handed to the courier and then delivered: four rows, two cards.
    assert "sebanyak 2 (dua) keping" in text
    # The delivery the courier reported read no card: its row names the card bound before.
    assert text.count(CARD_A) == 2, text


def test_refusals_not_printed_empty_signature_and_bad_input(
    workspace: Workspace, visit: RecordedVisit, tmp_path: Path
) -> None:
    ws = workspace
    first, second = visit.records
    with pytest.raises(cards.NotPrinted) as not_printed:
        cards.give_card(
            ws, first, card_uid=CARD_A, recipient="X", relation=Relation.SELF, signature=sign()
        )
    assert not_printed.value.params["record"] == first[:8]
    assert f"record {first[:8]} is not printed yet" in not_printed.value.message
    mark_printed(ws, first, "DEDUPLICATED")
    with pytest.raises(cards.NotPrinted) as refused:
        cards.check_card(ws, first, CARD_A)
    assert refused.value.params["state"] == "DEDUPLICATED"
    mark_printed(ws, first)
    empty = sign("empty", timeout_s=0.5)  # nobody signs: the pad times out with no ink
    assert empty.samples == ()
    with pytest.raises(cards.SignatureRejected) as rejected:
        cards.give_card(
            ws, first, card_uid=CARD_A, recipient="X", relation=Relation.SELF, signature=empty
        )
    assert rejected.value.code == "signature_rejected"
    assert rejected.value.report.problems[0] == "empty"
    assert cards.handover_list(ws)[0].state is HandoverState.READY  # nothing was recorded
    with pytest.raises(cards.InvalidInput) as bad_uid:
        cards.check_card(ws, first, "not-a-uid")
    assert (bad_uid.value.code, bad_uid.value.params) == ("card_uid_not_hex", {"uid": "not-a-uid"})
    with pytest.raises(cards.InvalidInput) as short_uid:
        cards.check_card(ws, first, "0102")
    assert short_uid.value.code == "card_uid_length"
    with pytest.raises(cards.UnknownRecord) as unknown:
        cards.check_card(ws, "ffffffff", CARD_A)
    assert (unknown.value.code, unknown.value.params["record"]) == ("unknown_record", "ffffffff")
    with pytest.raises(cards.UnknownRecord) as too_short:
        cards.check_card(ws, "ff", CARD_A)
    assert (too_short.value.code, too_short.value.params) == ("record_id_too_short", {"min": "4"})
    with pytest.raises(cards.InvalidInput) as no_name:
        cards.give_card(
            ws, first, card_uid=CARD_A, recipient="  ", relation=Relation.SELF, signature=sign()
        )
    assert no_name.value.code == "handover_field_required"
    assert no_name.value.params["field"] == "recipient's name"
    with pytest.raises(cards.InvalidInput) as nothing_handed:
        serah_terima.ba_serah_terima(ws, tmp_path / "none.pdf", date=visit.revisit)
    assert nothing_handed.value.code == "no_handover_on_date"
    assert nothing_handed.value.params == {"when": visit.revisit.isoformat()}
    del second


def test_percent_and_underscore_in_a_record_id_match_only_themselves(
    workspace: Workspace, visit: RecordedVisit
) -> None:
    """Issue 24: a record id prefix is literal, not an SQL LIKE pattern."""
    first = visit.records[0]
    mark_printed(workspace, first)
    for ref in (wildcard_twin(first), "%%%%", "____"):
        with pytest.raises(cards.UnknownRecord) as unknown:
            cards.check_card(workspace, ref, CARD_A)
        assert unknown.value.code == "unknown_record", ref


@pytest.fixture
def jakarta_clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The laptop's clock on WIB (UTC+7), as in a Javanese office; UTC again afterwards."""
    monkeypatch.setenv("TZ", "Asia/Jakarta")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.skipif(not hasattr(time, "tzset"), reason="the clock's zone is set by TZ on POSIX")
def test_the_day_of_a_handover_is_the_office_s_day_not_utc(
    workspace: Workspace, visit: RecordedVisit, jakarta_clock: None, tmp_path: Path
) -> None:
    """06.30 WIB on the 24th is 23.30 UTC on the 23rd: the BA of the 24th lists it."""
    del jakarta_clock
    ws = workspace
    first = visit.records[0]
    mark_printed(ws, first)
    info = cards.give_card(
        ws, first, card_uid=CARD_A, recipient="Ibu Uji", relation=Relation.FAMILY, signature=sign()
    )
    early_morning = dt.datetime(2026, 11, 23, 23, 30, tzinfo=dt.UTC)
    with ws.transaction() as session:
        entry = session.get(Handover, info.id)
        assert entry is not None
        entry.handed_at = early_morning
    assert cards.local_day(early_morning) == dt.date(2026, 11, 24)
    assert [h.id for h in cards.handovers(ws, on=dt.date(2026, 11, 24))] == [info.id]
    assert cards.handovers(ws, on=dt.date(2026, 11, 23)) == []
    pdf = serah_terima.ba_serah_terima(ws, tmp_path / "pagi.pdf", handover_ids=[info.id])
    text = pdf_text(pdf)
    assert "24 November 2026" in text
    assert "23 November 2026" not in text
