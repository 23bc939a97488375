from __future__ import annotations

import json
import queue
import sys
from collections.abc import Iterator

import pytest
import serial.tools
from serial.tools import list_ports
from serial.tools.list_ports_common import ListPortInfo

from drivers.base import DeviceState, Modality
from drivers.errors import DeviceReason, DeviceUnavailable
from drivers.fingerprint.zfm_sim import Fault, ZfmEmulator
from fieldkit import sentences
from fieldkit.devices import (
    DeviceConfig,
    DeviceError,
    DeviceSupervisor,
    SelfTestReport,
    list_devices,
    list_serial_ports,
    self_test_devices,
    takes_serial_port,
    with_option,
)
from fieldkit.events import DeviceStatus, Event, EventBus
from tests.support import cli


@pytest.fixture
def emulator() -> Iterator[ZfmEmulator]:
    emulator = ZfmEmulator()
    emulator.start()
    yield emulator
    emulator.stop()


@pytest.fixture
def emulator_port(emulator: ZfmEmulator) -> str:
    return emulator.port


def test_simulated_devices_are_listed_ready() -> None:
    reports = {r.kind: r for r in list_devices(sim=True)}
    assert reports[Modality.FINGERPRINT].state is DeviceState.READY
    assert reports[Modality.CARD].state is DeviceState.READY
    assert reports[Modality.CARD].info["capabilities"]


def test_self_tests_of_the_simulators_pass() -> None:
    reports = {r.kind: r for r in self_test_devices(sim=True)}
    assert reports[Modality.FINGERPRINT].ok
    assert reports[Modality.FINGERPRINT].duration_s > 0


def _scanner_self_test(port: str) -> SelfTestReport:
    config = DeviceConfig()
    config.use(Modality.FINGERPRINT, "zfm", {"port": port})
    reports = self_test_devices(config=config)
    return next(r for r in reports if r.kind is Modality.FINGERPRINT)


def test_a_device_that_fails_once_is_tested_again_alone_and_passes(
    emulator: ZfmEmulator,
) -> None:
    # Noise on the line for one answer: the first health check fails, the second is clean.
    emulator.inject(Fault.GARBAGE, 1)
    report = _scanner_self_test(emulator.port)
    assert report.ok, report.message
    assert report.attempts == 2
    assert report.as_json()["attempts"] == 2


def test_a_device_that_fails_twice_is_recorded_failed(emulator: ZfmEmulator) -> None:
    emulator.inject(Fault.GARBAGE, 6)
    report = _scanner_self_test(emulator.port)
    assert not report.ok
    assert report.attempts == 2
    assert "noise" in report.message


def test_a_device_that_passes_at_once_is_tested_once(emulator_port: str) -> None:
    report = _scanner_self_test(emulator_port)
    assert report.ok, report.message
    assert report.attempts == 1


def test_a_driver_error_becomes_a_known_error_with_its_reason() -> None:
    error = DeviceError(DeviceUnavailable("Scanner unplugged.", reason=DeviceReason.UNPLUGGED))
    assert error.code == "device_unplugged"
    # The catalogue's sentence, by the reason; the driver's own words go to the log only.
    assert error.message == sentences.english("devices", "device_unplugged", error.params)
    assert error.message.startswith("The device is unplugged.")
    assert error.hint is not None
    assert "cable" in error.hint


def test_a_driver_error_in_a_command_exits_1_with_the_message() -> None:
    done = cli("sim", "card", "--vpcd-port", "1")
    assert done.returncode == 1
    assert "vpcd is not reachable" in done.stderr


def test_device_json_is_stable() -> None:
    done = cli("devices", "list", "--sim", "--json")
    entry = next(e for e in json.loads(done.stdout) if e["kind"] == "fingerprint")
    assert entry["info"]["backend"] == "sim"


def test_a_pinned_backend_is_used_and_auto_returns_to_detection(home, emulator_port) -> None:
    done = cli(
        "devices", "use", "fingerprint", "zfm", "--option", f"port={emulator_port}", "--json"
    )
    assert done.returncode == 0, done.stderr
    assert json.loads((home / "devices.json").read_text())["devices"]["fingerprint"] == {
        "backend": "zfm",
        "options": {"port": emulator_port},
    }
    entries = {e["kind"]: e for e in json.loads(cli("devices", "list", "--json").stdout)}
    assert entries["fingerprint"]["backend"] == "zfm"
    assert entries["fingerprint"]["status"] == "ready"
    assert entries["fingerprint"]["info"]["address"] == emulator_port
    assert cli("devices", "use", "fingerprint", "auto").returncode == 0
    entries = {e["kind"]: e for e in json.loads(cli("devices", "list", "--json").stdout)}
    assert entries["fingerprint"]["backend"] is None


