"""PC/SC backend against a real pcscd + vpcd, with our virtual card on the wire."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator

import pytest

from drivers.base import CancelToken, DeviceState, StatusReason
from drivers.cardreader.pcsc import PcscCardReader, list_readers
from drivers.cardreader.vpcd_card import CardFault, VirtualCard, VpcdCard, build_atr
from drivers.errors import (
    CaptureCancelled,
    CardReason,
    CardStatusError,
    DeviceReason,
    DeviceTimeout,
    DeviceUnavailable,
    TimeoutReason,
)
from drivers.interfaces import CardEvent, CardEventKind, CardReadRequest
from drivers.staff_card import STAFF_AID, STAFF_EF, StaffCard

VIRTUAL_READER = "Virtual PCD 00 00"  # vsmartcard vpcd, first slot
VPCD_PORT = 35963
UID = bytes.fromhex("04112233445566")
STAFF = StaffCard(officer_id="PTG-3201-0042", office_code="3201")


@pytest.fixture
def reader(pcscd) -> Iterator[PcscCardReader]:
    with PcscCardReader(VIRTUAL_READER, apdu_timeout_s=1.0) as r:
        yield r


@pytest.fixture
def card(reader: PcscCardReader) -> Iterator[VpcdCard]:
    vcard = VpcdCard(VirtualCard(UID, STAFF), port=VPCD_PORT)
    vcard.insert()
    reader.wait_for_card(5.0)
    yield vcard
    vcard.remove()
    reader.wait_for_removal(5.0)


def test_lists_the_virtual_readers(pcscd) -> None:
    readers = list_readers()
    assert VIRTUAL_READER in readers
    assert "Virtual PCD 00 01" in readers


def test_status_follows_the_card(reader: PcscCardReader) -> None:
    assert reader.status().key == (DeviceState.NOT_READY, StatusReason.NO_CARD, "")
    assert not reader.card_present()
    vcard = VpcdCard(VirtualCard(UID, STAFF), port=VPCD_PORT)
    vcard.insert()
    try:
        assert reader.wait_for_card(5.0) == build_atr()
        assert reader.status().key == (DeviceState.READY, StatusReason.CARD_PRESENT, "")
        assert reader.info().address == VIRTUAL_READER
    finally:
        vcard.remove()
    reader.wait_for_removal(5.0)
    assert reader.status().state is DeviceState.NOT_READY


def test_capture_reads_atr_and_uid(reader: PcscCardReader, card: VpcdCard) -> None:
    result = reader.capture(CardReadRequest(timeout_s=5.0))
    assert result.atr == build_atr()
    assert result.uid == UID
    assert result.reader == VIRTUAL_READER
    assert result.finished_at >= result.started_at


def test_select_and_read_binary_with_offsets(reader: PcscCardReader, card: VpcdCard) -> None:
    record = STAFF.encode()
    reader.connect()
    reader.select_application(STAFF_AID)
    assert reader.select_file(STAFF_EF) == len(record)
    assert reader.read_binary(0, 4) == record[:4]
    assert reader.read_binary(5, 7) == record[5:12]
    assert reader.read_binary(len(record) - 3, 3) == record[-3:]
    # Past the end: the card answers 6B00.
    with pytest.raises(CardStatusError) as info:
        reader.read_binary(len(record), 1)
    assert info.value.reason is CardReason.WRONG_OFFSET
    assert info.value.sw == 0x6B00
    with pytest.raises(CardStatusError) as info:
        reader.select_file(0x0999)
    assert info.value.reason is CardReason.FILE_NOT_FOUND
    with pytest.raises(CardStatusError) as info:
        reader.select_application(bytes.fromhex("A000000003000000"))
    assert info.value.reason is CardReason.FILE_NOT_FOUND
    assert reader.transmit(bytes.fromhex("00EE000000")).sw == 0x6D00
    assert reader.transmit(bytes.fromhex("80B0000004")).sw == 0x6E00
    reader.disconnect()


def test_insert_and_remove_events(reader: PcscCardReader) -> None:
    events: queue.Queue[CardEvent | BaseException] = queue.Queue()
    cancel = CancelToken()

    def watch() -> None:
        try:
            for event in reader.events(cancel):
                events.put(event)
        except BaseException as exc:  # noqa: BLE001  hand any failure to the test thread
            events.put(exc)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    vcard = VpcdCard(VirtualCard(UID, STAFF), port=VPCD_PORT)
    try:
        vcard.insert()
        inserted = events.get(timeout=5)
        assert isinstance(inserted, CardEvent)
        assert inserted.kind is CardEventKind.INSERTED
        assert inserted.atr == build_atr()
    finally:
        vcard.remove()
    removed = events.get(timeout=5)
    assert isinstance(removed, CardEvent)
    assert removed.kind is CardEventKind.REMOVED
    cancel.cancel()
    watcher.join(2)
    assert not watcher.is_alive()
    assert events.empty()


def test_card_pulled_in_the_middle_of_an_apdu(reader: PcscCardReader, card: VpcdCard) -> None:
    reader.connect()
    assert reader.get_uid() == UID
    fired = card.inject(CardFault.DROP)
    start = time.monotonic()
    with pytest.raises(DeviceUnavailable) as info:
        reader.get_uid()
    assert time.monotonic() - start < 3.0
    assert fired.is_set()
    assert info.value.reason is DeviceReason.CARD_REMOVED
    assert info.value.code == "DeviceUnavailable.card_removed"


def test_card_that_stops_answering_times_out(reader: PcscCardReader) -> None:
    vcard = VpcdCard(VirtualCard(UID, STAFF), port=VPCD_PORT)
    vcard.insert()
    try:
        reader.wait_for_card(5.0)
        reader.connect()
        vcard.inject(CardFault.STALL)
        start = time.monotonic()
        with pytest.raises(DeviceTimeout) as info:
            reader.get_uid()
        assert 0.9 < time.monotonic() - start < 2.5
        assert info.value.reason is TimeoutReason.NO_RESPONSE
    finally:
        vcard.remove()
    # The reader recovers with a fresh context once the hung card is gone.
    reader.wait_for_removal(5.0)
    fresh = VpcdCard(VirtualCard(UID, STAFF), port=VPCD_PORT)
    fresh.insert()
    try:
        reader.wait_for_card(5.0)
        assert reader.get_uid() == UID
    finally:
        reader.disconnect()
        fresh.remove()
    reader.wait_for_removal(5.0)


def test_waiting_for_a_card_is_bounded_and_cancellable(reader: PcscCardReader) -> None:
    start = time.monotonic()
    with pytest.raises(DeviceTimeout) as info:
        reader.capture(CardReadRequest(timeout_s=0.5))
    assert info.value.reason is TimeoutReason.NO_CARD
    assert time.monotonic() - start < 1.5
    cancel = CancelToken()
    timer = threading.Timer(0.2, cancel.cancel)
    timer.start()
    start = time.monotonic()
    with pytest.raises(CaptureCancelled):
        reader.wait_for_card(10.0, cancel)
    assert time.monotonic() - start < 1.0


def test_unknown_reader_is_not_found(pcscd) -> None:
    with pytest.raises(DeviceUnavailable) as info:
        PcscCardReader("No Such Reader").open()
    assert info.value.reason is DeviceReason.NOT_FOUND


def test_health_check_reads_the_card(reader: PcscCardReader, card: VpcdCard) -> None:
    result = reader.health_check()
    assert result.ok, result.message
    assert {c.name for c in result.checks} >= {"pcsc_service", "reader", "card_uid"}


def test_without_pcscd_the_error_is_clear(pcscd) -> None:
    # A socket path with no daemon behind it: pcsc-lite's client honours it.
    script = (
        "from smartcard.System import readers\n"
        "from smartcard.pcsc.PCSCExceptions import EstablishContextException\n"
        "from drivers.cardreader.pcsc import list_readers, PcscCardReader\n"
        "from drivers.errors import DeviceUnavailable\n"
        "try:\n    readers()\nexcept EstablishContextException:\n    print('pyscard-raises')\n"
        "for call in (list_readers, PcscCardReader().open):\n"
        "    try:\n        call()\n    except DeviceUnavailable as e:\n        print(e.code)\n"
    )
    env = {**os.environ, "PCSCLITE_CSOCK_NAME": "/nonexistent/pcscd.comm"}
    out = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        capture_output=True,
        text=True,
        timeout=20,
        check=True,
    )
    assert out.stdout.split() == [
        "pyscard-raises",
        "DeviceUnavailable.no_service",
        "DeviceUnavailable.no_service",
    ]


def test_card_simulator_cli_stays_inserted_until_sigterm(reader: PcscCardReader) -> None:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "drivers.cardreader.vpcd_card",
            "--uid",
            "0A0B0C0D",
            "--vpcd-port",
            str(VPCD_PORT),
        ],
        stderr=subprocess.PIPE,
    )
    try:
        reader.wait_for_card(10.0)
        assert reader.get_uid() == bytes.fromhex("0A0B0C0D")
        reader.disconnect()
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(5) == 0
        reader.wait_for_removal(5.0)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(5)
        assert proc.stderr is not None
        proc.stderr.close()


def test_pcscd_stopping_makes_the_reader_unavailable(pcscd, wait_until) -> None:
    vcard = VpcdCard(VirtualCard(UID, STAFF), port=VPCD_PORT)
    reader = PcscCardReader(VIRTUAL_READER, apdu_timeout_s=1.0)
    reader.open()
    vcard.insert()
    try:
        reader.wait_for_card(5.0)
        reader.connect()
        assert reader.get_uid() == UID
        pcscd.stop()
        assert reader.status().state is DeviceState.DISCONNECTED
        with pytest.raises(DeviceUnavailable) as info:
            reader.get_uid()
        assert info.value.reason in {DeviceReason.SERVICE_STOPPED, DeviceReason.NO_SERVICE}
        with pytest.raises(DeviceUnavailable) as info:
            reader.wait_for_card(1.0)
        assert info.value.reason in {DeviceReason.SERVICE_STOPPED, DeviceReason.NO_SERVICE}
    finally:
        reader.close()
        vcard.remove()
        pcscd.start()
    wait_until(lambda: VIRTUAL_READER in list_readers(), 5.0, "readers after restart")
