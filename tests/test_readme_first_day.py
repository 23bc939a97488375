"""README's "First day at the office", run as written: from ``serve`` to the first accepted record.

Each ```sh block (the data center's, a Linux server) and ```bat block (a laptop's
Command Prompt: the laptops run Windows) of the section runs in bash, in order, with
only the variables the README names (``DC_DATA``, ``DC_HOST``, ``DC_PORT``, ``USB``)
and the usual ``FIELDKIT_*`` login variables set; a laptop's USB stick (drive ``E:``) is
the test's USB folder.  Step 4 happens on the
Perekaman screen; here it is the same ``fieldkit`` functions that screen
calls, with the simulated devices through their real transports.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

from fieldkit import demo
from fieldkit.workspace import Workspace
from tests.support import ADMIN, ADMIN_PASSWORD
from tests.sync.client.syncsupport import free_port
from tests.sync.server.dcsupport import list_records

README = Path(__file__).resolve().parents[1] / "README.md"
SECTION = "## First day at the office"


def first_day_blocks() -> list[str]:
    text = README.read_text(encoding="utf-8")
    start = text.index(SECTION)
    end = text.index("\n## ", start + len(SECTION))
    return re.findall(r"```(?:sh|bat)\n(.*?)```", text[start:end], re.DOTALL)


def _bash(block: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-euo", "pipefail", "-c", block],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
        stdin=subprocess.DEVNULL,
    )


def test_the_readme_walks_from_serve_to_the_first_accepted_record(tmp_path: Path) -> None:
    serve, new_code, laptop, push = first_day_blocks()
    assert "fieldkit-datacenter serve" in serve
    assert "--bundle-out" in new_code
    assert "sync enroll --bundle" in laptop
    assert "sync push" in push
    # The laptop's steps are Windows' (issue 47, finding 13): the stick is E:, not /media/usb.
    assert "--bundle E:\\laptop-1.json" in laptop
    assert "/media" not in laptop + push
    usb = tmp_path / "usb"
    usb.mkdir()
    home = tmp_path / "laptop"
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "DC_DATA": str(tmp_path / "dc"),
        "DC_HOST": "127.0.0.1",
        "DC_PORT": str(free_port()),
        "USB": str(usb),
        "FIELDKIT_HOME": str(home),
        "FIELDKIT_OFFICER": ADMIN,
        "FIELDKIT_PASSWORD": ADMIN_PASSWORD,
    }
    server = subprocess.Popen(
        ["bash", "-c", f"exec {serve.strip()}"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    try:
        assert server.stdout is not None
        started = server.stdout.readline()
        assert started.startswith("FieldKit data center serving on https://127.0.0.1:"), started
        assert "CA fingerprint (SHA-256)" in server.stdout.readline()

        issued = _bash(new_code, env)
        assert issued.returncode == 0, issued.stderr
        assert (usb / "laptop-1.json").exists()
        assert (usb / "laptop-1.png").exists()

        enrolled = _bash(laptop.replace("E:\\", f"{usb}/"), env)
        assert enrolled.returncode == 0, enrolled.stdout + enrolled.stderr
        assert "CA fingerprint verified before the code was sent" in enrolled.stdout
        assert "Enrollment is open." in enrolled.stdout

        # Step 4, as the Perekaman screen does it: a walk-in visit, one person, sealed.
        with Workspace.login(home, ADMIN, ADMIN_PASSWORD) as ws:
            record = demo.enroll_walk_in(ws)
        assert not record.demo  # sealed to the data center's own key

        sent = _bash(push, env)
        assert sent.returncode == 0, sent.stdout + sent.stderr
        assert "Accepted 1" in sent.stdout
        accepted = [r for r in list_records(tmp_path / "dc") if r["record_id"] == record.record_id]
        assert [r["state"] for r in accepted] == ["ACCEPTED"]
        assert f"{record.record_id}  ACCEPTED" in sent.stdout  # the operator's records list
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        if server.stdout is not None:
            server.stdout.close()
