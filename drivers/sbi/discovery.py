"""Find SBI device services on 127.0.0.1:4501-4600, fast.

MOSIP's registration client sweeps the 100 ports one after another, which is
one of its known slow, confusing start-ups.  We instead:

1. try the port that worked last time first (the caller remembers
   ``SbiDiscovery.port``); if the wanted device is there we are done after one
   local round trip;
2. otherwise probe the remaining ports in parallel (a thread pool, 150 ms
   connect timeout: a closed local port refuses at once, so 99 closed ports
   cost a few milliseconds);
3. stop as soon as a device of the wanted type has answered.

A port that does not speak SBI (another program's HTTP server, garbage) is
reported in ``problems`` and skipped, never fatal.
"""

from __future__ import annotations

import concurrent.futures
import logging
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from drivers.base import Deadline
from drivers.errors import DeviceReason, DeviceUnavailable, DriverError
from drivers.sbi.client import (
    ANY_DEVICE,
    DEFAULT_HOST,
    SBI_PORTS,
    SbiClient,
    SbiDevice,
    normalise_type,
)

if TYPE_CHECKING:
    from collections.abc import Iterable

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SbiDiscovery:
    devices: tuple[SbiDevice, ...]
    #: First port with a device of the wanted type: remember it for next time.
    port: int | None
    #: Ports that answered MOSIPDISC at all.
    services: tuple[int, ...]
    problems: tuple[str, ...]
    ports_probed: int
    duration_s: float

    def for_type(self, device_type: str) -> list[SbiDevice]:
        wanted = normalise_type(device_type)
        return [d for d in self.devices if wanted in (ANY_DEVICE, d.bio_type)]


def _matches(device: SbiDevice, wanted: str) -> bool:
    return wanted in {ANY_DEVICE, device.bio_type}


def _probe(
    host: str, port: int, device_type: str, connect_timeout_s: float, request_timeout_s: float
) -> list[SbiDevice]:
    client = SbiClient(port, host, connect_timeout_s=connect_timeout_s, timeout_s=request_timeout_s)
    return client.discover(device_type)


class _Sweep:
    """Outcomes of the probes of one discovery run."""

    def __init__(self, wanted: str) -> None:
        self.wanted = wanted
        self.start = time.monotonic()
        self.found: list[SbiDevice] = []
        self.services: list[int] = []
        self.problems: list[str] = []
        self.probed = 0

    def record(self, port: int, outcome: list[SbiDevice] | DriverError) -> bool:
        """Keep a probe's outcome; True if it found a wanted device."""
        self.probed += 1
        if isinstance(outcome, DeviceUnavailable) and outcome.reason is DeviceReason.NO_SERVICE:
            return False  # nothing listening: the normal case
        if isinstance(outcome, DriverError):
            self.problems.append(f"port {port}: {outcome.code}")
            return False
        self.services.append(port)
        hits = [d for d in outcome if _matches(d, self.wanted)]
        self.found.extend(hits)
        return bool(hits)

    def result(self) -> SbiDiscovery:
        port = next((d.port for d in self.found), None)
        duration = time.monotonic() - self.start
        log.info(
            "SBI discovery for %s: %d device(s), port %s, %d port(s) probed in %.3f s",
            self.wanted,
            len(self.found),
            port,
            self.probed,
            duration,
        )
        return SbiDiscovery(
            devices=tuple(self.found),
            port=port,
            services=tuple(sorted(self.services)),
            problems=tuple(self.problems),
            ports_probed=self.probed,
            duration_s=duration,
        )


def _outcome(
    host: str, port: int, wanted: str, connect_timeout_s: float, request_timeout_s: float
) -> list[SbiDevice] | DriverError:
    try:
        return _probe(host, port, wanted, connect_timeout_s, request_timeout_s)
    except DriverError as exc:
        return exc


def discover_sbi(
    device_type: str = ANY_DEVICE,
    *,
    last_known_port: int | None = None,
    ports: Iterable[int] = SBI_PORTS,
    host: str = DEFAULT_HOST,
    connect_timeout_s: float = 0.15,
    request_timeout_s: float = 1.5,
    workers: int = 24,
    timeout_s: float = 3.0,
    stop_early: bool | None = None,
) -> SbiDiscovery:
    """Probe SBI ports for ``device_type`` ("Finger", "Iris", "Face" or any).

    ``stop_early`` defaults to True for a specific type and False for
    "Biometric Device", where every service is wanted.  Whatever has not
    answered by ``timeout_s`` is reported in ``problems``.
    """
    deadline = Deadline(timeout_s)
    wanted = normalise_type(device_type)
    early = stop_early if stop_early is not None else wanted != ANY_DEVICE
    sweep = _Sweep(wanted)
    candidates = list(dict.fromkeys(ports))
    if last_known_port is not None:
        timeout = min(request_timeout_s, deadline.remaining())
        outcome = _outcome(host, last_known_port, wanted, connect_timeout_s, timeout)
        if sweep.record(last_known_port, outcome) and early:
            return sweep.result()
        candidates = [p for p in candidates if p != last_known_port]

    pool = concurrent.futures.ThreadPoolExecutor(
        max_workers=max(1, min(workers, len(candidates) or 1)), thread_name_prefix="sbi-probe"
    )
    futures = {
        pool.submit(_outcome, host, port, wanted, connect_timeout_s, request_timeout_s): port
        for port in candidates
    }
    try:
        for future in concurrent.futures.as_completed(futures, timeout=deadline.remaining()):
            if sweep.record(futures[future], future.result()) and early:
                break
    except TimeoutError:
        pending = sum(1 for f in futures if not f.done())
        sweep.problems.append(f"{pending} port(s) did not answer within {timeout_s:g} s")
    finally:
        # Queued probes are dropped; running ones end within their own timeouts.
        pool.shutdown(wait=False, cancel_futures=True)
    sweep.found.sort(key=lambda d: (d.port, d.device_id))
    return sweep.result()
