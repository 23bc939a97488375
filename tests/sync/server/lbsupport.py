"""Several data-center processes on one PostgreSQL behind a real HAProxy (TCP mode).

HAProxy passes TLS through untouched, so a laptop pins the data center's own CA and
every process presents a certificate from it: what ``docs/datacenter.md`` tells an
office to run across hosts.  Used by the tests and by ``benchmarks/bench_scale_out.py``.
"""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pytest

from tests.sync.client.syncsupport import FixedPortDataCenter, free_port

if TYPE_CHECKING:
    from pathlib import Path

HAPROXY = shutil.which("haproxy") or "/usr/sbin/haproxy"
#: Not 127.0.0.1, which every certificate names anyway: only ``--tls-name`` makes it valid.
BALANCER = "127.0.0.3"
_READY_S = 20.0


def haproxy_config(port: int, backends: list[int]) -> str:
    """Round robin over the processes; a dead one is skipped after two failed checks."""
    servers = "\n".join(
        f"    server dc{n} 127.0.0.1:{p} check inter 300ms fall 2 rise 1"
        for n, p in enumerate(backends)
    )
    return f"""global
    maxconn 4096

defaults
    mode tcp
    timeout connect 2s
    timeout client 120s
    timeout server 120s
    retries 2
    option redispatch

frontend laptops
    bind {BALANCER}:{port}
    default_backend datacenter

backend datacenter
    balance roundrobin
{servers}
"""


def _accepts(port: int) -> bool:
    try:
        with socket.create_connection((BALANCER, port), timeout=0.5):
            return True
    except OSError:
        return False


@dataclass
class BalancedDataCenter:
    """N ``serve`` processes sharing one data folder and one PostgreSQL, behind HAProxy."""

    data: Path
    logs: Path
    database: str
    processes: list[FixedPortDataCenter] = field(default_factory=list)
    port: int = 0
    proxy: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"https://{BALANCER}:{self.port}"

    @property
    def fingerprint(self) -> str:
        return self.processes[0].fingerprint

    def start(self, count: int) -> None:
        for n in range(count):
            dc = FixedPortDataCenter(self.data, self.logs / f"dc{n}.log", free_port())
            dc.database = self.database
            # The laptops reach the balancer's address; every process's certificate names it.
            dc.extra = ("--tls-name", BALANCER)
            dc.start()  # one after another: the first makes the keys, the others load them
            self.processes.append(dc)
        self.port = free_port()
        config = self.logs / "haproxy.cfg"
        config.write_text(haproxy_config(self.port, [p.port for p in self.processes]))
        with (self.logs / "haproxy.log").open("ab") as log:
            self.proxy = subprocess.Popen(
                [HAPROXY, "-db", "-f", str(config)],
                stdout=log,
                stderr=log,
                stdin=subprocess.DEVNULL,
            )
        deadline = time.monotonic() + _READY_S
        while not _accepts(self.port):
            if self.proxy.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"haproxy did not start: {(self.logs / 'haproxy.log').read_text()}")
            time.sleep(0.05)  # a port has no event to wait on

    def stop(self) -> None:
        if self.proxy is not None:
            self.proxy.send_signal(signal.SIGTERM)
            try:
                self.proxy.wait(10)
            except subprocess.TimeoutExpired:
                self.proxy.kill()
                self.proxy.wait(5)
            self.proxy = None
        for dc in self.processes:
            dc.stop()
