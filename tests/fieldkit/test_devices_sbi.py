"""SBI devices are found by themselves, listed as connected, and come back after a restart.

Issue 47 B4: with SBI services on their usual ports, ``fieldkit devices list`` showed
fingerprint and face disconnected until the officer typed ``devices use ... sbi``.  Real
SBI simulators on free ports in 4501-4600, the real supervisor and the real command.
Other runs on this machine may hold SBI services of their own in the range: the tests
look for their own ports.
"""

from __future__ import annotations

import json
import os
import queue
import socket
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from drivers.base import DeviceState, Modality
from drivers.sbi.client import SBI_PORTS
from drivers.sbi.sim import SbiSimulator
from fieldkit.devices import DeviceConfig, DeviceSupervisor, list_devices
from fieldkit.events import DeviceStatus, Event, EventBus
from tests.support import cli

WAIT_S = 20.0


def _free_port_in_range() -> int:
    for port in sorted(SBI_PORTS, reverse=True):
        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return int(port)
    raise AssertionError("no free port in 4501-4600")


SimStarter = Callable[..., SbiSimulator]


@pytest.fixture
def sbi() -> Iterator[SimStarter]:
    sims: list[SbiSimulator] = []

    def start(device_type: str, port: int | None = None) -> SbiSimulator:
        seed = os.getpid() % 1_000_000 * 10 + len(sims)  # a serial no other run shares
        sim = SbiSimulator(
            device_type, port=port or _free_port_in_range(), seed=seed, capture_delay_s=0.02
        )
        sim.start()
        sims.append(sim)
        return sim

    yield start
    for sim in sims:
        sim.stop()


def test_sbi_devices_are_listed_connected_without_being_pinned(sbi: SimStarter) -> None:
    finger, face = sbi("Finger"), sbi("Face")
    reports = {r.kind: r for r in list_devices(config=DeviceConfig())}
    for kind, sim in ((Modality.FINGERPRINT, finger), (Modality.FACE, face)):
        report = reports[kind]
        assert report.backend == "sbi"
        assert report.state is DeviceState.READY
        assert str(report.info["address"]).startswith(f"127.0.0.1:{sim.port} ")


def test_devices_list_shows_the_sbi_devices_it_found(home: Path, sbi: SimStarter) -> None:
    """``devices list`` runs as its own process: in this one, its hundred port probes took
    the interpreter from the simulator's thread, which missed discovery's 1.5 s on CI."""
    finger = sbi("Finger")
    # In the default language (issue 59 §8): each device and state as Beranda names them.
    done = cli("devices", "list", process=True, env={"FIELDKIT_LANG": ""})
    assert done.returncode == 0, done.stderr
    line = next(x for x in done.stdout.splitlines() if " Pemindai sidik jari " in x)
    assert line.startswith("OK ")
    assert " sbi " in line
    assert " Siap " in line
    assert f"127.0.0.1:{finger.port}" in line
    listed = cli("devices", "list", "--json", process=True)
    entries = {e["kind"]: e for e in json.loads(listed.stdout)}
    assert (entries["fingerprint"]["backend"], entries["fingerprint"]["status"]) == ("sbi", "ready")


def _wait_for(events: queue.Queue[Event], kind: str, state: str) -> DeviceStatus:
    while True:
        event = events.get(timeout=WAIT_S)
        if isinstance(event, DeviceStatus) and event.kind == kind and event.state == state:
            return event


@pytest.mark.parametrize("pinned", [False, True], ids=["found", "pinned_sbi"])
def test_a_restarted_sbi_service_comes_back_by_itself(sbi: SimStarter, pinned: bool) -> None:
    """The service stops: the light says so; it starts again: the device is back, untouched."""
    first = sbi("Finger")
    config = DeviceConfig()
    if pinned:  # what the officer did in the issue: ``devices use fingerprint sbi``
        config.use(Modality.FINGERPRINT, "sbi", {})
    events: queue.Queue[Event] = queue.Queue()
    bus = EventBus()
    bus.connect(events.put)
    supervisor = DeviceSupervisor(bus, config=config, interval_s=0.1)
    supervisor.start()
    try:
        ready = _wait_for(events, "fingerprint", "ready")
        assert (ready.backend, ready.simulated) == ("sbi", False)
        port = first.port
        first.stop()
        gone = _wait_for(events, "fingerprint", "disconnected")
        assert gone.backend == "sbi"
        assert supervisor.device(Modality.FINGERPRINT) is None
        sbi("Finger", port=port)  # the service is started again on its port
        back = _wait_for(events, "fingerprint", "ready")
        assert back.backend == "sbi"
        device = supervisor.device(Modality.FINGERPRINT)
        assert device is not None
        assert device.info().address.startswith(f"127.0.0.1:{port} ")
    finally:
        supervisor.stop()
