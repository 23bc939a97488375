"""``fieldkit devices``: what is attached, its self-test, the backend pinned to each kind.

Imported when one of these commands runs (``fieldkit.cli.deferred``): the device
configuration loads the store's keyring and its file lock.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from drivers import Modality
from fieldkit import catalogue, devices, paths
from fieldkit.cli.output import say, table, window_word
from fieldkit.errors import InvalidInput

if TYPE_CHECKING:
    import argparse

    from fieldkit.cli.output import Output

_MARK = {"ready": "OK ", "busy": "...", "not_ready": "-- ", "disconnected": "XX ", "error": "!! "}


def _config() -> devices.DeviceConfig:
    return devices.DeviceConfig.load(paths.data_dir())


def cmd_devices_list(args: argparse.Namespace, out: Output) -> int:
    reports = devices.list_devices(sim=args.sim, config=_config())
    # Where each device was found (a port, a reader, an SBI service's port and device id), so
    # the officer sees what discovery found, not only that something is there.
    rows = []
    for r in reports:
        state = window_word("DevicesPanel", STATE_WORDS.get(r.state.value, r.state.value))
        why = _status_words(r)
        rows.append(
            [
                _MARK.get(r.state.value, "?? ").strip(),
                window_word("DevicesPanel", KIND_WORDS.get(r.kind.value, r.kind.value)),
                r.backend or "-",  # the registry's key, as the configuration file and the log
                state,
                # "Siap  siap" said one thing twice: the why only where it adds something
                "  ".join(
                    part
                    for part in (
                        "" if why.casefold() == state.casefold() else why,
                        f"({r.info['address']})" if r.info.get("address") else "",
                    )
                    if part
                ),
            ]
        )
    out.result([r.as_json() for r in reports], table(rows))
    return 0


def _status_words(report: devices.DeviceReport) -> str:
    """Why the device is in its state, in the command's language (the window's phrase)."""
    return catalogue.said(lambda: devices.status_english(report.status))


#: Each device and its state as Beranda's device lights name them (``ui/devices_panel.py``
#: and ``ui/device_catalogue.py``, Qt context ``DevicesPanel``).
KIND_WORDS = {
    "face": "Face camera",
    "fingerprint": "Fingerprint scanner",
    "iris": "Iris camera",
    "signature": "Signature pad",
    "card": "Card reader",
}
STATE_WORDS = {
    "ready": "Ready",
    "busy": "Busy",
    "not_ready": "Not ready",
    "disconnected": "Disconnected",
    "error": "Error",
}


def cmd_devices_test(args: argparse.Namespace, out: Output) -> int:
    reports = devices.self_test_devices(sim=args.sim, config=_config())
    lines = [
        f"{'PASS' if r.ok else 'FAIL'} {r.kind.value:<12} {r.backend or '-':<8} "
        f"{r.duration_s:6.2f} s  {r.message}"
        + (f" ({say('devices.tested_again')})" if r.attempts > 1 else "")
        for r in reports
    ]
    out.result([r.as_json() for r in reports], "\n".join(lines))
    present = [r for r in reports if r.backend is not None]
    return 0 if present and all(r.ok for r in present) else 1


def cmd_devices_use(args: argparse.Namespace, out: Output) -> int:
    config = _config()
    kind = Modality(args.kind)
    if args.backend == "auto":
        config.auto(kind)
    else:
        options = {}
        for item in args.option:
            key, sep, value = item.partition("=")
            if not sep or not key:
                raise InvalidInput(code="device_option_format", params={"item": item})
            options[key] = value
        config.use(kind, args.backend, options)
    config.save(paths.data_dir())
    chosen = config.choices.get(kind)
    data = {
        "kind": kind.value,
        "backend": chosen[0] if chosen else "auto",
        "options": chosen[1] if chosen else {},
    }
    out.result(data, f"{kind.value}: {data['backend']}")
    return 0
