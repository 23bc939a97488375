"""Property-based fuzzing of the published OpenAPI spec: no input may cause a 5xx."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.sync.server.dcsupport import DataCenterProcess


def test_schemathesis_finds_no_server_error(datacenter: DataCenterProcess, tmp_path: Path) -> None:
    st = Path(sys.executable).with_name("st")
    done = subprocess.run(
        [
            str(st),
            "run",
            f"{datacenter.url}/openapi.json",
            "--checks",
            "not_a_server_error",
            "--max-examples",
            "12",
            "--seed",
            "6",
            # One worker: hypothesis's lambda introspection is not thread-safe (a runner error).
            "--workers",
            "1",
            "--tls-verify",
            str(datacenter.data / "keys" / "ca.pem"),
            "--request-timeout",
            "20",
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert " passed" in done.stdout
