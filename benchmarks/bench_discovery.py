"""How long ``drivers.discover`` takes now that it sweeps the SBI range (issue 47 B4).

    .venv/bin/python benchmarks/bench_discovery.py [--rounds 20]

Three cases, each the median (and worst) of ``rounds`` runs after one warm-up: no SBI
service listening (100 refused connections), three SBI simulators (finger, face, iris)
in the range, and those three beside ten other HTTP servers in the range that answer
HTML.  The baseline is the same discovery without its SBI probe, in the same run: the
difference is what the sweep costs.  The machine's load average is printed with it.
"""

from __future__ import annotations

import argparse
import http.server
import os
import socket
import statistics
import threading
import time
from typing import TYPE_CHECKING

from drivers import discovery
from drivers.sbi.client import SBI_PORTS
from drivers.sbi.sim import SbiSimulator

if TYPE_CHECKING:
    from collections.abc import Callable


def _free_ports(count: int) -> list[int]:
    ports = []
    for port in sorted(SBI_PORTS, reverse=True):
        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
        ports.append(port)
        if len(ports) == count:
            return ports
    raise SystemExit("not enough free ports in 4501-4600")


class _Html(http.server.BaseHTTPRequestHandler):
    def _answer(self) -> None:
        body = b"<html><body>not a device</body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_MOSIPDISC = _answer  # noqa: N815  HTTP verbs

    def log_message(self, *_args: object) -> None:
        pass


def _timed(run: Callable[[], object], rounds: int) -> tuple[float, float]:
    run()  # warm-up: imports, the first thread pool
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), max(times)


def _without_sbi() -> object:
    saved = discovery._PROBES.pop("sbi")  # noqa: SLF001  the baseline: the same run, no sweep
    try:
        return discovery.discover()
    finally:
        discovery._PROBES = {"sbi": saved, **discovery._PROBES}  # noqa: SLF001


def _report(case: str, rounds: int) -> None:
    median, worst = _timed(discovery.discover, rounds)
    sweep_median, sweep_worst = _timed(discovery.probe_sbi, rounds)
    base_median, _ = _timed(_without_sbi, rounds)
    found = [(d.modality.value, d.address) for d in discovery.probe_sbi()]
    print(
        f"{case}: discover() {median:.1f} ms median, {worst:.1f} ms worst; SBI sweep alone "
        f"{sweep_median:.1f} / {sweep_worst:.1f} ms; without the SBI probe {base_median:.1f} ms; "
        f"SBI found {found}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=20)
    rounds = parser.parse_args().rounds
    print(f"load average {os.getloadavg()[0]:.1f}, {os.cpu_count()} cores")
    _report("no SBI service", rounds)
    ports = _free_ports(13)
    sims = [
        SbiSimulator(kind, port=port)
        for kind, port in zip(("Finger", "Face", "Iris"), ports[:3], strict=True)
    ]
    for sim in sims:
        sim.start()
    try:
        _report("3 SBI services", rounds)
        others = [http.server.ThreadingHTTPServer(("127.0.0.1", p), _Html) for p in ports[3:]]
        for server in others:
            threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            _report("3 SBI services + 10 HTML servers", rounds)
        finally:
            for server in others:
                server.shutdown()
                server.server_close()
    finally:
        for sim in sims:
            sim.stop()


if __name__ == "__main__":
    main()
