"""``fieldkit devices`` and ``fieldkit sim``: what is attached, and the training simulators."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from drivers import Modality
from fieldkit import devices, paths
from fieldkit.cli.output import ARGPARSE_USAGE_ERROR, EXIT_USER, say
from fieldkit.errors import InvalidInput

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable, Sequence

    from fieldkit.cli.output import Output

#: Each simulator's own entry point; ``fieldkit sim NAME ARGS`` hands ARGS to it.
SIMULATORS: dict[str, str] = {
    "zfm": "drivers.fingerprint.zfm_sim:main",
    "card": "drivers.cardreader.vpcd_card:main",
    "sbi": "drivers.sbi.sim:main",
    "pad": "drivers.signature.pad_sim:main",
}
#: ``fieldkit sim --help``: what each simulator is (argparse's help, for the developer).
SIMULATORS_HELP: dict[str, str] = {
    "zfm": "ZFM/R30x fingerprint scanner on a pty/socket",
    "card": "virtual staff card for a pcscd with vpcd",
    "sbi": "MOSIP SBI device service (Finger, Iris or Face)",
    "pad": "ISDV4 signature pad on a pty/socket, replaying",
}

_MARK = {"ready": "OK ", "busy": "...", "not_ready": "-- ", "disconnected": "XX ", "error": "!! "}


def _config() -> devices.DeviceConfig:
    return devices.DeviceConfig.load(paths.data_dir())


def cmd_devices_list(args: argparse.Namespace, out: Output) -> int:
    reports = devices.list_devices(sim=args.sim, config=_config())
    # Where each device was found (a port, a reader, an SBI service's port and device id), so
    # the officer sees what discovery found, not only that something is there.
    lines = [
        f"{_MARK.get(r.state.value, '?? ')} {r.kind.value:<12} {r.backend or '-':<8} "
        f"{r.state.value:<13} {devices.status_english(r.status)}"
        + (f"  ({r.info['address']})" if r.info.get("address") else "")
        for r in reports
    ]
    out.result([r.as_json() for r in reports], "\n".join(lines))
    return 0


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


def run_simulator(name: str, argv: Sequence[str]) -> int:
    target = SIMULATORS[name]
    module_name, _, function = target.partition(":")
    entry: Callable[[Sequence[str]], int] = getattr(importlib.import_module(module_name), function)
    try:
        return entry(list(argv))
    except SystemExit as stop:
        # The simulators parse with plain argparse (they also run alone, as modules).
        if stop.code == ARGPARSE_USAGE_ERROR:
            return EXIT_USER
        raise