def test_pinning_an_unknown_backend_is_refused(home) -> None:
    done = cli("devices", "use", "fingerprint", "nonsense")
    assert done.returncode == 1
    assert "known: sbi, sim, zfm" in done.stderr
    bad = cli("devices", "use", "fingerprint", "zfm", "--option", "port")
    assert bad.returncode == 1
    assert "key=value" in bad.stderr


def test_a_damaged_config_falls_back_to_detection(home) -> None:
    home.mkdir(parents=True)
    (home / "devices.json").write_text("{ not json")
    assert DeviceConfig.load(home).choices == {}


def test_supervisor_publishes_each_device_and_falls_back_to_simulators_when_chosen() -> None:
    events: queue.Queue[Event] = queue.Queue()
    bus = EventBus()
    bus.connect(events.put)
    supervisor = DeviceSupervisor(bus, config=DeviceConfig(), fallback_to_sim=True, interval_s=0.2)
    supervisor.start()
    # No camera, scanner or pad is attached to a test machine, so these run their simulators.
    # (The card reader may be a real one: another test's pcscd with vpcd readers.)
    expected = {"face", "fingerprint", "iris", "signature"}
    try:
        ready: dict[str, DeviceStatus] = {}
        while not expected <= ready.keys():
            event = events.get(timeout=15)
            assert isinstance(event, DeviceStatus)
            if event.state == "ready":
                ready[event.kind] = event
        assert all(ready[kind].simulated for kind in expected)
        assert supervisor.device(Modality.FACE) is not None
    finally:
        supervisor.stop()


def test_supervisor_never_falls_back_to_simulators_by_itself() -> None:
    """Observation 4: a real store with no hardware silently recorded from the simulators."""
    events: queue.Queue[Event] = queue.Queue()
    bus = EventBus()
    bus.connect(events.put)
    supervisor = DeviceSupervisor(bus, config=DeviceConfig(), interval_s=0.2)
    assert not supervisor.simulated
    supervisor.start()
    try:
        seen: dict[str, DeviceStatus] = {}
        while len(seen) < len(Modality):
            event = events.get(timeout=15)
            assert isinstance(event, DeviceStatus)
            seen[event.kind] = event
        assert seen["face"].state == "disconnected"
        assert (seen["face"].reason, seen["face"].error) == ("failed", "not_found")
        assert not any(status.simulated for status in seen.values())
        assert supervisor.device(Modality.FACE) is None
    finally:
        supervisor.stop()


# --- choosing a serial port ---------------------------------------------------------


def test_serial_ports_are_listed_for_choosing_with_the_bridges_first(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    own = ListPortInfo("COM1", skip_link_detection=True)
    own.description = "Communications Port (COM1)"
    ch340 = ListPortInfo("COM5", skip_link_detection=True)
    ch340.description = "USB-SERIAL CH340 (COM5)"
    ch340.vid, ch340.pid = 0x1A86, 0x7523
    monkeypatch.setattr(list_ports, "comports", lambda: [own, ch340])
    ports = list_serial_ports()
    assert [(p.device, p.description, p.bridge) for p in ports] == [
        ("COM5", "USB-SERIAL CH340", "WCH CH340"),
        ("COM1", "Communications Port", None),
    ]


def test_without_pyserial_the_port_list_is_a_known_device_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delattr(serial.tools, "list_ports")
    monkeypatch.setitem(sys.modules, "serial.tools.list_ports", None)
    with pytest.raises(DeviceError) as caught:
        list_serial_ports()
    assert caught.value.code == "device_library_missing"
    assert "pyserial" in caught.value.driver_error.message  # the log's words
    assert "pyserial" not in caught.value.message  # a person reads the catalogue's


def test_only_the_scanner_and_pad_backends_take_a_serial_port() -> None:
    assert takes_serial_port(Modality.FINGERPRINT, "zfm")
    assert takes_serial_port(Modality.SIGNATURE, "isdv4")
    assert not takes_serial_port(Modality.FINGERPRINT, "sbi")  # a TCP port on loopback
    assert not takes_serial_port(Modality.FINGERPRINT, "zfm-sim")
    assert not takes_serial_port(Modality.CARD, "pcsc")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("", "port=COM5"),
        ("port=/dev/ttyUSB0", "port=COM5"),
        ("baudrate=57600", "baudrate=57600, port=COM5"),
        ("password=0, port=COM3 ,timeout_s=2", "password=0, port=COM5, timeout_s=2"),
        ("port=COM3, port=COM4, baudrate=57600", "port=COM5, baudrate=57600"),
        ("portal=x", "portal=x, port=COM5"),
    ],
)
def test_choosing_a_port_sets_port_and_keeps_the_other_options(typed: str, expected: str) -> None:
    assert with_option(typed, "port", "COM5") == expected
