from __future__ import annotations

import json

from drivers.base import DeviceState, Modality
from drivers.errors import DeviceReason, DeviceUnavailable
from fieldkit.devices import DeviceError, list_devices, self_test_devices
from tests.support import cli


def test_simulated_devices_are_listed_ready() -> None:
    reports = {r.kind: r for r in list_devices(sim=True)}
    assert reports[Modality.FINGERPRINT].state is DeviceState.READY
    assert reports[Modality.CARD].state is DeviceState.READY
    assert reports[Modality.CARD].info["capabilities"]


def test_self_tests_of_the_simulators_pass() -> None:
    reports = {r.kind: r for r in self_test_devices(sim=True)}
    assert reports[Modality.FINGERPRINT].ok
    assert reports[Modality.FINGERPRINT].duration_s > 0


def test_a_driver_error_becomes_a_known_error_with_its_reason() -> None:
    error = DeviceError(DeviceUnavailable("Scanner unplugged.", reason=DeviceReason.UNPLUGGED))
    assert error.code == "device_unplugged"
    assert error.message == "Scanner unplugged."
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
